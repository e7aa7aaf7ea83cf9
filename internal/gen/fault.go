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

// totalKeys are the total lines of the two summary tables.
var totalKeys = []string{"income_year", "income_total", "expense_year", "expense_total",
	"fiscal_income_year", "fiscal_total", "fiscal_expense_year", "fiscal_expense_total"}

// sumTables are the code tables the generator fills from their leaves: a
// key of each names the table.
var sumTables = []string{"income_col_fiscal", "expense_col_total", "general_col_total", "basic_col"}

// isTotal reports whether a cell is a sum of others: a 合计 row, a 类 or 款
// (a 类 of the economic table), or a total line of a summary table.
func isTotal(tpl *juesuan.Template, c juesuan.CellRef) bool {
	for _, k := range totalKeys {
		if t, ok := tpl.Key(k); ok && t.Table == c.Table && t.Row == c.Row {
			return true
		}
	}
	for _, k := range sumTables {
		ts, ok := tpl.KeyTable(k)
		if !ok || ts.Number != c.Table {
			continue
		}
		if _, special := ts.Row(c.Row); special {
			return true
		}
		if ts.RowKind == juesuan.RowsEconomic {
			return juesuan.CodeLevel(c.Row) == 1
		}
		return juesuan.CodeLevel(c.Row) < 3
	}
	return false
}

// swapRows exchanges the values of two 项 of the 一般公共预算财政拨款支出
// table in different 类.
func swapRows(tpl *juesuan.Template, r *juesuan.Report, rng *rand.Rand, used map[string]bool) (Fault, bool) {
	ts, ok := tpl.KeyTable("general_col_total")
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
		ca, _ := tpl.At("general_col_total", a)
		cb, _ := tpl.At("general_col_total", b)
		if r.Cells[ca] == r.Cells[cb] || used[ca.String()] || used[cb.String()] {
			continue
		}
		var cells []string
		for _, col := range []string{"general_col_total", "general_col_basic", "general_col_project"} {
			x, okx := tpl.At(col, a)
			y, oky := tpl.At(col, b)
			if !okx || !oky {
				continue
			}
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
		return Fault{Kind: "swapped-rows", Cells: cells, Detail: fmt.Sprintf("%s %s 与 %s 两行数据互换", ts.Code(), a, b)}, true
	}
	return Fault{}, false
}

// wrongColumn moves a 项's 基本支出 of the 支出 or 一般公共预算财政拨款支出
// table into its 项目支出 column.
func wrongColumn(tpl *juesuan.Template, r *juesuan.Report, rng *rand.Rand, used map[string]bool) (Fault, bool) {
	// 基本支出 column → 项目支出 column, by table.
	type column struct {
		table int
		col   string
	}
	moves := map[column]string{}
	for _, k := range [][2]string{{"expense_col_basic", "expense_col_project"}, {"general_col_basic", "general_col_project"}} {
		n, basic, ok1 := tpl.ColKey(k[0])
		m, project, ok2 := tpl.ColKey(k[1])
		if ok1 && ok2 && n == m {
			moves[column{n, basic}] = project
		}
	}
	var cands []juesuan.CellRef
	for c, v := range r.Cells {
		if _, ok := moves[column{c.Table, c.Col}]; ok && juesuan.CodeLevel(c.Row) == 3 && v != 0 && !used[c.String()] {
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		return Fault{}, false
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].String() < cands[j].String() })
	c := cands[rng.IntN(len(cands))]
	to := juesuan.CellRef{Table: c.Table, Row: c.Row, Col: moves[column{c.Table, c.Col}]}
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
			ref, ok := tpl.At("general_col_total", b.Code)
			if ok && b.Reason != "" && r.Cells[ref] != b.Amount {
				b.Reason = ""
				return Fault{Kind: kind, Cells: []string{ref.String()}, Detail: b.Code + " 决算与年初预算不同，删去了原因"}, true
			}
		}
	}
	return Fault{}, false
}
