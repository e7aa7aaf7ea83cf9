// Package check binds parsed audit rules to a year template and compiles
// them into closures: every table, row, column, function and fact a rule
// names is resolved before any report is seen, so an unknown reference is
// a load-time error, never a silent zero.
package check

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/lru"
	"github.com/juesuan/juesuan/internal/rule/syntax"
)

// Program is the checked, compiled rule set of one template.
type Program struct {
	Template *juesuan.Template
	Rules    []*Rule

	notesOnce sync.Once
	notes     map[int][]string

	maxFastVars int
	shapesOnce  sync.Once
	shapes      []*ftable // fixed tables' layouts, shared by every report

	// identsByValue: some rule's identities may depend on values, so they
	// are listed per report; otherwise lists are kept per shape.
	identsByValue bool
	identCache    *lru.Cache[string, []juesuan.Identity]
	// layouts are code tables' layouts by the rows present (codeTable).
	layouts *lru.Cache[layoutKey, *ftable]
}

// Rule is one compiled rule.
type Rule struct {
	ID       string
	Severity juesuan.Severity
	Title    string
	File     string
	Pos      syntax.Pos
	Note     bool // printed in the table's 注
	Derive   bool // its equalities may fill blank totals
	// Mandatory (强制) rules are the 审核公式 a report must pass to be
	// 上报, whatever its 出错说明; the others are advisory (提示).
	Mandatory bool
	AST       *syntax.Rule
	body      []stmtFn
	derive    []deriveFn
	nvars     int
	fast      func(*FastEnv) Outcome
	needs     func(*FastEnv) bool
	fastFill  func(*FastEnv) bool
	idents    []identFn
	// identsByValue: the compiler could not prove that the identities
	// depend on the rows present alone (see shapeOnlyGuard).
	identsByValue bool
}

// identFn emits the additive identities a rule states for one report.
type identFn func(*Env, func(juesuan.Identity))

// Result is the outcome of one assertion of a rule.
type Result struct {
	Out      Outcome
	Value    Value // the condition's value, with its comparison
	Stmt     string
	Problems []Problem
}

type evalFn func(*Env) Value

type stmtFn func(*Env, func(Result))

// deriveFn fills blank cells; it reports whether it changed anything.
type deriveFn func(*Env) bool

// Env is the evaluation environment of one report.
type Env struct {
	R    *juesuan.Report
	T    *juesuan.Template
	vars []Value
	idx  map[int]*tableIndex
	// Notes are the generated 注 formulas by table, for notes_match.
	Notes map[int][]string
	// Fast is the dense form of the same report, when the caller has it.
	Fast *FastEnv
}

// NewEnv prepares a report for evaluation.
func NewEnv(t *juesuan.Template, r *juesuan.Report) *Env {
	return &Env{R: r, T: t, idx: map[int]*tableIndex{}}
}

// Reindex drops cached row indexes after cells changed (derive).
func (e *Env) Reindex() { e.idx = map[int]*tableIndex{} }

// noteRow keeps the row indexes true after a cell was filled: only a new
// row of a code table changes them (fixed tables list all their rows).
func (e *Env) noteRow(c juesuan.CellRef) {
	ix, ok := e.idx[c.Table]
	if !ok || ix.present[c.Row] {
		return
	}
	delete(e.idx, c.Table)
}

// Run evaluates every assertion of rule ru.
func (ru *Rule) Run(env *Env, emit func(Result)) {
	if cap(env.vars) < ru.nvars {
		env.vars = make([]Value, ru.nvars)
	}
	env.vars = env.vars[:ru.nvars]
	for _, s := range ru.body {
		s(env, emit)
	}
}

// NeedsFill reports whether the rule's derive equalities might fill or
// change a cell of the report; false means Fill can be skipped.
func (ru *Rule) NeedsFill(e *FastEnv) bool {
	return ru.needs == nil || ru.needs(e)
}

// Fill runs the rule's derive equalities once; it reports a change.
func (ru *Rule) Fill(env *Env) bool {
	if cap(env.vars) < ru.nvars {
		env.vars = make([]Value, ru.nvars)
	}
	env.vars = env.vars[:ru.nvars]
	changed := false
	for _, d := range ru.derive {
		if d(env) {
			changed = true
		}
	}
	return changed
}

// Error is a positioned problem in a rule file found while checking.
type Error = syntax.Error

