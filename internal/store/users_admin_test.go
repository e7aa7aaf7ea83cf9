package store_test

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
)

func TestUsersListAndRevoke(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustUnit(t, st, "100", "")
		mustUnit(t, st, "101", "100")
		for _, n := range []string{"wang", "li"} {
			if _, err := st.CreateUser(ctx, n, "x", "admin"); err != nil {
				t.Fatal(err)
			}
		}
		for _, g := range []juesuan.Grant{{Role: juesuan.RoleReviewer, Unit: "100"}, {Role: juesuan.RoleFiller, Unit: "101"}} {
			if err := st.Grant(ctx, "li", g.Role, g.Unit, "admin"); err != nil {
				t.Fatal(err)
			}
		}
		us, err := st.Users(ctx)
		if err != nil || len(us) != 2 || us[0].Name != "li" || len(us[0].Grants) != 2 || us[1].Name != "wang" || len(us[1].Grants) != 0 {
			t.Fatalf("users %+v %v", us, err)
		}
		if err := st.Revoke(ctx, "li", juesuan.RoleReviewer, "100", "admin"); err != nil {
			t.Fatal(err)
		}
		if log, _ := st.AuditLog(ctx, 1); log[0].Action != "user.revoke" || log[0].Detail != "审核人 @ 100" {
			t.Errorf("audit %+v", log[0])
		}
		if u, _ := st.User(ctx, "li"); len(u.Grants) != 1 || u.Grants[0].Unit != "101" {
			t.Errorf("grants after revoke %+v", u.Grants)
		}
		if err := st.Revoke(ctx, "li", juesuan.RoleReviewer, "100", "admin"); juesuan.ErrorCode(err) != juesuan.ENOTFOUND {
			t.Errorf("revoke twice: %v", err)
		}
		if err := st.Revoke(ctx, "nobody", juesuan.RoleReviewer, "100", "admin"); juesuan.ErrorCode(err) != juesuan.ENOTFOUND {
			t.Errorf("revoke of unknown user: %v", err)
		}
	})
}
