package aggregate

import "github.com/juesuan/juesuan"

// summable reports whether cells of table n can be added across units: a
// generic table's rows are only printed positions (row 1 of one unit's
// table need not be row 1 of another's, and an extra table 10 of one unit
// may be another table elsewhere), so its cells are not summed.
func summable(tpl *juesuan.Template, n int) bool {
	ts, ok := tpl.Table(n)
	return ok && !ts.IsGeneric()
}

// dropGeneric removes the cells that cannot be summed from SQL sums.
func dropGeneric(tpl *juesuan.Template, cells map[juesuan.CellRef]juesuan.Amount) {
	for c := range cells {
		if !summable(tpl, c.Table) {
			delete(cells, c)
		}
	}
}
