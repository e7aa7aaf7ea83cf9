package gen

import (
	"fmt"
	"math/rand/v2"
	"sort"

	"github.com/juesuan/juesuan"
)

// Kinds of injected faults. The first four are table faults: each must be
// an `error` for a correct audit. The others need a warning.
var (
	TableKinds = []string{"changed-cell", "swapped-rows", "wrong-total", "wrong-column"}
	SoftKinds  = []string{"missing-reason"}
)

// delta is a change well beyond rounding: 1.00 to 50.00 万元.
func delta(rng *rand.Rand) juesuan.Amount {
	return juesuan.Amount(1+rng.IntN(50)) * juesuan.Wanyuan
}

// injectTable applies one table fault of a random kind. Faults never touch
// a cell an earlier fault touched, so each stays detectable on its own.
func injectTable(tpl *juesuan.Template, r *juesuan.Report, rng *rand.Rand, prev []Fault) (Fault, bool) {
	used := map[string]bool{}
	for _, f := range prev {
		for _, c := range f.Cells {
			used[c] = true
		}
		// Rows already touched stay untouched too: two faults in one row
		// could cancel out.
	}
	cells := r.SortedCells(tpl)
	for attempt := 0; attempt < 50; attempt++ {
		kind := TableKinds[rng.IntN(len(TableKinds))]
		var f Fault
		var ok bool
		switch kind {
		case "changed-cell":
			c := cells[rng.IntN(len(cells))]
			if used[c.String()] || r.Cells[c] == 0 {
				continue
			}
			d := delta(rng)
			r.Cells[c] += d
			f, ok = Fault{Kind: kind, Cells: []string{c.String()}, Detail: fmt.Sprintf("%s 增加 %s 万元", c, d.Wan())}, true
		case "wrong-total":
			var totals []juesuan.CellRef
			for _, c := range cells {
				if isTotal(tpl, c) && !used[c.String()] {
					totals = append(totals, c)
				}
			}
			if len(totals) == 0 {
				continue
			}
			c := totals[rng.IntN(len(totals))]
			d := delta(rng)
			r.Cells[c] -= d
			f, ok = Fault{Kind: kind, Cells: []string{c.String()}, Detail: fmt.Sprintf("合计 %s 减少 %s 万元", c, d.Wan())}, true
		case "swapped-rows":
			f, ok = swapRows(tpl, r, rng, used)
		case "wrong-column":
			f, ok = wrongColumn(tpl, r, rng, used)
		}
		if ok {
			f.Table = true
			return f, true
		}
	}
	return Fault{}, false
}

// isTotal reports whether a cell is a sum of others: a 合计 row, a 类 or 款,
// or a total row of 表1/表4.
func isTotal(tpl *juesuan.Template, c juesuan.CellRef) bool {
	switch c.Table {
	case 1:
		return c.Row == "27" || c.Row == "30" || c.Row == "57" || c.Row == "60"
	case 4:
		return c.Row == "27" || c.Row == "32" || c.Row == "59" || c.Row == "64"
	case 2, 3, 5, 6:
		return c.Row == "total" || c.Row == "personnel" || c.Row == "public" || juesuan.CodeLevel(c.Row) < 3 && c.Table != 6 || c.Table == 6 && juesuan.CodeLevel(c.Row) == 1
	}
	return false
}

// swapRows exchanges the values of two 项 of 表5 in different 类.
func swapRows(tpl *juesuan.Template, r *juesuan.Report, rng *rand.Rand, used map[string]bool) (Fault, bool) {
	general := numbers(tpl).general
	ts, ok := tpl.Table(general)
	if !ok {
		return Fault{}, false
	}
	var items []string
	for _, k := range r.RowsOf(ts) {
		if juesuan.CodeLevel(k) == 3 {
			items = append(items, k)
		}
	}
	for attempt := 0; attempt < 20 && len(items) > 1; attempt++ {
		a, b := items[rng.IntN(len(items))], items[rng.IntN(len(items))]
		if a[:3] == b[:3] {
			continue
		}
		ca := juesuan.CellRef{Table: general, Row: a, Col: "1"}
		cb := juesuan.CellRef{Table: general, Row: b, Col: "1"}
		if r.Cells[ca] == r.Cells[cb] || used[ca.String()] || used[cb.String()] {
			continue
		}
		var cells []string
		for _, col := range []string{"1", "2", "3"} {
			x := juesuan.CellRef{Table: general, Row: a, Col: col}
			y := juesuan.CellRef{Table: general, Row: b, Col: col}
			if used[x.String()] || used[y.String()] {
				return Fault{}, false
			}
			vx, okx := r.Cells[x]
			vy, oky := r.Cells[y]
			delete(r.Cells, x)
			delete(r.Cells, y)
			if okx {
				r.Cells[y] = vx
			}
			if oky {
				r.Cells[x] = vy
			}
			if okx || oky {
				cells = append(cells, x.String(), y.String())
			}
		}
		sort.Strings(cells)
		return Fault{Kind: "swapped-rows", Cells: cells, Detail: fmt.Sprintf("表5 %s 与 %s 两行数据互换", a, b)}, true
	}
	return Fault{}, false
}

// wrongColumn moves a 项's 基本支出 of 表3 or 表5 into its 项目支出 column.
func wrongColumn(tpl *juesuan.Template, r *juesuan.Report, rng *rand.Rand, used map[string]bool) (Fault, bool) {
	tn := numbers(tpl)
	var cands []juesuan.CellRef
	for c, v := range r.Cells {
		if (c.Table == tn.expense || c.Table == tn.general) && c.Col == "2" && juesuan.CodeLevel(c.Row) == 3 && v != 0 && !used[c.String()] {
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		return Fault{}, false
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].String() < cands[j].String() })
	c := cands[rng.IntN(len(cands))]
	to := juesuan.CellRef{Table: c.Table, Row: c.Row, Col: "3"}
	if used[to.String()] {
		return Fault{}, false
	}
	v := r.Cells[c]
	delete(r.Cells, c)
	r.Cells[to] += v
	return Fault{Kind: "wrong-column", Cells: []string{c.String(), to.String()}, Detail: fmt.Sprintf("%s 的基本支出 %s 万元填入了项目支出栏", c, v.Wan())}, true
}

// injectSoft applies a fault that a correct audit reports as a warning.
func injectSoft(tpl *juesuan.Template, r *juesuan.Report, kind string, rng *rand.Rand) (Fault, bool) {
	switch kind {
	case "missing-reason":
		for i := range r.Budgets {
			b := &r.Budgets[i]
			ref := juesuan.CellRef{Table: numbers(tpl).general, Row: b.Code, Col: "1"}
			if b.Reason != "" && r.Cells[ref] != b.Amount {
				b.Reason = ""
				return Fault{Kind: kind, Cells: []string{ref.String()}, Detail: b.Code + " 决算与年初预算不同，删去了原因"}, true
			}
		}
	}
	return Fault{}, false
}
