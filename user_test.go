package juesuan

import "testing"

func TestPermissions(t *testing.T) {
	// Unit B is under 部门 D; the ancestor chain of B is B, D.
	chainB := []string{"B", "D"}
	chainA := []string{"A", "D"}
	users := map[string]*User{
		"public":    nil,
		"fillerA":   {Name: "f", Grants: []Grant{{RoleFiller, "A"}}},
		"fillerB":   {Name: "f", Grants: []Grant{{RoleFiller, "B"}}},
		"reviewerD": {Name: "r", Grants: []Grant{{RoleReviewer, "D"}}},
		"adminD":    {Name: "a", Grants: []Grant{{RoleAdmin, "D"}}},
	}
	tests := []struct {
		user               string
		chain              []string
		state              ReviewState
		read, edit, manage bool
	}{
		{"public", chainB, StateDraft, false, false, false},
		{"public", chainB, StatePublished, true, false, false},
		{"fillerA", chainB, StateDraft, false, false, false},
		{"fillerA", chainA, StateDraft, true, true, false},
		{"fillerA", chainA, StateSubmitted, true, false, false},
		{"fillerB", chainB, StateReturned, true, true, false},
		{"reviewerD", chainB, StateDraft, true, false, false},
		{"adminD", chainB, StateDraft, true, true, true},
		{"adminD", chainB, StateApproved, true, false, true},
	}
	for _, tc := range tests {
		u := users[tc.user]
		if got := CanReadReport(u, tc.chain, tc.state); got != tc.read {
			t.Errorf("%s read %v %s: %v", tc.user, tc.chain, tc.state, got)
		}
		if got := CanEditReport(u, tc.chain, tc.state); got != tc.edit {
			t.Errorf("%s edit %v %s: %v", tc.user, tc.chain, tc.state, got)
		}
		if got := CanManageUnits(u, tc.chain); got != tc.manage {
			t.Errorf("%s manage %v: %v", tc.user, tc.chain, got)
		}
	}
}

func TestTransitions(t *testing.T) {
	filler := &User{Grants: []Grant{{RoleFiller, "A"}}}
	reviewer := &User{Grants: []Grant{{RoleReviewer, "D"}}}
	chain := []string{"A", "D"}
	tests := []struct {
		u        *User
		from, to ReviewState
		want     bool
	}{
		{filler, StateDraft, StateSubmitted, true},
		{filler, StateSubmitted, StateApproved, false},
		{reviewer, StateDraft, StateSubmitted, false},
		{reviewer, StateSubmitted, StateApproved, true},
		{reviewer, StateSubmitted, StateReturned, true},
		{reviewer, StateApproved, StatePublished, true},
		{reviewer, StatePublished, StateDraft, false},
		{nil, StateDraft, StateSubmitted, false},
		{filler, StateReturned, StateSubmitted, true},
	}
	for _, tc := range tests {
		if got := CanTransition(tc.u, chain, tc.from, tc.to); got != tc.want {
			t.Errorf("%v %s→%s: %v", tc.u, tc.from, tc.to, got)
		}
	}
	if !StateDraft.Editable() || StateApproved.Editable() {
		t.Error("editable states")
	}
}