// Compile parses, checks and compiles the template's rule files. All
// problems are reported together, sorted by file and position.
func Compile(t *juesuan.Template) (*Program, error) {
	p := &Program{Template: t, identCache: newIdentCache(), layouts: lru.New[layoutKey, *ftable](layoutCacheBytes)}
	var errs syntax.ErrorList
	ids := map[string]string{}
	for _, src := range t.Rules {
		f, err := syntax.ParseFile(src.Name, src.Text)
		if err != nil {
			if el, ok := err.(syntax.ErrorList); ok {
				errs = append(errs, el...)
				continue
			}
			return nil, err
		}
		c := &compiler{t: t, file: src.Name, src: src.Text}
		for _, r := range f.Rules {
			if prev, dup := ids[r.ID]; dup {
				c.errorf(r.Pos, "规则编号 %s 重复（已在 %s 定义）", r.ID, prev)
				continue
			}
			ids[r.ID] = fmt.Sprintf("%s:%d", src.Name, r.Pos.Line)
			if cr := c.rule(r); cr != nil {
				var n int
				cr.fast, n = c.compileFast(r)
				p.maxFastVars = max(p.maxFastVars, n+8)
				if cr.Derive {
					cr.needs = c.compileNeedsFill(r)
					cr.fastFill = c.compileFastFill(r)
				}
				p.Rules = append(p.Rules, cr)
				p.identsByValue = p.identsByValue || cr.identsByValue
			}
		}
		errs = append(errs, c.errs...)
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool {
			if errs[i].File != errs[j].File {
				return errs[i].File < errs[j].File
			}
			return errs[i].Pos.Offset < errs[j].Pos.Offset
		})
		return nil, errs
	}
	return p, nil
}

// CompileSource compiles one rule file against t (for tests and tools).
func CompileSource(t *juesuan.Template, name string, src []byte) (*Program, error) {
	t2 := *t
	t2.Rules = []juesuan.Source{{Name: name, Text: src}}
	return Compile(&t2)
}

type scope struct {
	names map[string]int
	kinds map[string]Kind
	table map[string]int // loop var bound to rows of table n
	up    *scope
}

func (s *scope) lookup(n string) (int, Kind, int, bool) {
	for ; s != nil; s = s.up {
		if i, ok := s.names[n]; ok {
			return i, s.kinds[n], s.table[n], true
		}
	}
	return 0, 0, 0, false
}

type compiler struct {
	t     *juesuan.Template
	file  string
	src   []byte
	errs  syntax.ErrorList
	nvars int
	rule_ *Rule
	// loopSlots are the rule's variables bound by `for`: keys, never values.
	loopSlots map[int]bool
}

func (c *compiler) errorf(pos syntax.Pos, format string, args ...any) {
	c.errs = append(c.errs, &syntax.Error{File: c.file, Pos: pos, Msg: fmt.Sprintf(format, args...), Line: lineOf(c.src, pos)})
}

func lineOf(src []byte, pos syntax.Pos) string {
	lines := strings.Split(string(src), "\n")
	if pos.Line >= 1 && pos.Line <= len(lines) {
		return strings.TrimRight(lines[pos.Line-1], "\r")
	}
	return ""
}

func (c *compiler) rule(r *syntax.Rule) *Rule {
	ru := &Rule{ID: r.ID, Title: r.Title, File: c.file, Pos: r.Pos, AST: r}
	switch r.Severity {
	case "error", "warning", "info":
		ru.Severity = juesuan.Severity(r.Severity)
	default:
		c.errorf(r.Pos, "未知的严重程度 %q（应为 error、warning 或 info）", r.Severity)
	}
	for _, f := range r.Flags {
		switch f {
		case "note":
			ru.Note = true
		case "derive":
			ru.Derive = true
		case "mandatory":
			ru.Mandatory = true
		case "advisory":
			ru.Mandatory = false
		default:
			c.errorf(r.Pos, "未知的规则标记 %q（可用：note、derive、mandatory、advisory）", f)
		}
	}
	c.nvars = 0
	c.rule_ = ru
	c.loopSlots = map[int]bool{}
	sc := &scope{names: map[string]int{}, kinds: map[string]Kind{}, table: map[string]int{}}
	ru.body = c.stmts(r.Body, sc)
	ru.nvars = c.nvars
	return ru
}

func (c *compiler) stmts(list []syntax.Stmt, sc *scope) []stmtFn {
	var out []stmtFn
	for _, s := range list {
		if f := c.stmt(s, sc); f != nil {
			out = append(out, f)
		}
	}
	return out
}

func (c *compiler) newVar(sc *scope, name string, k Kind, table int) int {
	i := c.nvars
	c.nvars++
	sc.names[name] = i
	sc.kinds[name] = k
	sc.table[name] = table
	return i
}

