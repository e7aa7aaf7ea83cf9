package web

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// TestEditEndsImportDoubt: a table the user changes by hand is no longer
// the import's reading in doubt (its differences are errors again); the
// other tables keep their doubt, and the version edited from keeps all.
func TestEditEndsImportDoubt(t *testing.T) {
	tpl, err := yearspec.Default.Load(juesuan.TemplateRef("national", 2020))
	if err != nil {
		t.Fatal(err)
	}
	cur := juesuan.NewReport(2020, tpl.ID)
	cur.Cells[juesuan.CellRef{Table: 1, Row: "1", Col: "1"}] = 10 * juesuan.Wanyuan
	cur.Published.ImportUnsure = map[int]string{1: "表1 按顺序推定", 4: "表4 按顺序推定"}
	v := 12 * juesuan.Wanyuan
	e, err := applyEdits(&audited{Report: cur, Tpl: tpl, Computed: map[juesuan.CellRef]bool{}}, map[juesuan.CellRef]*juesuan.Amount{{Table: 1, Row: "1", Col: "1"}: &v})
	if err != nil {
		t.Fatal(err)
	}
	next := e.Next
	if _, ok := next.Published.ImportUnsure[1]; ok {
		t.Error("表1 was edited by hand and is still the import's doubt")
	}
	if next.Published.ImportUnsure[4] == "" {
		t.Error("表4 was not edited and lost its doubt")
	}
	if len(cur.Published.ImportUnsure) != 2 {
		t.Errorf("the version edited from changed: %v", cur.Published.ImportUnsure)
	}
}
