package juesuan

import "strings"

// CarryPair says that a cell of last year's report opens this year's:
// 年初结转和结余 = 上年年末结转和结余. Both sides are key specs
// ("summary:59:2"); a row of "*" pairs every row of a code table by code.
type CarryPair struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// CarryOpening fills the opening cells of cur (a new report) from prev
// under the pairs of cur's template, each side resolved in its own year's
// template. Cells cur already has are left alone: this only prefills a
// report being started, never changes what a user entered.
func CarryOpening(prevTpl *Template, prev *Report, curTpl *Template, cur *Report) int {
	n := 0
	set := func(c CellRef, v Amount) {
		if _, ok := cur.Cells[c]; !ok {
			cur.Cells[c] = v
			n++
		}
	}
	for _, p := range curTpl.Carry {
		fp, tp := strings.Split(p.From, ":"), strings.Split(p.To, ":")
		if len(fp) != 3 || len(tp) != 3 {
			continue
		}
		if fp[1] != "*" {
			from, ok1 := prevTpl.ResolveKey(p.From)
			to, ok2 := curTpl.ResolveKey(p.To)
			if v, ok := prev.Cells[from]; ok1 && ok2 && ok {
				set(to, v)
			}
			continue
		}
		from, ok1 := prevTpl.ResolveKey(fp[0] + ":x:" + fp[2])
		to, ok2 := curTpl.ResolveKey(tp[0] + ":x:" + tp[2])
		if !ok1 || !ok2 {
			continue
		}
		for c, v := range prev.Cells {
			if c.Table == from.Table && c.Col == from.Col && v != 0 {
				set(CellRef{Table: to.Table, Row: c.Row, Col: to.Col}, v)
				if name, ok := prev.RowNames[RowRef{c.Table, c.Row}]; ok {
					cur.RowNames[RowRef{to.Table, c.Row}] = name
				}
			}
		}
	}
	return n
}
