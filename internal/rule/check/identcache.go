package check

import (
	"cmp"
	"slices"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/lru"
	"github.com/juesuan/juesuan/internal/rule/syntax"
)

// Listing a report's identities evaluates every error rule's equalities
// through the generic closures: about half of a generated report's audit.
// Most rules state the same identities for every report whose code tables
// have the same rows, so Identities keeps the list of each such shape of
// report. That is sound only when nothing of the listing reads a value:
// the compiler proves it rule by rule (shapeOnly), and a template with a
// rule it cannot prove is listed per report as before.

// identCacheBytes bounds the lists kept per template: a generated report's
// list (about 350 identities, 950 terms) costs about 70 KB, so a few hundred
// shapes fit.
const identCacheBytes = 32 << 20

// layoutCacheBytes bounds the code tables' layouts kept per template
// (Program.codeTable): a few KB each.
const layoutCacheBytes = 8 << 20

// shapeKey names what the identities of r depend on when every rule is
// shape-only: the rows present in each table whose rows come from the
// report (Env.index: cells and row names), table by table in order. Fixed
// tables list their rows from the template, so their cells do not count.
func (p *Program) shapeKey(r *juesuan.Report) string {
	varying := func(n int) bool {
		ts, ok := p.Template.Table(n)
		return ok && ts.RowKind != juesuan.RowsFixed
	}
	rows := make([]juesuan.RowRef, 0, len(r.Cells)/2)
	for c := range r.Cells {
		if varying(c.Table) {
			rows = append(rows, juesuan.RowRef{Table: c.Table, Row: c.Row})
		}
	}
	for rr := range r.RowNames {
		if varying(rr.Table) {
			rows = append(rows, rr)
		}
	}
	slices.SortFunc(rows, func(a, b juesuan.RowRef) int {
		if a.Table != b.Table {
			return cmp.Compare(a.Table, b.Table)
		}
		return strings.Compare(a.Row, b.Row)
	})
	rows = slices.Compact(rows)
	var b strings.Builder
	n := 0
	for _, rr := range rows {
		n += len(rr.Row) + 4
	}
	b.Grow(n)
	t := 0
	for _, rr := range rows {
		if rr.Table != t {
			t = rr.Table
			b.WriteByte('|')
			b.WriteString(juesuan.Itoa(t))
			b.WriteByte(':')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(rr.Row)
	}
	return b.String()
}

// identCost estimates the bytes a cached list holds.
func identCost(key string, ids []juesuan.Identity) int64 {
	n := int64(len(key)) + 64
	for _, id := range ids {
		n += 80 + 48*int64(len(id.Terms))
	}
	return n
}

func newIdentCache() *lru.Cache[string, []juesuan.Identity] {
	return lru.New[string, []juesuan.Identity](identCacheBytes)
}

// shapeOnlyGuard reports whether a guard's outcome follows from keys alone:
// literals, loop variables, key sets, `in`, string (in)equality and the
// logical operators. A guard that reads a cell, a fact or a `let` value is
// not shape-only.
func (c *compiler) shapeOnlyGuard(x syntax.Expr, sc *scope) bool {
	switch x := x.(type) {
	case *syntax.BoolLit:
		return true
	case *syntax.UnaryExpr:
		return x.Op == "!" && c.shapeOnlyGuard(x.X, sc)
	case *syntax.BinaryExpr:
		switch x.Op {
		case "&&", "||", "->":
			return c.shapeOnlyGuard(x.X, sc) && c.shapeOnlyGuard(x.Y, sc)
		case "in":
			return c.shapeOnlyKey(x.X, sc) && c.shapeOnlyKeys(x.Y, sc)
		case "==", "!=":
			return c.shapeOnlyKey(x.X, sc) && c.shapeOnlyKey(x.Y, sc)
		}
	}
	return false
}

// shapeOnlyKey: a literal or a loop variable (one key).
func (c *compiler) shapeOnlyKey(x syntax.Expr, sc *scope) bool {
	switch x := x.(type) {
	case *syntax.NumberLit, *syntax.StringLit:
		return true
	case *syntax.Ident:
		slot, _, _, ok := sc.lookup(x.Name)
		return ok && c.loopSlots[slot]
	}
	return false
}

// shapeOnlyKeys: a key, a list or range of literals, a table name, or a
// row or column set of a table (rows, codes, parents, children, cols),
// which Env.index computes from the rows present alone.
func (c *compiler) shapeOnlyKeys(x syntax.Expr, sc *scope) bool {
	switch x := x.(type) {
	case *syntax.ListExpr, *syntax.RangeExpr:
		return true
	case *syntax.Ident:
		if _, _, _, ok := sc.lookup(x.Name); ok {
			return c.shapeOnlyKey(x, sc)
		}
		return tableNumber(x.Name) > 0
	case *syntax.CallExpr:
		switch x.Fun.Name {
		case "rows", "codes", "parents", "cols", "children":
			for _, a := range x.Args {
				if !c.shapeOnlyKeys(a, sc) {
					return false
				}
			}
			return true
		}
		return false
	}
	return c.shapeOnlyKey(x, sc)
}

// shapeOnlyCells: a cell or range T[rows, cols] whose selectors are
// shape-only. Its cell references (Value.Refs) never depend on values.
func (c *compiler) shapeOnlyCells(x *syntax.IndexExpr, sc *scope) bool {
	if len(x.Args) != 2 || !c.shapeOnlyKeys(x.X, sc) {
		return false
	}
	return c.shapeOnlySelector(x.Args[0], sc) && c.shapeOnlySelector(x.Args[1], sc)
}

// shapeOnlySelector: as shapeOnlyKeys, and a name that is no variable is
// a named row of the template (T6[personnel, 1]).
func (c *compiler) shapeOnlySelector(x syntax.Expr, sc *scope) bool {
	if id, ok := x.(*syntax.Ident); ok {
		if _, _, _, bound := sc.lookup(id.Name); !bound {
			return true
		}
	}
	return c.shapeOnlyKeys(x, sc)
}
