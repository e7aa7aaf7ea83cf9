package check

import (
	"sort"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/syntax"
)

// tableIndex caches the rows of one table of one report.
type tableIndex struct {
	rows     []string            // present rows (cells or names), template order
	nodes    []string            // present codes plus their implied ancestors
	children map[string][]string // parent (or "total") → child codes
	parents  []string
	present  map[string]bool // rows
}

func (e *Env) index(n int) *tableIndex {
	if ix, ok := e.idx[n]; ok {
		return ix
	}
	ts, _ := e.T.Table(n)
	ix := &tableIndex{children: map[string][]string{}}
	ix.rows = e.R.RowsOf(ts)
	ix.present = make(map[string]bool, len(ix.rows))
	for _, k := range ix.rows {
		ix.present[k] = true
	}
	if ts.RowKind != juesuan.RowsFixed {
		_, hasTotal := ts.Row("total")
		set := map[string]bool{}
		for _, k := range ix.rows {
			if _, special := ts.Row(k); special {
				continue
			}
			for code := k; code != ""; code = juesuan.ParentCode(code) {
				set[code] = true
			}
		}
		for k := range set {
			ix.nodes = append(ix.nodes, k)
		}
		sort.Strings(ix.nodes)
		for _, k := range ix.nodes {
			p := juesuan.ParentCode(k)
			if p == "" {
				if !hasTotal {
					continue
				}
				p = "total"
			}
			ix.children[p] = append(ix.children[p], k)
		}
		for _, k := range append([]string{"total"}, ix.nodes...) {
			if len(ix.children[k]) > 0 {
				ix.parents = append(ix.parents, k)
			}
		}
	}
	e.idx[n] = ix
	return ix
}

// keySet is a compiled row or column selector.
type keySet struct {
	static []string // known at compile time
	dyn    evalFn   // else computed per evaluation
	single bool
}

func (k keySet) keys(env *Env) []string {
	if k.dyn == nil {
		return k.static
	}
	v := k.dyn(env)
	if v.Kind == KStr {
		return []string{v.Str}
	}
	return v.Keys
}

func (c *compiler) tableOf(x syntax.Expr) *juesuan.TableSpec {
	id, ok := x.(*syntax.Ident)
	if !ok {
		c.errorf(x.Position(), "这里应为表名，如 T1")
		return nil
	}
	n := tableNumber(id.Name)
	ts, ok := c.t.Table(n)
	if n == 0 || !ok {
		c.errorf(id.Pos, "年度模板 %s 没有表 %s", c.t.ID, id.Name)
		return nil
	}
	if ts.IsGeneric() {
		c.errorf(id.Pos, "%s", genericRef(ts))
		return nil
	}
	return ts
}

func (c *compiler) selector(ts *juesuan.TableSpec, x syntax.Expr, sc *scope, row bool) (keySet, bool) {
	what := "栏"
	if row {
		what = "行"
	}
	switch x := x.(type) {
	case *syntax.NumberLit, *syntax.StringLit:
		k, _ := literalKey(x)
		if err := c.checkKey(ts, k, row); err != "" {
			c.errorf(x.Position(), "%s", err)
			return keySet{}, false
		}
		return keySet{static: []string{k}, single: true}, true
	case *syntax.Ident:
		if slot, k, _, ok := sc.lookup(x.Name); ok {
			if k != KStr {
				c.errorf(x.Pos, "%s 不能作%s", x.Name, what)
				return keySet{}, false
			}
			return keySet{dyn: func(env *Env) Value { return env.vars[slot] }, single: true}, true
		}
		if row {
			if _, ok := ts.Row(x.Name); ok {
				return keySet{static: []string{x.Name}, single: true}, true
			}
		}
		c.errorf(x.Pos, "%s没有名为 %s 的%s", ts.Code(), x.Name, what)
	case *syntax.RangeExpr:
		lo, ok1 := literalKey(x.Lo)
		hi, ok2 := literalKey(x.Hi)
		if !ok1 || !ok2 {
			c.errorf(x.Pos, "范围的两端应为行次或栏次")
			return keySet{}, false
		}
		if row && ts.RowKind != juesuan.RowsFixed {
			c.errorf(x.Pos, "%s的行是科目编码，不能用范围 %s..%s", ts.Code(), lo, hi)
			return keySet{}, false
		}
		keys, ok := rangeKeys(ts, x, row)
		if !ok {
			c.errorf(x.Pos, "%s没有%s范围 %s..%s", ts.Code(), what, lo, hi)
			return keySet{}, false
		}
		return keySet{static: append([]string(nil), keys...)}, true
	case *syntax.ListExpr:
		var keys []string
		for _, e := range x.Elems {
			k, ok := literalKey(e)
			if !ok {
				c.errorf(e.Position(), "列表中只能是行次、科目编码或栏次")
				return keySet{}, false
			}
			if err := c.checkKey(ts, k, row); err != "" {
				c.errorf(e.Position(), "%s", err)
				return keySet{}, false
			}
			keys = append(keys, k)
		}
		return keySet{static: keys}, true
	default:
		f, k, _ := c.expr(x, sc)
		if f == nil {
			return keySet{}, false
		}
		if k != KKeys {
			c.errorf(x.Position(), "这里应为%s或%s的集合，而不是%s", what, what, k)
			return keySet{}, false
		}
		return keySet{dyn: f}, true
	}
	return keySet{}, false
}

