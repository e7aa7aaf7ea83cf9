// Package rounding keeps the printed 万元 tables of a report additive
// (舍位平衡): when amounts are held in 元 or 分, rounding each cell on its
// own can make a printed total differ from the sum of its printed parts;
// Balance finds the smallest set of ±0.01 万元 changes that repairs every
// sum of the nine tables and the equalities between them.
package rounding

import (
	"strconv"

	"github.com/juesuan/juesuan"
)

// Term is one signed operand of an identity.
type Term struct {
	Ref juesuan.CellRef
	Neg bool
}

// Identity states LHS = Σ ±Terms. Table-internal identities are also the
// live formulas of the spreadsheet output.
type Identity struct {
	LHS   juesuan.CellRef
	Terms []Term
	// Cross marks an identity between two tables (not a spreadsheet formula).
	Cross bool
}

// Holds reports whether id holds exactly on values (blank = 0).
func (id Identity) Holds(values map[juesuan.CellRef]juesuan.Amount) bool {
	var s juesuan.Amount
	for _, t := range id.Terms {
		if t.Neg {
			s -= values[t.Ref]
		} else {
			s += values[t.Ref]
		}
	}
	return s == values[id.LHS]
}

func ref(t int, row, col string) juesuan.CellRef {
	return juesuan.CellRef{Table: t, Row: row, Col: col}
}

func plus(refs ...juesuan.CellRef) []Term {
	out := make([]Term, len(refs))
	for i, r := range refs {
		out[i] = Term{Ref: r}
	}
	return out
}

func lineRange(t int, lo, hi int, col string) []juesuan.CellRef {
	var out []juesuan.CellRef
	for i := lo; i <= hi; i++ {
		out = append(out, ref(t, strconv.Itoa(i), col))
	}
	return out
}