func (c *compiler) stmt(s syntax.Stmt, sc *scope) stmtFn {
	switch s := s.(type) {
	case *syntax.ForStmt:
		iter, k, tbl := c.expr(s.Iter, sc)
		if iter == nil {
			return nil
		}
		if k != KKeys {
			c.errorf(s.Iter.Position(), "for 只能遍历行或栏的集合（如 rows(T2)、cols(T2)），这里是%s", k)
			return nil
		}
		inner := &scope{names: map[string]int{}, kinds: map[string]Kind{}, table: map[string]int{}, up: sc}
		slot := c.newVar(inner, s.Var, KStr, tbl)
		c.loopSlots[slot] = true
		// Derive equalities inside the loop run once per element.
		outer, outerIDs := c.rule_.derive, c.rule_.idents
		c.rule_.derive, c.rule_.idents = nil, nil
		body := c.stmts(s.Body, inner)
		loopDerive, loopIDs := c.rule_.derive, c.rule_.idents
		c.rule_.derive, c.rule_.idents = outer, outerIDs
		if len(loopIDs) > 0 {
			if !c.shapeOnlyKeys(s.Iter, sc) {
				c.rule_.identsByValue = true
			}
			c.rule_.idents = append(c.rule_.idents, func(env *Env, emit func(juesuan.Identity)) {
				for _, k := range iter(env).Keys {
					env.vars[slot] = Value{Kind: KStr, Str: k}
					for _, f := range loopIDs {
						f(env, emit)
					}
				}
			})
		}
		if len(loopDerive) > 0 {
			c.rule_.derive = append(c.rule_.derive, func(env *Env) bool {
				changed := false
				for _, k := range iter(env).Keys {
					env.vars[slot] = Value{Kind: KStr, Str: k}
					for _, d := range loopDerive {
						if d(env) {
							changed = true
						}
					}
				}
				return changed
			})
		}
		run := func(env *Env, emit func(Result)) {
			for _, k := range iter(env).Keys {
				env.vars[slot] = Value{Kind: KStr, Str: k}
				for _, b := range body {
					b(env, emit)
				}
			}
		}
		return run
	case *syntax.LetStmt:
		v, k, tbl := c.expr(s.Value, sc)
		if v == nil {
			return nil
		}
		slot := c.newVar(sc, s.Name, k, tbl)
		return func(env *Env, _ func(Result)) { env.vars[slot] = v(env) }
	case *syntax.ExprStmt:
		f, k, _ := c.expr(s.X, sc)
		if f == nil {
			return nil
		}
		text := s.X.String()
		switch k {
		case KBool:
			if c.rule_.Derive {
				c.derivable(s.X, sc)
			}
			if c.rule_.Severity == juesuan.SevError {
				c.identity(s.X, sc)
			}
			return func(env *Env, emit func(Result)) {
				v := f(env)
				emit(Result{Out: v.Out, Value: v, Stmt: text})
			}
		case KProblems:
			return func(env *Env, emit func(Result)) {
				v := f(env)
				out := Pass
				if len(v.Problems) > 0 {
					out = Fail
				}
				emit(Result{Out: out, Value: v, Stmt: text, Problems: v.Problems})
			}
		}
		c.errorf(s.X.Position(), "断言应为条件（如 a == b），这里是%s", k)
	}
	return nil
}

// derivable registers `cell == expr` (optionally guarded: `cond -> cell ==
// expr`) as a derive equality.
func (c *compiler) derivable(x syntax.Expr, sc *scope) {
	guard, ix, rhsExpr, ok := c.equality(x, sc)
	if !ok {
		return
	}
	cell := c.cellAddr(ix, sc)
	rhs, k, _ := c.expr(rhsExpr, sc)
	if cell == nil || rhs == nil || (k != KNum && k != KVec) {
		return
	}
	c.rule_.derive = append(c.rule_.derive, func(env *Env) bool {
		if guard != nil && guard(env).Out != Pass {
			return false
		}
		ref, ok := cell(env)
		if !ok {
			return false
		}
		// A cell the file gives is never replaced; a derived one is
		// recomputed until the fill reaches a fixpoint, so the order of
		// the rules does not matter.
		old, set := env.R.Cells[ref]
		if set && !env.R.Derived[ref] {
			return false
		}
		v := flatten(rhs(env))
		if len(v.Cells) == 0 || (v.Num == 0 && !set) || (set && v.Num == old) {
			return false
		}
		env.R.Cells[ref] = v.Num
		env.R.Derived[ref] = true
		if env.R.DerivedFrom != nil {
			env.R.DerivedFrom[ref] = v.Cells
		}
		env.noteRow(ref)
		return true
	})
}

