package check

import (
	"slices"
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/syntax"
)

// The fast path evaluates a rule on a dense copy of the report's cells,
// with rows and columns resolved to indices and without recording where a
// value came from. A rule whose fast evaluation passes needs nothing more;
// one that does not is evaluated again on the slow path, which builds the
// findings with their cells and messages. Clean reports — the common
// case — never pay for provenance.

// FastEnv is the dense form of one report.
type FastEnv struct {
	r    *juesuan.Report
	t    *juesuan.Template
	tabs []*ftable
	vars []fvar
}

// ftable is one table of one report: every row present (plus implied
// ancestors in code tables) with its values in a row-major slice.
type ftable struct {
	ts       *juesuan.TableSpec
	ncols    int
	colIdx   map[string]int
	rowIdx   map[string]int
	keys     []string
	vals     []int64
	set      []bool
	rows     []fvar // rows(T)
	nodes    []fvar // codes(T)
	parents  []fvar
	children map[string][]fvar
	empty    bool
	// allowed marks the cells a row has (表1 收入 rows have no 支出 column).
	allowed []bool
}

// fvar is a row or column bound by a loop: its key, and its index in
// table tab (rows) so that the common same-table access needs no lookup.
type fvar struct {
	key string
	tab int
	idx int
}

type fnum func(*FastEnv) (int64, int32)
type fbool func(*FastEnv) Outcome
type fkeys func(*FastEnv) []fvar

// NewFastEnv builds the dense form of r.
func (p *Program) NewFastEnv(r *juesuan.Report) *FastEnv {
	t := p.Template
	e := &FastEnv{r: r, t: t, tabs: make([]*ftable, len(t.Tables)+1), vars: make([]fvar, p.maxFastVars)}
	rows := make([][]string, len(t.Tables)+1)
	for c := range r.Cells {
		if c.Table > 0 && c.Table < len(rows) {
			rows[c.Table] = append(rows[c.Table], c.Row)
		}
	}
	for rr := range r.RowNames {
		if rr.Table > 0 && rr.Table < len(rows) {
			rows[rr.Table] = append(rows[rr.Table], rr.Row)
		}
	}
	p.shapesOnce.Do(func() {
		p.shapes = make([]*ftable, len(t.Tables)+1)
		for _, ts := range t.Tables {
			if ts.RowKind == juesuan.RowsFixed {
				p.shapes[ts.Number] = buildTable(ts, nil)
			}
		}
	})
	for _, ts := range t.Tables {
		if shape := p.shapes[ts.Number]; shape != nil {
			// Fixed tables share their row layout; only values differ.
			ft := *shape
			ft.vals = make([]int64, len(shape.vals))
			ft.set = make([]bool, len(shape.set))
			e.tabs[ts.Number] = &ft
			continue
		}
		e.tabs[ts.Number] = p.codeTable(ts, rows[ts.Number])
	}
	for c, v := range r.Cells {
		if c.Table <= 0 || c.Table >= len(e.tabs) {
			continue
		}
		ft := e.tabs[c.Table]
		i, ok1 := ft.rowIdx[c.Row]
		j, ok2 := ft.colIdx[c.Col]
		if !ok1 || !ok2 {
			continue
		}
		ft.vals[i*ft.ncols+j], ft.set[i*ft.ncols+j] = int64(v), true
		if v != 0 {
			ft.empty = false
		}
	}
	return e
}

