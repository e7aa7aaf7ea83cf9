package web

import (
	"maps"
	"testing"

	"github.com/juesuan/juesuan"
)

// computedCells keeps its answer per shape (rows, columns, stray cells,
// row names); every variant here, asked in turn with the cache warm, must
// get what the derive gives it afresh, so two shapes never share a key.
func TestComputedCellsByShape(t *testing.T) {
	r, tpl := readExample(t)
	variants := map[string]func(*juesuan.Report){
		"as is": func(*juesuan.Report) {},
		"a named row without amounts": func(v *juesuan.Report) {
			v.RowNames[juesuan.RowRef{Table: 5, Row: "2130599"}] = "其他扶贫支出"
		},
		"another name": func(v *juesuan.Report) {
			for _, ref := range sortedRefs(v.Cells) {
				if rr := (juesuan.RowRef{Table: ref.Table, Row: ref.Row}); v.RowNames[rr] != "" {
					v.RowNames[rr] += "（改）"
					return
				}
			}
		},
		"a row's amounts gone": func(v *juesuan.Report) {
			for _, ref := range sortedRefs(v.Cells) {
				if ref.Table == 5 && len(ref.Row) == 7 {
					for other := range v.Cells {
						if other.Table == 5 && other.Row == ref.Row {
							delete(v.Cells, other)
						}
					}
					delete(v.RowNames, juesuan.RowRef{Table: 5, Row: ref.Row})
					return
				}
			}
		},
		"a stray column": func(v *juesuan.Report) {
			v.Cells[juesuan.CellRef{Table: 1, Row: "1", Col: "99"}] = 100
		},
		"a new 项 row": func(v *juesuan.Report) {
			v.Cells[juesuan.CellRef{Table: 5, Row: "2080599", Col: "1"}] = 100
		},
	}
	seen := map[string]bool{}
	for round := range 2 {
		for name, change := range variants {
			v := r.Clone()
			change(v)
			got, err := computedCells(tpl, v)
			if err != nil {
				t.Fatal(err)
			}
			want := deriveTargets(tpl, v)
			if !maps.Equal(got, want) {
				t.Fatalf("round %d, %s: the kept computed cells (%d) are not the derive's (%d)", round, name, len(got), len(want))
			}
			seen[shapeOf(tpl, v)] = true
		}
	}
	if len(seen) != len(variants) {
		t.Fatalf("%d variants, %d shapes", len(variants), len(seen))
	}
}