func (c *compiler) checkKey(ts *juesuan.TableSpec, k string, row bool) string {
	if !row {
		if _, ok := ts.Column(k); !ok {
			return ts.Code() + "没有第 " + k + " 栏"
		}
		return ""
	}
	if _, ok := ts.Row(k); ok {
		return ""
	}
	if ts.RowKind == juesuan.RowsFixed {
		return ts.Code() + "没有第 " + k + " 行"
	}
	if err := ts.CheckCode(k); err != nil {
		return err.Error()
	}
	return ""
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func (c *compiler) index(x *syntax.IndexExpr, sc *scope) (evalFn, Kind, int) {
	ts := c.tableOf(x.X)
	if ts == nil {
		return nil, 0, 0
	}
	if len(x.Args) != 2 {
		c.errorf(x.Pos, "单元格应写作 %s[行, 栏]", "T"+juesuan.Itoa(ts.Number))
		return nil, 0, 0
	}
	rows, ok1 := c.selector(ts, x.Args[0], sc, true)
	cols, ok2 := c.selector(ts, x.Args[1], sc, false)
	if !ok1 || !ok2 {
		return nil, 0, 0
	}
	if rows.dyn == nil && cols.dyn == nil {
		for _, r := range rows.static {
			for _, col := range cols.static {
				if err := ts.HasCell(r, col); err != nil && rows.single && cols.single {
					c.errorf(x.Pos, "%v", err)
					return nil, 0, 0
				}
			}
		}
	}
	n := ts.Number
	single := rows.single && cols.single
	// read gives the cell's value; its one-cell Refs and Cells are the
	// next slot of refs (cut to length and capacity one, so that nothing
	// appends over a neighbour): a vector's cells share one allocation.
	read := func(env *Env, r, col string, refs *[]juesuan.CellRef) (Value, bool) {
		ref := juesuan.CellRef{Table: n, Row: r, Col: col}
		if rs, ok := ts.Row(r); ok && len(rs.Cols) > 0 && indexOf(rs.Cols, col) < 0 {
			return Value{}, false
		}
		v, set := env.R.Cells[ref]
		i := len(*refs)
		*refs = append(*refs, ref)
		out := Value{Kind: KNum, Num: v, Refs: (*refs)[i : i+1 : i+1]}
		if set {
			out.Cells = out.Refs
			out.Terms = 1
		}
		return out, true
	}
	if single {
		return func(env *Env) Value {
			refs := make([]juesuan.CellRef, 0, 1)
			v, _ := read(env, rows.keys(env)[0], cols.keys(env)[0], &refs)
			v.Kind = KNum
			return v
		}, KNum, 0
	}
	return func(env *Env) Value {
		rk, ck := rows.keys(env), cols.keys(env)
		refs := make([]juesuan.CellRef, 0, len(rk)*len(ck))
		out := Value{Kind: KVec, Vec: make([]Value, 0, len(rk)*len(ck))}
		for _, r := range rk {
			for _, col := range ck {
				if v, ok := read(env, r, col, &refs); ok {
					out.Vec = append(out.Vec, v)
				}
			}
		}
		return out
	}, KVec, 0
}

// cellAddr compiles a single-cell index into an address function.
func (c *compiler) cellAddr(x *syntax.IndexExpr, sc *scope) func(*Env) (juesuan.CellRef, bool) {
	ts := c.tableOf(x.X)
	if ts == nil || len(x.Args) != 2 {
		return nil
	}
	rows, ok1 := c.selector(ts, x.Args[0], sc, true)
	cols, ok2 := c.selector(ts, x.Args[1], sc, false)
	if !ok1 || !ok2 || !rows.single || !cols.single {
		return nil
	}
	n := ts.Number
	return func(env *Env) (juesuan.CellRef, bool) {
		r, col := rows.keys(env)[0], cols.keys(env)[0]
		if rs, ok := ts.Row(r); ok && len(rs.Cols) > 0 && indexOf(rs.Cols, col) < 0 {
			return juesuan.CellRef{}, false
		}
		return juesuan.CellRef{Table: n, Row: r, Col: col}, true
	}
}

// rangeKeys expands lo..hi over a table's fixed rows (row) or columns in
// template order; ok is false when either end is unknown or they are
// reversed.
func rangeKeys(ts *juesuan.TableSpec, x *syntax.RangeExpr, row bool) (keys []string, ok bool) {
	lo, ok1 := literalKey(x.Lo)
	hi, ok2 := literalKey(x.Hi)
	if !ok1 || !ok2 {
		return nil, false
	}
	var order []string
	if row {
		for _, r := range ts.Rows {
			order = append(order, r.Key)
		}
	} else {
		for _, c := range ts.Columns {
			order = append(order, c.Key)
		}
	}
	i, j := indexOf(order, lo), indexOf(order, hi)
	if i < 0 || j < i {
		return nil, false
	}
	return order[i : j+1], true
}
