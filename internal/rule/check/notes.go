package check

import (
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/syntax"
)

// Notes generates the formula lines printed in the 注 under each table
// from the rules marked `note`: "27行 = (1+2+3+4+5+6+7+8) 行",
// "1栏各行 = (2+3+4+5+6+7) 栏各行". So the printed formulas are always the
// ones the audit checks.
func (p *Program) Notes() map[int][]string {
	p.notesOnce.Do(func() { p.notes = p.makeNotes() })
	return p.notes
}

func (p *Program) makeNotes() map[int][]string {
	out := map[int][]string{}
	for _, r := range p.Rules {
		if !r.Note {
			continue
		}
		walkAsserts(r.AST.Body, map[string]bool{}, func(x syntax.Expr, loopVars map[string]bool) {
			if n, s, ok := p.noteOf(x, loopVars); ok {
				out[n] = append(out[n], s)
			}
		})
	}
	for n, lines := range out {
		// Row formulas print in row order, whichever rule file (some are
		// year-scoped) holds them.
		sort.SliceStable(lines, func(i, j int) bool { return noteRow(lines[i]) < noteRow(lines[j]) })
		for i := range lines {
			if i == len(lines)-1 {
				lines[i] += "。"
			} else {
				lines[i] += "；"
			}
		}
		out[n] = lines
	}
	return out
}

// noteRow is the row a "27行 = …" formula defines; other formulas keep
// their place after the row formulas.
func noteRow(s string) int {
	n, i := 0, 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
	}
	if i == 0 || !strings.HasPrefix(s[i:], "行") {
		return 1 << 30
	}
	return n
}

func walkAsserts(body []syntax.Stmt, vars map[string]bool, f func(syntax.Expr, map[string]bool)) {
	for _, s := range body {
		switch s := s.(type) {
		case *syntax.ForStmt:
			inner := map[string]bool{s.Var: true}
			for k := range vars {
				inner[k] = true
			}
			walkAsserts(s.Body, inner, f)
		case *syntax.ExprStmt:
			f(s.X, vars)
		}
	}
}

type term struct {
	sign string
	ix   *syntax.IndexExpr
}

func (p *Program) noteOf(x syntax.Expr, vars map[string]bool) (int, string, bool) {
	b, ok := x.(*syntax.BinaryExpr)
	if !ok || b.Op != "==" {
		return 0, "", false
	}
	lhs, ok := b.X.(*syntax.IndexExpr)
	if !ok || len(lhs.Args) != 2 {
		return 0, "", false
	}
	var terms []term
	if !collectTerms(b.Y, "+", &terms) || len(terms) == 0 {
		return 0, "", false
	}
	n := tableNumber(lhs.X.String())
	ts, ok := p.Template.Table(n)
	if !ok {
		return 0, "", false
	}
	rowSame, colSame := true, true
	for _, t := range terms {
		if t.ix.X.String() != lhs.X.String() || len(t.ix.Args) != 2 {
			return 0, "", false
		}
		rowSame = rowSame && t.ix.Args[0].String() == lhs.Args[0].String()
		colSame = colSame && t.ix.Args[1].String() == lhs.Args[1].String()
	}
	var unit, suffix string
	var axis int
	switch {
	case colSame && !rowSame:
		unit, axis = "行", 0
	case rowSame && !colSame:
		unit, axis = "栏", 1
		if id, ok := lhs.Args[0].(*syntax.Ident); ok && vars[id.Name] {
			suffix = "各行"
		}
	default:
		return 0, "", false
	}
	var parts []string
	for i, t := range terms {
		s := keysText(ts, t.ix.Args[axis], axis == 0)
		if s == "" {
			return 0, "", false
		}
		if i > 0 {
			s = t.sign + s
		}
		parts = append(parts, s)
	}
	left := keysText(ts, lhs.Args[axis], axis == 0)
	return n, left + unit + suffix + " = (" + strings.Join(parts, "") + ") " + unit + suffix, true
}

// collectTerms flattens a sum of cells: a + b - c, sum(T[1..8, 1]).
func collectTerms(x syntax.Expr, sign string, out *[]term) bool {
	switch x := x.(type) {
	case *syntax.BinaryExpr:
		if x.Op != "+" && x.Op != "-" {
			return false
		}
		right := "+"
		if x.Op == "-" {
			right = "-"
		}
		if sign == "-" {
			right = map[string]string{"+": "-", "-": "+"}[right]
		}
		return collectTerms(x.X, sign, out) && collectTerms(x.Y, right, out)
	case *syntax.CallExpr:
		if x.Fun.Name != "sum" {
			return false
		}
		for _, a := range x.Args {
			if !collectTerms(a, sign, out) {
				return false
			}
		}
		return true
	case *syntax.IndexExpr:
		*out = append(*out, term{sign, x})
		return true
	}
	return false
}

// keysText prints a row or column selector as the 注 does: a range of
// more than eight keys is shortened to "31+32+……+56".
func keysText(ts *juesuan.TableSpec, x syntax.Expr, row bool) string {
	switch x := x.(type) {
	case *syntax.NumberLit:
		return x.Text
	case *syntax.StringLit:
		return x.Value
	case *syntax.Ident:
		if row {
			if r, ok := ts.Row(x.Name); ok {
				return r.Label
			}
		}
		return ""
	case *syntax.RangeExpr:
		keys, ok := rangeKeys(ts, x, row)
		if !ok {
			return ""
		}
		if len(keys) > 8 {
			return keys[0] + "+" + keys[1] + "+……+" + keys[len(keys)-1]
		}
		return strings.Join(keys, "+")
	}
	return ""
}
