package disclosure

import (
	"fmt"

	"github.com/juesuan/juesuan"
)

// genericTable lays out a table known by its title alone: the printed
// labels and the amount columns under their printed headers, in printed
// order. No identity is known for it, so it carries no 注 formulas.
func genericTable(r *juesuan.Report, vals map[juesuan.CellRef]juesuan.Amount, ts *juesuan.TableSpec) *Table {
	cols := r.Columns(ts)
	ncol := 1 + len(cols)
	t := &Table{
		Number: ts.Number,
		Title:  fmt.Sprintf("%d年度%s（表%d）", r.Year, ts.Title, ts.Number),
		Sheet:  sheetName(ts),
		Unit:   "单位：万元",
	}
	head := make([]Cell, ncol)
	head[0] = Cell{Text: "项目", ColSpan: 1, RowSpan: 1, Align: Center, Bold: true}
	for j, c := range cols {
		name := c.Name
		if name == "" {
			name = "第" + c.Key + "栏"
		}
		head[1+j] = Cell{Text: name, ColSpan: 1, RowSpan: 1, Align: Center, Bold: true}
	}
	t.Header = [][]Cell{head}
	rows := r.RowsOf(ts)
	g := newGrid(len(rows), ncol)
	for i, k := range rows {
		put(g, i, 0, Cell{Text: r.RowNames[juesuan.RowRef{Table: ts.Number, Row: k}]})
		for j, c := range cols {
			cell := Cell{ColSpan: 1, RowSpan: 1, Align: Right}
			if v, ok := vals[juesuan.CellRef{Table: ts.Number, Row: k, Col: c.Key}]; ok {
				cell.Value, cell.Text = &v, v.Wan()
			}
			put(g, i, 1+j, cell)
		}
	}
	t.Body = g
	t.Widths = fit([]int{30}, ncol)
	for j := range cols {
		t.Widths[1+j] = 12
	}
	t.Wide = ncol > 7
	return t
}