func buildTable(ts *juesuan.TableSpec, present []string) *ftable {
	ft := &ftable{ts: ts, ncols: len(ts.Columns), colIdx: make(map[string]int, len(ts.Columns)), empty: true}
	for i, c := range ts.Columns {
		ft.colIdx[c.Key] = i
	}
	var presentKeys []string
	if ts.RowKind == juesuan.RowsFixed {
		for _, row := range ts.Rows {
			ft.keys = append(ft.keys, row.Key)
		}
		presentKeys = ft.keys
	} else {
		ft.children = make(map[string][]fvar, len(present)/4+1)
		presentKeys = dedupe(present)
		juesuan.SortRows(ts, presentKeys)
		all := append([]string(nil), presentKeys...)
		// The table's own rows (合计, 人员经费 …) have a place even when
		// blank: a fill on the dense form may write them.
		for _, row := range ts.Rows {
			all = append(all, row.Key)
		}
		for _, k := range presentKeys {
			if _, special := ts.Row(k); !special {
				for p := juesuan.ParentCode(k); p != ""; p = juesuan.ParentCode(p) {
					all = append(all, p)
				}
			}
		}
		ft.keys = dedupe(all)
		juesuan.SortRows(ts, ft.keys)
	}
	ft.rowIdx = make(map[string]int, len(ft.keys))
	for i, k := range ft.keys {
		ft.rowIdx[k] = i
	}
	ft.vals = make([]int64, len(ft.keys)*ft.ncols)
	ft.set = make([]bool, len(ft.vals))
	ft.allowed = make([]bool, len(ft.vals))
	for i, k := range ft.keys {
		rs, fixed := ts.Row(k)
		for j, c := range ts.Columns {
			ft.allowed[i*ft.ncols+j] = !fixed || len(rs.Cols) == 0 || containsStr(rs.Cols, c.Key)
		}
	}
	for _, k := range presentKeys {
		ft.rows = append(ft.rows, fvar{k, ts.Number, ft.rowIdx[k]})
	}
	if ts.RowKind != juesuan.RowsFixed {
		_, hasTotal := ts.Row("total")
		for i, k := range ft.keys {
			if _, special := ts.Row(k); special {
				continue
			}
			v := fvar{k, ts.Number, i}
			ft.nodes = append(ft.nodes, v)
			p := juesuan.ParentCode(k)
			if p == "" {
				if !hasTotal {
					continue
				}
				p = "total"
			}
			ft.children[p] = append(ft.children[p], v)
		}
		if len(ft.children["total"]) > 0 {
			ft.parents = append(ft.parents, fvar{"total", ts.Number, idxOr(ft.rowIdx, "total")})
		}
		for _, v := range ft.nodes {
			if len(ft.children[v.key]) > 0 {
				ft.parents = append(ft.parents, v)
			}
		}
	}
	return ft
}

// layoutKey names the layout of a code table: its number and the rows
// present, sorted, joined by NUL.
type layoutKey struct {
	table int
	rows  string
}

// codeTable is buildTable for a code table, whose layout (row order,
// codes, parents, children) depends on the rows present only: reports
// with the same rows share it, as fixed tables share theirs, and only the
// values are made per report.
func (p *Program) codeTable(ts *juesuan.TableSpec, present []string) *ftable {
	present = dedupe(present)
	k := layoutKey{ts.Number, strings.Join(present, "\x00")}
	if shape, ok := p.layouts.Get(k); ok {
		ft := *shape
		ft.vals = make([]int64, len(ft.keys)*ft.ncols)
		ft.set = make([]bool, len(ft.vals))
		return &ft
	}
	ft := buildTable(ts, present)
	shape := *ft // kept before this report's values mark it non-empty
	p.layouts.Put(k, &shape, int64(len(k.rows))+int64(len(ft.keys))*(160+int64(ft.ncols)*10))
	return ft
}

func idxOr(m map[string]int, k string) int {
	if i, ok := m[k]; ok {
		return i
	}
	return -1
}

