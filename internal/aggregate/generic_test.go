package aggregate_test

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/aggregate"
)

// Generic tables are not summed: their rows are printed positions, and an
// extra table's number names different tables in different units.
func TestSumSkipsGenericTables(t *testing.T) {
	r, tpl := readExample(t)
	a, b := scaled(r, 1, "001", "甲"), scaled(r, 2, "002", "乙")
	for i, x := range []*juesuan.Report{a, b} {
		n, err := x.AddExtraTable(tpl, []string{"项目支出决算表", "资产负债情况表"}[i])
		if err != nil {
			t.Fatal(err)
		}
		x.Set(juesuan.CellRef{Table: n, Row: "1", Col: "1"}, juesuan.Amount(100+i))
		x.RowNames[juesuan.RowRef{Table: n, Row: "1"}] = "合计"
	}
	out, err := aggregate.Sum(tpl, []aggregate.Input{{Unit: "001", Report: a}, {Unit: "002", Report: b}}, juesuan.Profile{Name: "汇总"})
	if err != nil {
		t.Fatal(err)
	}
	for c := range out.Cells {
		if c.Table > len(tpl.Tables) {
			t.Errorf("summed generic cell %s", c)
		}
	}
	ref := juesuan.CellRef{Table: 1, Row: "1", Col: "1"}
	if out.Cells[ref] != 3*r.Cells[ref] {
		t.Errorf("表1 1行 = %s, want %s", out.Cells[ref].Wan(), (3 * r.Cells[ref]).Wan())
	}
	if len(out.Generic) != 0 {
		t.Errorf("aggregate has generic tables %v", out.Generic)
	}
}