// Identities lists the additive identities of the standard tables as the
// year's rules state them (tables.rules, cross.rules): fixed-row totals
// of 表1/表4/表7, row sums and the 类/款/项 hierarchy of the code tables,
// the 表6 blocks, and the cross-table equalities. Rows come from r, so
// only codes the report uses appear.
func Identities(tpl *juesuan.Template, r *juesuan.Report) []Identity {
	var out []Identity
	add := func(lhs juesuan.CellRef, terms []Term) { out = append(out, Identity{LHS: lhs, Terms: terms}) }
	cross := func(lhs juesuan.CellRef, terms []Term) {
		out = append(out, Identity{LHS: lhs, Terms: terms, Cross: true})
	}
	// 表1
	add(ref(1, "27", "1"), plus(lineRange(1, 1, 8, "1")...))
	add(ref(1, "30", "1"), plus(ref(1, "27", "1"), ref(1, "28", "1"), ref(1, "29", "1")))
	add(ref(1, "57", "2"), plus(lineRange(1, 31, 56, "2")...))
	add(ref(1, "60", "2"), plus(ref(1, "57", "2"), ref(1, "58", "2"), ref(1, "59", "2")))
	// 表4
	add(ref(4, "27", "1"), plus(lineRange(4, 1, 3, "1")...))
	add(ref(4, "28", "1"), plus(lineRange(4, 29, 31, "1")...))
	add(ref(4, "32", "1"), plus(ref(4, "27", "1"), ref(4, "28", "1")))
	for _, c := range []string{"2", "3", "4", "5"} {
		add(ref(4, "59", c), plus(lineRange(4, 33, 58, c)...))
		add(ref(4, "60", c), plus(lineRange(4, 61, 63, c)...))
		add(ref(4, "64", c), plus(ref(4, "59", c), ref(4, "60", c)))
	}
	for i := 33; i <= 64; i++ {
		row := strconv.Itoa(i)
		if i == 59 || i == 60 || i == 64 {
			// Their 合计 column is a row total already; the column sum
			// would be a second formula for the same cell.
			cross(ref(4, row, "2"), plus(ref(4, row, "3"), ref(4, row, "4"), ref(4, row, "5")))
			continue
		}
		add(ref(4, row, "2"), plus(ref(4, row, "3"), ref(4, row, "4"), ref(4, row, "5")))
	}
	// 表7
	for _, h := range [][2]int{{1, 0}, {7, 6}} {
		c := func(k int) juesuan.CellRef { return ref(7, "1", strconv.Itoa(k+h[1])) }
		add(c(1), plus(c(2), c(3), c(6)))
		add(c(3), plus(c(4), c(5)))
	}
	// Code tables: row sums, then the hierarchy.
	for _, n := range []int{2, 3, 5, 8, 9} {
		ts, ok := tpl.Table(n)
		if !ok {
			continue
		}
		rows := r.RowsOf(ts)
		for _, row := range rows {
			switch n {
			case 8:
				add(ref(8, row, "3"), plus(ref(8, row, "4"), ref(8, row, "5")))
				add(ref(8, row, "6"), []Term{{Ref: ref(8, row, "1")}, {Ref: ref(8, row, "2")}, {Ref: ref(8, row, "3"), Neg: true}})
			default:
				var terms []juesuan.CellRef
				for _, c := range ts.Columns[1:] {
					terms = append(terms, ref(n, row, c.Key))
				}
				add(ref(n, row, "1"), plus(terms...))
			}
		}
		for _, p := range append([]string{"total"}, rows...) {
			kids := children(rows, p)
			if len(kids) == 0 {
				continue
			}
			for _, c := range ts.Columns {
				var terms []juesuan.CellRef
				for _, k := range kids {
					terms = append(terms, ref(n, k, c.Key))
				}
				id := Identity{LHS: ref(n, p, c.Key), Terms: plus(terms...)}
				// The first column's formula is the row sum; its column sum
				// stays a constraint only.
				id.Cross = c.Key == "1" && n != 8 || n == 8 && (c.Key == "3" || c.Key == "6")
				out = append(out, id)
			}
		}
	}
	// 表6
	if ts, ok := tpl.Table(6); ok {
		rows := r.RowsOf(ts)
		for _, p := range rows {
			if len(p) != 3 {
				continue
			}
			var terms []juesuan.CellRef
			for _, k := range rows {
				if len(k) == 5 && k[:3] == p {
					terms = append(terms, ref(6, k, "1"))
				}
			}
			if len(terms) > 0 {
				add(ref(6, p, "1"), plus(terms...))
			}
		}
		add(ref(6, "personnel", "1"), plus(ref(6, "301", "1"), ref(6, "303", "1")))
		add(ref(6, "public", "1"), plus(ref(6, "302", "1"), ref(6, "307", "1"), ref(6, "310", "1"), ref(6, "312", "1"), ref(6, "399", "1")))
	}
	// Between tables (cross.rules X1–X9).
	cross(ref(1, "27", "1"), plus(ref(2, "total", "1")))
	cross(ref(2, "total", "2"), plus(ref(1, "1", "1"), ref(1, "2", "1"), ref(1, "3", "1")))
	for i := 4; i <= 8; i++ {
		cross(ref(1, strconv.Itoa(i), "1"), plus(ref(2, "total", strconv.Itoa(i-1))))
	}
	cross(ref(1, "57", "2"), plus(ref(3, "total", "1")))
	for i := 1; i <= 3; i++ {
		cross(ref(4, strconv.Itoa(i), "1"), plus(ref(1, strconv.Itoa(i), "1")))
	}
	t1, _ := tpl.Table(1)
	t4, _ := tpl.Table(4)
	if t1 != nil {
		for _, rs := range t1.Rows {
			if rs.Code != "" {
				cross(ref(1, rs.Key, "2"), plus(ref(3, rs.Code, "1")))
			}
		}
	}
	if t4 != nil {
		for _, rs := range t4.Rows {
			if rs.Code != "" {
				cross(ref(4, rs.Key, "3"), plus(ref(5, rs.Code, "1")))
				cross(ref(4, rs.Key, "4"), plus(ref(8, rs.Code, "3")))
				cross(ref(4, rs.Key, "5"), plus(ref(9, rs.Code, "1")))
			}
		}
	}
	cross(ref(4, "59", "3"), plus(ref(5, "total", "1")))
	cross(ref(4, "59", "4"), plus(ref(8, "total", "3")))
	cross(ref(4, "59", "5"), plus(ref(9, "total", "1")))
	cross(ref(5, "total", "2"), plus(ref(6, "personnel", "1"), ref(6, "public", "1")))
	return out
}

// children returns the direct children of p among rows: 类 of total,
// 款 of a 类, 项 of a 款.
func children(rows []string, p string) []string {
	var out []string
	for _, k := range rows {
		if p == "total" {
			if juesuan.CodeLevel(k) == 1 {
				out = append(out, k)
			}
			continue
		}
		if juesuan.ParentCode(k) == p && juesuan.CodeLevel(k) > 0 {
			out = append(out, k)
		}
	}
	return out
}
