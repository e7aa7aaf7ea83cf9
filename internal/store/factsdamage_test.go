package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
)

// TestDamagedFactsNamed: a stored facts text changed behind the store's
// back is refused, never summed, by the 汇总's reads (FactsKeys, then
// FactsByKey) and by CurrentFacts, which names the unit.
func TestDamagedFactsNamed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if err := st.CreateUnit(ctx, &juesuan.Unit{Code: "U1", Name: "测试单位", Kind: juesuan.KindInstitution}, "t"); err != nil {
			t.Fatal(err)
		}
		r := juesuan.NewReport(2020, "national")
		r.Cells[juesuan.CellRef{Table: 1, Row: "1", Col: "1"}] = 5 * juesuan.Wanyuan
		r.Facts.Unit.Staff.InService = 12
		k := juesuan.ReportKey{Unit: "U1", Year: 2020}
		if _, err := st.SaveReport(ctx, k, 0, r, "t", "起始"); err != nil {
			t.Fatal(err)
		}
		_, ids, err := st.UnitsReports(ctx, []string{"U1"}, 2020, juesuan.ScopeOwn)
		if err != nil || len(ids) != 1 {
			t.Fatalf("reports %v, %v", ids, err)
		}
		keys, err := st.FactsKeys(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if f, err := st.FactsByKey(ctx, keys); err != nil || f[keys[0]].Unit.Staff.InService != 12 {
			t.Fatalf("intact facts: %v, %v", f, err)
		}
		// The tables refuse changes: the damage goes around them, as
		// damage to the file or the server would.
		damage := `UPDATE facts_texts SET facts = REPLACE(facts, '12', '13') WHERE sha256 = '` + keys[0] + `'`
		stmts := []string{`DROP TRIGGER facts_no_update`, damage,
			`CREATE TRIGGER facts_no_update BEFORE UPDATE ON facts_texts BEGIN SELECT RAISE(ABORT, 'report versions are immutable'); END`}
		if st.Dialect() == "postgres" {
			stmts = []string{`ALTER TABLE facts_texts DISABLE TRIGGER facts_immutable`, damage, `ALTER TABLE facts_texts ENABLE TRIGGER facts_immutable`}
		}
		for _, q := range stmts {
			if _, err := st.DB().Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.FactsByKey(ctx, keys); err == nil || !strings.Contains(err.Error(), "校验失败") {
			t.Errorf("FactsByKey of damaged facts: %v", err)
		}
		if _, err := st.CurrentFacts(ctx, []string{"U1"}, 2020, juesuan.ScopeOwn); err == nil || !strings.Contains(err.Error(), "单位 U1") {
			t.Errorf("CurrentFacts of damaged facts: %v, want the unit named", err)
		}
	})
}
