package juesuan

import "testing"

func TestAdminPermissions(t *testing.T) {
	adminD := &User{Name: "a", Grants: []Grant{{RoleAdmin, "D"}}}
	adminB := &User{Name: "b", Grants: []Grant{{RoleAdmin, "B"}, {RoleFiller, "A"}}}
	reviewerD := &User{Name: "r", Grants: []Grant{{RoleReviewer, "D"}}}
	chainB := []string{"B", "D"}
	chainD := []string{"D"}
	tests := []struct {
		name   string
		u      *User
		admin  bool
		grants [][]string // of the user to manage
		manage bool
	}{
		{"public", nil, false, nil, false},
		{"reviewer", reviewerD, false, [][]string{chainB}, false},
		{"admin of the root manages a user below", adminD, true, [][]string{chainB}, true},
		{"admin of the root manages a user without grants", adminD, true, nil, true},
		{"admin below may not manage the root's admin", adminB, true, [][]string{chainD}, false},
		{"admin below may not manage a user with a grant outside", adminB, true, [][]string{chainB, {"A", "D"}}, false},
		{"admin below manages a user inside", adminB, true, [][]string{chainB}, true},
	}
	for _, tc := range tests {
		if got := CanAdminister(tc.u); got != tc.admin {
			t.Errorf("%s: CanAdminister = %v", tc.name, got)
		}
		if got := CanManageUser(tc.u, tc.grants); got != tc.manage {
			t.Errorf("%s: CanManageUser = %v", tc.name, got)
		}
	}
}