// cell reads row i (or key) and column j of table n.
func (e *FastEnv) cell(n int, row fvar, col int) (int64, int32) {
	ft := e.tabs[n]
	i := row.idx
	if row.tab != n {
		i = idxOr(ft.rowIdx, row.key)
	}
	if i < 0 || col < 0 {
		return 0, 0
	}
	k := i*ft.ncols + col
	if ft.allowed[k] && ft.set[k] {
		return ft.vals[k], 1
	}
	return 0, 0
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fastCompiler compiles the subset of the language the fast path knows;
// anything else makes the rule slow-path only (ok = false).
type fastCompiler struct {
	t     *juesuan.Template
	slots map[string]int
	kinds map[string]bool // true: row variable, false: column variable
	tabOf map[string]int
	n     int
}

func (c *compiler) compileFast(r *syntax.Rule) (func(*FastEnv) Outcome, int) {
	fc := &fastCompiler{t: c.t, slots: map[string]int{}, kinds: map[string]bool{}, tabOf: map[string]int{}}
	body, ok := fc.stmts(r.Body)
	if !ok {
		return nil, 0
	}
	return func(e *FastEnv) Outcome {
		worst := Pass
		for _, s := range body {
			if o := s(e); o > worst {
				worst = o
				if worst == Fail {
					break
				}
			}
		}
		return worst
	}, fc.n
}

func (fc *fastCompiler) stmts(list []syntax.Stmt) ([]fbool, bool) {
	var out []fbool
	for _, s := range list {
		switch s := s.(type) {
		case *syntax.ForStmt:
			iter, tab, isRow, ok := fc.keys(s.Iter)
			if !ok {
				return nil, false
			}
			slot := fc.n
			fc.n++
			prevSlot, hadPrev := fc.slots[s.Var]
			prevKind, prevTab := fc.kinds[s.Var], fc.tabOf[s.Var]
			fc.slots[s.Var], fc.kinds[s.Var], fc.tabOf[s.Var] = slot, isRow, tab
			body, ok := fc.stmts(s.Body)
			if hadPrev {
				fc.slots[s.Var], fc.kinds[s.Var], fc.tabOf[s.Var] = prevSlot, prevKind, prevTab
			} else {
				delete(fc.slots, s.Var)
			}
			if !ok {
				return nil, false
			}
			out = append(out, func(e *FastEnv) Outcome {
				worst := Pass
				for _, v := range iter(e) {
					e.vars[slot] = v
					for _, b := range body {
						if o := b(e); o > worst {
							worst = o
							if worst == Fail {
								return Fail
							}
						}
					}
				}
				return worst
			})
		case *syntax.ExprStmt:
			f, ok := fc.cond(s.X)
			if !ok {
				return nil, false
			}
			out = append(out, f)
		default:
			return nil, false
		}
	}
	return out, true
}

func (fc *fastCompiler) cond(x syntax.Expr) (fbool, bool) {
	switch x := x.(type) {
	case *syntax.BinaryExpr:
		switch x.Op {
		case "&&", "||", "->":
			a, ok1 := fc.cond(x.X)
			b, ok2 := fc.cond(x.Y)
			if !ok1 || !ok2 {
				return nil, false
			}
			switch x.Op {
			case "&&":
				return func(e *FastEnv) Outcome {
					o := a(e)
					if o == Fail {
						return o
					}
					if p := b(e); p > o {
						return p
					}
					return o
				}, true
			case "||":
				return func(e *FastEnv) Outcome {
					o := a(e)
					if o == Pass {
						return o
					}
					if p := b(e); p < o {
						return p
					}
					return o
				}, true
			default:
				return func(e *FastEnv) Outcome {
					if a(e) != Pass {
						return Pass
					}
					return b(e)
				}, true
			}
		case "in":
			id, ok := x.X.(*syntax.Ident)
			list, ok2 := x.Y.(*syntax.ListExpr)
			slot, bound := fc.slots[id.Name]
			if !ok || !ok2 || !bound {
				return nil, false
			}
			var keys []string
			for _, el := range list.Elems {
				k, ok := literalKey(el)
				if !ok {
					return nil, false
				}
				keys = append(keys, k)
			}
			return func(e *FastEnv) Outcome {
				if containsStr(keys, e.vars[slot].key) {
					return Pass
				}
				return Fail
			}, true
		case "==", "!=", "<", "<=", ">", ">=":
			a, ok1 := fc.num(x.X)
			b, ok2 := fc.num(x.Y)
			if !ok1 || !ok2 {
				return nil, false
			}
			op := x.Op
			return func(e *FastEnv) Outcome {
				va, ta := a(e)
				vb, tb := b(e)
				return Judge(op, juesuan.Amount(va-vb), int(ta), int(tb))
			}, true
		}
	case *syntax.UnaryExpr:
		if x.Op == "!" {
			a, ok := fc.cond(x.X)
			if !ok {
				return nil, false
			}
			return func(e *FastEnv) Outcome { return boolOut(a(e) != Pass) }, true
		}
	case *syntax.CallExpr:
		switch x.Fun.Name {
		case "empty":
			n := fc.tableArg(x.Args)
			if n == 0 {
				return nil, false
			}
			return func(e *FastEnv) Outcome { return boolOut(e.tabs[n].empty) }, true
		case "stated":
			def, ok := fc.fact(x)
			if !ok {
				return nil, false
			}
			return func(e *FastEnv) Outcome {
				_, ok := def.get(e.r)
				return boolOut(ok)
			}, true
		}
	case *syntax.BoolLit:
		o := boolOut(x.Value)
		return func(*FastEnv) Outcome { return o }, true
	}
	return nil, false
}

func boolOut(b bool) Outcome {
	if b {
		return Pass
	}
	return Fail
}

func (fc *fastCompiler) fact(x *syntax.CallExpr) (factDef, bool) {
	if len(x.Args) != 1 {
		return factDef{}, false
	}
	lit, ok := x.Args[0].(*syntax.StringLit)
	if !ok {
		return factDef{}, false
	}
	def, ok := facts[lit.Value]
	return def, ok
}

func (fc *fastCompiler) tableArg(args []syntax.Expr) int {
	if len(args) < 1 {
		return 0
	}
	id, ok := args[0].(*syntax.Ident)
	if !ok {
		return 0
	}
	n := tableNumber(id.Name)
	if _, ok := fc.t.Table(n); !ok {
		return 0
	}
	return n
}

func (fc *fastCompiler) num(x syntax.Expr) (fnum, bool) {
	switch x := x.(type) {
	case *syntax.NumberLit:
		a, err := juesuan.ParseAmount(x.Text, juesuan.UnitWanyuan)
		if err != nil {
			return nil, false
		}
		return func(*FastEnv) (int64, int32) { return int64(a), 0 }, true
	case *syntax.BinaryExpr:
		if x.Op != "+" && x.Op != "-" {
			return nil, false
		}
		a, ok1 := fc.num(x.X)
		b, ok2 := fc.num(x.Y)
		if !ok1 || !ok2 {
			return nil, false
		}
		if x.Op == "+" {
			return func(e *FastEnv) (int64, int32) {
				va, ta := a(e)
				vb, tb := b(e)
				return va + vb, ta + tb
			}, true
		}
		return func(e *FastEnv) (int64, int32) {
			va, ta := a(e)
			vb, tb := b(e)
			return va - vb, ta + tb
		}, true
	case *syntax.UnaryExpr:
		if x.Op != "-" {
			return nil, false
		}
		a, ok := fc.num(x.X)
		if !ok {
			return nil, false
		}
		return func(e *FastEnv) (int64, int32) {
			v, t := a(e)
			return -v, t
		}, true
	case *syntax.IndexExpr:
		return fc.index(x)
	case *syntax.CallExpr:
		switch x.Fun.Name {
		case "sum":
			var parts []fnum
			for _, a := range x.Args {
				f, ok := fc.num(a)
				if !ok {
					return nil, false
				}
				parts = append(parts, f)
			}
			return func(e *FastEnv) (int64, int32) {
				var s int64
				var t int32
				for _, p := range parts {
					v, n := p(e)
					s += v
					t += n
				}
				return s, t
			}, true
		case "abs":
			if len(x.Args) != 1 {
				return nil, false
			}
			a, ok := fc.num(x.Args[0])
			if !ok {
				return nil, false
			}
			return func(e *FastEnv) (int64, int32) {
				v, t := a(e)
				if v < 0 {
					v = -v
				}
				return v, t
			}, true
		case "fact":
			def, ok := fc.fact(x)
			if !ok || def.kind != KNum {
				return nil, false
			}
			return func(e *FastEnv) (int64, int32) {
				v, _ := def.get(e.r)
				return int64(v.Num), int32(v.Terms)
			}, true
		}
	}
	return nil, false
}

// sel is a compiled row or column selector of the fast path.
type sel struct {
	static []fvar // known at compile time (keys; idx resolved per table)
	slot   int    // loop variable, or -1
	dyn    fkeys
}

func (fc *fastCompiler) selector(n int, x syntax.Expr, row bool) (sel, bool) {
	ts, _ := fc.t.Table(n)
	keyVar := func(k string) fvar {
		v := fvar{key: k, tab: -1, idx: -1}
		if row && ts.RowKind == juesuan.RowsFixed {
			for i, r := range ts.Rows {
				if r.Key == k {
					v.tab, v.idx = n, i
				}
			}
		}
		if !row {
			for i, c := range ts.Columns {
				if c.Key == k {
					v.idx = i
				}
			}
		}
		return v
	}
	switch x := x.(type) {
	case *syntax.NumberLit, *syntax.StringLit:
		k, _ := literalKey(x)
		return sel{static: []fvar{keyVar(k)}, slot: -1}, true
	case *syntax.Ident:
		if slot, ok := fc.slots[x.Name]; ok {
			if fc.kinds[x.Name] != row {
				return sel{}, false
			}
			return sel{slot: slot}, true
		}
		if row {
			if _, ok := ts.Row(x.Name); ok {
				return sel{static: []fvar{keyVar(x.Name)}, slot: -1}, true
			}
		}
	case *syntax.RangeExpr:
		keys, ok := rangeKeys(ts, x, row)
		if !ok {
			return sel{}, false
		}
		var vs []fvar
		for _, k := range keys {
			vs = append(vs, keyVar(k))
		}
		return sel{static: vs, slot: -1}, true
	case *syntax.ListExpr:
		var vs []fvar
		for _, el := range x.Elems {
			k, ok := literalKey(el)
			if !ok {
				return sel{}, false
			}
			vs = append(vs, keyVar(k))
		}
		return sel{static: vs, slot: -1}, true
	case *syntax.CallExpr:
		if !row {
			return sel{}, false
		}
		f, _, isRow, ok := fc.keys(x)
		if !ok || !isRow {
			return sel{}, false
		}
		return sel{dyn: f, slot: -1}, true
	}
	return sel{}, false
}

// keys compiles a set expression: rows(T), codes(T), parents(T),
// children(T, p), cols(T), or a list of column keys.
func (fc *fastCompiler) keys(x syntax.Expr) (fkeys, int, bool, bool) {
	switch x := x.(type) {
	case *syntax.ListExpr:
		var keys []string
		for _, el := range x.Elems {
			k, ok := literalKey(el)
			if !ok {
				return nil, 0, false, false
			}
			keys = append(keys, k)
		}
		// A literal list iterates columns (as in `for c in [2, 3]`) or
		// row keys; it carries keys only.
		vs := make([]fvar, len(keys))
		for i, k := range keys {
			vs[i] = fvar{key: k, tab: -1, idx: -1}
		}
		return func(*FastEnv) []fvar { return vs }, 0, false, true
	case *syntax.CallExpr:
		n := fc.tableArg(x.Args)
		if n == 0 {
			return nil, 0, false, false
		}
		switch x.Fun.Name {
		case "rows":
			return func(e *FastEnv) []fvar { return e.tabs[n].rows }, n, true, true
		case "codes":
			return func(e *FastEnv) []fvar { return e.tabs[n].nodes }, n, true, true
		case "parents":
			return func(e *FastEnv) []fvar { return e.tabs[n].parents }, n, true, true
		case "cols":
			ts, _ := fc.t.Table(n)
			vs := make([]fvar, len(ts.Columns))
			for i, c := range ts.Columns {
				vs[i] = fvar{key: c.Key, tab: n, idx: i}
			}
			return func(*FastEnv) []fvar { return vs }, n, false, true
		case "children":
			if len(x.Args) != 2 {
				return nil, 0, false, false
			}
			switch p := x.Args[1].(type) {
			case *syntax.Ident:
				slot, ok := fc.slots[p.Name]
				if !ok {
					return nil, 0, false, false
				}
				return func(e *FastEnv) []fvar { return e.tabs[n].children[e.vars[slot].key] }, n, true, true
			case *syntax.StringLit:
				key := p.Value
				return func(e *FastEnv) []fvar { return e.tabs[n].children[key] }, n, true, true
			}
		}
	}
	return nil, 0, false, false
}

func (fc *fastCompiler) index(x *syntax.IndexExpr) (fnum, bool) {
	id, ok := x.X.(*syntax.Ident)
	if !ok || len(x.Args) != 2 {
		return nil, false
	}
	n := tableNumber(id.Name)
	if _, ok := fc.t.Table(n); !ok {
		return nil, false
	}
	rs, ok1 := fc.selector(n, x.Args[0], true)
	cs, ok2 := fc.selector(n, x.Args[1], false)
	if !ok1 || !ok2 {
		return nil, false
	}
	colOf := func(e *FastEnv, v fvar) int { return colIndex(e, n, v) }
	// Column variables from cols(T) carry their own table's index; a
	// literal list carries keys only.
	for _, v := range cs.static {
		if v.idx < 0 {
			return nil, false
		}
	}
	single := func(s sel) bool { return s.slot >= 0 || len(s.static) == 1 && s.dyn == nil }
	if single(rs) && single(cs) {
		return func(e *FastEnv) (int64, int32) {
			r := rowOf(e, rs)
			c := colOf(e, colVar(e, cs))
			return e.cell(n, r, c)
		}, true
	}
	return func(e *FastEnv) (int64, int32) {
		var s int64
		var t int32
		rows := rs.static
		if rs.slot >= 0 {
			rows = e.vars[rs.slot : rs.slot+1]
		} else if rs.dyn != nil {
			rows = rs.dyn(e)
		}
		cols := cs.static
		if cs.slot >= 0 {
			cols = e.vars[cs.slot : cs.slot+1]
		}
		for _, r := range rows {
			if r.tab == -1 && r.idx == -1 {
				r.idx = idxOr(e.tabs[n].rowIdx, r.key)
				r.tab = n
			}
			for _, c := range cols {
				v, k := e.cell(n, r, colOf(e, c))
				s += v
				t += k
			}
		}
		return s, t
	}, true
}

// colIndex is column v's index in table n: its own when it carries one
// for n (or for no table: a key of the rule's own table), else by key.
func colIndex(e *FastEnv, n int, v fvar) int {
	if v.tab == n && v.idx >= 0 || v.tab == -1 && v.idx >= 0 {
		return v.idx
	}
	return idxOr(e.tabs[n].colIdx, v.key)
}

func rowOf(e *FastEnv, s sel) fvar {
	if s.slot >= 0 {
		return e.vars[s.slot]
	}
	return s.static[0]
}

func colVar(e *FastEnv, s sel) fvar {
	if s.slot >= 0 {
		return e.vars[s.slot]
	}
	return s.static[0]
}

// Fast evaluates the rule on the dense report. ok is false when the rule
// has no fast form (text checks): run it on the slow path.
func (ru *Rule) Fast(e *FastEnv) (Outcome, bool) {
	if ru.fast == nil {
		return 0, false
	}
	return ru.fast(e), true
}

// compileNeedsFill compiles, for a derive rule, a quick test of whether any
// of its equalities would fill or change a cell, so that the slow fill
// runs only for files that leave totals out.
func (c *compiler) compileNeedsFill(r *syntax.Rule) func(*FastEnv) bool {
	return c.compileEqualities(r, (*fastCompiler).needs)
}

// compileEqualities compiles a derive rule's body on the dense form with
// one of the equalities' compilers (needs, fill); nil when some part has
// no dense form.
func (c *compiler) compileEqualities(r *syntax.Rule, compile func(*fastCompiler, []syntax.Stmt) (func(*FastEnv) bool, bool)) func(*FastEnv) bool {
	fc := &fastCompiler{t: c.t, slots: map[string]int{}, kinds: map[string]bool{}, tabOf: map[string]int{}}
	f, ok := compile(fc, r.Body)
	if !ok {
		return nil
	}
	return f
}

func (fc *fastCompiler) needs(list []syntax.Stmt) (func(*FastEnv) bool, bool) {
	return fc.equalities(list, false, func(guard fbool, lhs *syntax.IndexExpr, rhsExpr syntax.Expr) (func(*FastEnv) bool, bool) {
		lv, ok1 := fc.index(lhs)
		rhs, ok2 := fc.num(rhsExpr)
		if !ok1 || !ok2 {
			return nil, false
		}
		return func(e *FastEnv) bool {
			if guard != nil && guard(e) != Pass {
				return false
			}
			l, lt := lv(e)
			rv, rt := rhs(e)
			if lt == 0 {
				return rt > 0 && rv != 0 // a blank total with parts
			}
			// A given total is never replaced; a derived one that
			// differs is recomputed.
			return l != rv && len(e.r.Derived) > 0
		}, true
	})
}

// equalities compiles the derive equalities of a rule body (loops, and
// `guard -> T[r, c] == rhs`), each by leaf; all says whether every one
// runs (a fill) or the first that answers true ends it (a test).
func (fc *fastCompiler) equalities(list []syntax.Stmt, all bool, leaf func(guard fbool, lhs *syntax.IndexExpr, rhs syntax.Expr) (func(*FastEnv) bool, bool)) (func(*FastEnv) bool, bool) {
	var parts []func(*FastEnv) bool
	for _, s := range list {
		switch s := s.(type) {
		case *syntax.ForStmt:
			iter, tab, isRow, ok := fc.keys(s.Iter)
			if !ok {
				return nil, false
			}
			slot := fc.n
			fc.n++
			fc.slots[s.Var], fc.kinds[s.Var], fc.tabOf[s.Var] = slot, isRow, tab
			body, ok := fc.equalities(s.Body, all, leaf)
			delete(fc.slots, s.Var)
			if !ok {
				return nil, false
			}
			parts = append(parts, func(e *FastEnv) bool {
				hit := false
				for _, v := range iter(e) {
					e.vars[slot] = v
					if body(e) {
						if !all {
							return true
						}
						hit = true
					}
				}
				return hit
			})
		case *syntax.ExprStmt:
			x := s.X
			var guard fbool
			if b, ok := x.(*syntax.BinaryExpr); ok && b.Op == "->" {
				g, ok := fc.cond(b.X)
				if !ok {
					return nil, false
				}
				guard, x = g, b.Y
			}
			b, ok := x.(*syntax.BinaryExpr)
			if !ok || b.Op != "==" {
				continue // not a derive equality
			}
			ix, ok := b.X.(*syntax.IndexExpr)
			if !ok {
				continue
			}
			f, ok := leaf(guard, ix, b.Y)
			if !ok {
				return nil, false
			}
			parts = append(parts, f)
		default:
			return nil, false
		}
	}
	return func(e *FastEnv) bool {
		hit := false
		for _, p := range parts {
			if p(e) {
				if !all {
					return true
				}
				hit = true
			}
		}
		return hit
	}, true
}

// dedupe sorts keys and drops repeats.
func dedupe(keys []string) []string {
	slices.Sort(keys)
	out := keys[:0]
	for i, k := range keys {
		if i == 0 || k != keys[i-1] {
			out = append(out, k)
		}
	}
	return out
}

// The fill on the dense form: a derive rule's equalities evaluated as the
// fast path evaluates conditions, each filled total written into the dense
// table and the report at once, as Fill writes them. It records no
// provenance (DerivedFrom): it is for callers that want the values only,
// such as the editor's totals from parts on every save, where the slow
// fill with provenance cost more than the save's audit.

// compileFastFill compiles a derive rule's equalities for FastFill; nil
// when some part has no fast form.
func (c *compiler) compileFastFill(r *syntax.Rule) func(*FastEnv) bool {
	return c.compileEqualities(r, (*fastCompiler).fill)
}

func (fc *fastCompiler) fill(list []syntax.Stmt) (func(*FastEnv) bool, bool) {
	return fc.equalities(list, true, func(guard fbool, lhs *syntax.IndexExpr, rhsExpr syntax.Expr) (func(*FastEnv) bool, bool) {
		n, at, ok1 := fc.addr(lhs)
		rhs, ok2 := fc.num(rhsExpr)
		if !ok1 || !ok2 {
			return nil, false
		}
		return func(e *FastEnv) bool {
			if guard != nil && guard(e) != Pass {
				return false
			}
			i, j, ok := at(e)
			if !ok {
				return false
			}
			return e.fill(n, i, j, rhs)
		}, true
	})
}

// fill is one derive equality at row i, column j of table n, as the slow
// fill decides it: a given cell is never replaced, a total without parts
// stays blank, a derived one is recomputed until it holds.
func (e *FastEnv) fill(n, i, j int, rhs fnum) bool {
	ft := e.tabs[n]
	k := i*ft.ncols + j
	if !ft.allowed[k] {
		return false
	}
	set, old := ft.set[k], ft.vals[k]
	ref := juesuan.CellRef{Table: n, Row: ft.keys[i], Col: ft.ts.Columns[j].Key}
	if set && !e.r.Derived[ref] {
		return false
	}
	v, terms := rhs(e)
	if terms == 0 || v == 0 && !set || set && v == old {
		return false
	}
	ft.vals[k], ft.set[k] = v, true
	if v != 0 {
		ft.empty = false
	}
	e.r.Cells[ref] = juesuan.Amount(v)
	e.r.Derived[ref] = true
	e.present(ft, i)
	return true
}

// present adds row i to rows(T) when a fill gave it its first cell, as
// the slow path's index does; the list may be a shared layout's, so it is
// copied, not changed in place.
func (e *FastEnv) present(ft *ftable, i int) {
	if ft.ts.RowKind == juesuan.RowsFixed {
		return
	}
	at := sort.Search(len(ft.rows), func(k int) bool { return ft.rows[k].idx >= i })
	if at < len(ft.rows) && ft.rows[at].idx == i {
		return
	}
	rows := make([]fvar, 0, len(ft.rows)+1)
	rows = append(rows, ft.rows[:at]...)
	rows = append(rows, fvar{ft.keys[i], ft.ts.Number, i})
	ft.rows = append(rows, ft.rows[at:]...)
}

// addr compiles a single-cell index into its table and place.
func (fc *fastCompiler) addr(x *syntax.IndexExpr) (int, func(*FastEnv) (int, int, bool), bool) {
	id, ok := x.X.(*syntax.Ident)
	if !ok || len(x.Args) != 2 {
		return 0, nil, false
	}
	n := tableNumber(id.Name)
	if _, ok := fc.t.Table(n); !ok {
		return 0, nil, false
	}
	rs, ok1 := fc.selector(n, x.Args[0], true)
	cs, ok2 := fc.selector(n, x.Args[1], false)
	single := func(s sel) bool { return s.slot >= 0 || len(s.static) == 1 && s.dyn == nil }
	if !ok1 || !ok2 || !single(rs) || !single(cs) {
		return 0, nil, false
	}
	return n, func(e *FastEnv) (int, int, bool) {
		ft := e.tabs[n]
		r := rowOf(e, rs)
		i := r.idx
		if r.tab != n {
			i = idxOr(ft.rowIdx, r.key)
		}
		j := colIndex(e, n, colVar(e, cs))
		return i, j, i >= 0 && j >= 0
	}, true
}

// HasFastFill says whether FastFill can run the rule's derive equalities.
func (ru *Rule) HasFastFill() bool { return ru.fastFill != nil }

// FastFill runs the rule's derive equalities once on the dense form and
// reports a change. The rule must have a fast fill (HasFastFill).
func (ru *Rule) FastFill(e *FastEnv) bool { return ru.fastFill(e) }
