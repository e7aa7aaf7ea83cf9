package web

import (
	"testing"

	"github.com/juesuan/juesuan"
)

// The editor shows a table known by its title alone, and one the template
// does not know, with their printed labels and headers.
func TestGenericGrid(t *testing.T) {
	tpl := &juesuan.Template{Tables: []*juesuan.TableSpec{{Number: 1, Title: "项目支出决算表", RowKind: juesuan.RowsGeneric, Unit: "万元"}}}
	r := juesuan.NewReport(2024, "x")
	r.Set(juesuan.CellRef{Table: 1, Row: "2", Col: "2"}, 150*juesuan.Cent)
	r.RowNames[juesuan.RowRef{Table: 1, Row: "1"}] = "合计"
	r.RowNames[juesuan.RowRef{Table: 1, Row: "2"}] = "运行维护"
	r.SetGenericColumns(1, []string{"合计", "本年支出"})
	n, err := r.AddExtraTable(tpl, "资产负债情况表")
	if err != nil {
		t.Fatal(err)
	}
	r.Set(juesuan.CellRef{Table: n, Row: "1", Col: "1"}, juesuan.Cent)
	g := buildGrid(tpl, r, 1, nil, nil)
	if g == nil || g.Coded || len(g.Parts) != 1 {
		t.Fatalf("grid = %+v", g)
	}
	p := g.Parts[0]
	if len(p.Cols) != 2 || p.Cols[1].Name != "本年支出" || len(p.Rows) != 2 || p.Rows[1].Label != "运行维护" || p.Rows[1].Cells[1].Value != "1.50" {
		t.Errorf("part = %+v", p)
	}
	if x := buildGrid(tpl, r, n, nil, nil); x == nil || x.Spec.Title != "资产负债情况表" || len(x.Parts[0].Rows) != 1 {
		t.Errorf("extra table grid = %+v", x)
	}
}
