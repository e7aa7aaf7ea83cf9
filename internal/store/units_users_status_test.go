package store_test

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
)

// TestRenameDeactivate: renaming and deactivating units and users keep
// every row and log the change, on SQLite and PostgreSQL.
func TestRenameDeactivate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustUnit(t, st, "100", "")
		if err := st.RenameUnit(ctx, "100", "新名称", "admin"); err != nil {
			t.Fatal(err)
		}
		if err := st.RenameUnit(ctx, "100", " ", "admin"); juesuan.ErrorCode(err) != juesuan.EINVALID {
			t.Errorf("empty name: %v", err)
		}
		if err := st.SetUnitYears(ctx, "100", 0, 2021, "admin"); err != nil {
			t.Fatal(err)
		}
		if u, _ := st.Unit(ctx, "100"); u.Name != "新名称" || u.ValidIn(2022) || !u.ValidIn(2021) {
			t.Errorf("unit %+v", u)
		}
		hash, _ := store.HashPassword("long-enough-1")
		if _, err := st.CreateUser(ctx, "wang", hash, "admin"); err != nil {
			t.Fatal(err)
		}
		if err := st.SetUserActive(ctx, "wang", false, "admin"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Authenticate(ctx, "wang", "long-enough-1"); err == nil {
			t.Error("a deactivated user authenticates")
		}
		if d, err := st.DisabledUsers(ctx); err != nil || !d["wang"] {
			t.Errorf("disabled users %v %v", d, err)
		}
		if err := st.SetUserActive(ctx, "wang", true, "admin"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Authenticate(ctx, "wang", "long-enough-1"); err != nil {
			t.Errorf("restored user: %v", err)
		}
		if log, _ := st.AuditLog(ctx, 1); log[0].Action != "user.enable" {
			t.Errorf("audit %+v", log[0])
		}
	})
}

// TestCorrectionNeedsReason: 更正 of a published report needs its reason,
// whichever door (web, API) asks for it.
func TestCorrectionNeedsReason(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustUnit(t, st, "100", "")
		k := juesuan.ReportKey{Unit: "100", Year: 2020, Scope: juesuan.ScopeOwn}
		r := juesuan.NewReport(2020, "2020")
		r.Cells[juesuan.CellRef{Table: 1, Row: "1", Col: "1"}] = juesuan.Wanyuan
		if _, err := st.SaveReport(ctx, k, 0, r, "filler", "first"); err != nil {
			t.Fatal(err)
		}
		for _, to := range []juesuan.ReviewState{juesuan.StateSubmitted, juesuan.StateApproved, juesuan.StatePublished} {
			if err := st.Move(ctx, k, to, "reviewer", ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Move(ctx, k, juesuan.StateReturned, "reviewer", " "); juesuan.ErrorCode(err) != juesuan.EINVALID {
			t.Errorf("更正 without a reason: %v", err)
		}
		if err := st.Move(ctx, k, juesuan.StateReturned, "reviewer", "表7 有误"); err != nil {
			t.Errorf("更正: %v", err)
		}
	})
}