// identity registers `cell == ±term ± …` (terms: cells, ranges, sum(…)) as
// an additive identity for 舍位平衡 and spreadsheet formulas.
func (c *compiler) identity(x syntax.Expr, sc *scope) {
	guard, ix, rhsExpr, ok := c.equality(x, sc)
	if !ok {
		return
	}
	lhs := c.cellAddr(ix, sc)
	var terms []term
	if lhs == nil || !collectTerms(rhsExpr, "+", &terms) {
		return
	}
	shape := c.shapeOnlyCells(ix, sc)
	if b, ok := x.(*syntax.BinaryExpr); ok && b.Op == "->" {
		shape = shape && c.shapeOnlyGuard(b.X, sc)
	}
	for _, t := range terms {
		shape = shape && c.shapeOnlyCells(t.ix, sc)
	}
	if !shape {
		c.rule_.identsByValue = true
	}
	type signed struct {
		f   evalFn
		neg bool
	}
	var fs []signed
	for _, t := range terms {
		f, _, _ := c.expr(t.ix, sc)
		if f == nil {
			return
		}
		fs = append(fs, signed{f, t.sign == "-"})
	}
	c.rule_.idents = append(c.rule_.idents, func(env *Env, emit func(juesuan.Identity)) {
		if guard != nil && guard(env).Out != Pass {
			return
		}
		ref, ok := lhs(env)
		if !ok {
			return
		}
		id := juesuan.Identity{LHS: ref}
		for _, f := range fs {
			v := f.f(env)
			refs := v.Refs
			if v.Kind == KVec {
				refs = flatten(v).Refs
			}
			for _, r := range refs {
				id.Terms = append(id.Terms, juesuan.Operand{Ref: r, Neg: f.neg})
				if r.Table != ref.Table {
					id.Cross = true
				}
			}
		}
		emit(id)
	})
}

// Identities lists the additive identities the error rules state for
// report r (its rows bind the loops): totals, row sums, the 类/款/项
// hierarchy and the equalities between tables. 舍位平衡 and the
// spreadsheet's live formulas come from here, so both follow the year's
// rules.
func (p *Program) Identities(r *juesuan.Report) []juesuan.Identity {
	// The caller owns the slice it gets (importer.solve appends to it).
	return slices.Clone(p.SharedIdentities(r))
}

// SharedIdentities is Identities for a caller that only reads the list
// and its identities: it may be the list kept for the report's shape.
func (p *Program) SharedIdentities(r *juesuan.Report) []juesuan.Identity {
	if p.identsByValue {
		return p.listIdentities(r)
	}
	key := p.shapeKey(r)
	if ids, ok := p.identCache.Get(key); ok {
		return ids
	}
	ids := slices.Clip(p.listIdentities(r))
	p.identCache.Put(key, ids, identCost(key, ids))
	return ids
}

// listIdentities evaluates the identities of every error rule for r.
func (p *Program) listIdentities(r *juesuan.Report) []juesuan.Identity {
	env := NewEnv(p.Template, r)
	var out []juesuan.Identity
	seen := map[string]bool{}
	for _, ru := range p.Rules {
		if len(ru.idents) == 0 {
			continue
		}
		if cap(env.vars) < ru.nvars {
			env.vars = make([]Value, ru.nvars)
		}
		env.vars = env.vars[:ru.nvars]
		for _, f := range ru.idents {
			f(env, func(id juesuan.Identity) {
				k := id.String()
				if !seen[k] {
					seen[k] = true
					out = append(out, id)
				}
			})
		}
	}
	return out
}

var (
	cacheMu sync.Mutex
	cache   = map[*juesuan.Template]*Program{}
)

// Cached returns the compiled rules of t, compiling them once per template.
func Cached(t *juesuan.Template) (*Program, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if p, ok := cache[t]; ok {
		return p, nil
	}
	p, err := Compile(t)
	if err != nil {
		return nil, err
	}
	cache[t] = p
	return p, nil
}

// equality splits `[guard ->] T[r, c] == expr` into its parts: the form of
// the statements that derive fills and identities come from.
func (c *compiler) equality(x syntax.Expr, sc *scope) (guard evalFn, lhs *syntax.IndexExpr, rhs syntax.Expr, ok bool) {
	b, isBin := x.(*syntax.BinaryExpr)
	if !isBin {
		return nil, nil, nil, false
	}
	if b.Op == "->" {
		g, k, _ := c.expr(b.X, sc)
		inner, isBin := b.Y.(*syntax.BinaryExpr)
		if g == nil || k != KBool || !isBin {
			return nil, nil, nil, false
		}
		guard, b = g, inner
	}
	if b.Op != "==" {
		return nil, nil, nil, false
	}
	ix, isIx := b.X.(*syntax.IndexExpr)
	if !isIx {
		return nil, nil, nil, false
	}
	return guard, ix, b.Y, true
}
