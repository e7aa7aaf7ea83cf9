package web

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/storecodec"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// TestSaveAuditSameAsLoaded: the audit a save keeps for its new version
// (from the report in memory, reusing the version before's computed cells
// and totals from parts) is the audit of that version read back from the
// database, edit after edit: a leaf amount, a blank, a given total, a code
// row, a new row.
func TestSaveAuditSameAsLoaded(t *testing.T) {
	ctx := context.Background()
	r, tpl := readExample(t)
	st, err := store.OpenMigrated(ctx, filepath.Join(t.TempDir(), "s.db"), storecodec.New(yearspec.Default))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateUnit(ctx, &juesuan.Unit{Code: "U1", Name: "测试单位", Kind: juesuan.KindInstitution}, "t"); err != nil {
		t.Fatal(err)
	}
	k := juesuan.ReportKey{Unit: "U1", Year: 2020}
	v, err := st.SaveReport(ctx, k, 0, r, "t", "起始")
	if err != nil {
		t.Fatal(err)
	}
	loaded := func(n int) *audited {
		t.Helper()
		r, v, err := st.LoadReport(ctx, k, n)
		if err != nil {
			t.Fatal(err)
		}
		a, err := analyse(tpl, r)
		if err != nil {
			t.Fatal(err)
		}
		a.Version = v
		return a
	}
	cur := loaded(v.Number)
	amt := func(s string) *juesuan.Amount {
		a, err := juesuan.ParseAmount(s, juesuan.UnitWanyuan)
		if err != nil {
			t.Fatal(err)
		}
		return &a
	}
	var firstCode string
	for ref := range cur.Report.Cells {
		if ref.Table == 3 && len(ref.Row) == 7 && !cur.Computed[ref] && (firstCode == "" || ref.Row < firstCode) {
			firstCode = ref.Row
		}
	}
	if firstCode == "" {
		t.Fatal("the example has no 项 row in 表3")
	}
	steps := []map[juesuan.CellRef]*juesuan.Amount{
		{{Table: 1, Row: "4", Col: "1"}: amt("12.34")},
		{{Table: 1, Row: "4", Col: "1"}: nil},
		{{Table: 3, Row: firstCode, Col: "1"}: amt("99.99")},
		{{Table: 1, Row: "1", Col: "1"}: amt("1.00"), {Table: 1, Row: "2", Col: "1"}: amt("3.00")},
		{{Table: 2, Row: "2010101", Col: "2"}: amt("5.00")},
	}
	for i, edits := range steps {
		e, err := applyEdits(cur, edits)
		if err != nil {
			t.Fatal(err)
		}
		v, err := st.SaveReport(ctx, k, cur.Version.Number, e.Next, "t", "编辑")
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		got, err := analyseEdit(tpl, e)
		if err != nil {
			t.Fatal(err)
		}
		want := loaded(v.Number)
		if !reflect.DeepEqual(got.Report.Cells, want.Report.Cells) || !reflect.DeepEqual(got.Report.Derived, want.Report.Derived) {
			t.Errorf("step %d: the saved report's cells differ from the stored version's", i)
		}
		if !reflect.DeepEqual(got.Findings, want.Findings) {
			t.Errorf("step %d: findings differ:\nsave: %v\nload: %v", i, got.Findings, want.Findings)
		}
		if !reflect.DeepEqual(got.Computed, want.Computed) || !reflect.DeepEqual(got.Calc, want.Calc) || !reflect.DeepEqual(got.parts, want.parts) {
			t.Errorf("step %d: computed cells or totals from parts differ", i)
		}
		got.Version = v
		cur = got
	}
}
