package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
)

// SessionUser reads the session, the user and the grants in one query:
// it must give the user as User does, grants in the same order, and tell
// an unknown session, an expired one and a user without grants apart.
func TestSessionUserSameAsUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		now := time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)
		st.Now = func() time.Time { return now }
		for _, u := range []*juesuan.Unit{{Code: "B1", Name: "乙", Kind: juesuan.KindInstitution}, {Code: "A1", Name: "甲", Kind: juesuan.KindInstitution}} {
			if err := st.CreateUnit(ctx, u, "admin"); err != nil {
				t.Fatal(err)
			}
		}
		for _, name := range []string{"wang", "zhao"} {
			if _, err := st.CreateUser(ctx, name, "h", "admin"); err != nil {
				t.Fatal(err)
			}
		}
		for _, g := range []juesuan.Grant{{Role: juesuan.RoleReviewer, Unit: "B1"}, {Role: juesuan.RoleFiller, Unit: "B1"}, {Role: juesuan.RoleFiller, Unit: "A1"}} {
			if err := st.Grant(ctx, "wang", g.Role, g.Unit, "admin"); err != nil {
				t.Fatal(err)
			}
		}
		for _, name := range []string{"wang", "zhao"} {
			if err := st.CreateSession(ctx, "s-"+name, name, now.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			want, err := st.User(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			got, err := st.SessionUser(ctx, "s-"+name, now)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("SessionUser = %+v, User = %+v", got, want)
			}
		}
		if u, _ := st.SessionUser(ctx, "s-wang", now); len(u.Grants) != 3 {
			t.Errorf("grants: %+v", u.Grants)
		}
		if _, err := st.SessionUser(ctx, "nope", now); code(err) != juesuan.EUNAUTHORIZED {
			t.Errorf("unknown session: %v", err)
		}
		if _, err := st.SessionUser(ctx, "s-zhao", now.Add(2*time.Hour)); code(err) != juesuan.EUNAUTHORIZED {
			t.Errorf("expired session: %v", err)
		}
		if _, err := st.SessionUser(ctx, "s-zhao", now); code(err) != juesuan.EUNAUTHORIZED {
			t.Errorf("an expired session is ended: %v", err)
		}
	})
}
