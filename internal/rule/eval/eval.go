// Package eval runs a compiled rule program over a report and turns the
// outcomes into findings with cells, expected and actual values and a
// Chinese message.
package eval

import (
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/check"
)

// maxDerivePasses bounds the fill of blank totals: each pass can complete
// one level of the hierarchy (项 → 款 → 类 → 合计 → 总计).
const maxDerivePasses = 8

// Derive fills the totals that the report leaves blank, using the rules
// marked `derive`. A total the report gives is never replaced.
func Derive(p *check.Program, r *juesuan.Report) {
	derive(p, r)
}

// DeriveValues fills r's blank totals as Derive does, on the dense form,
// without recording what each total was computed from (r.DerivedFrom is
// left alone); when a derive rule has no dense form it is Derive.
func DeriveValues(p *check.Program, r *juesuan.Report) {
	for _, ru := range p.Rules {
		if ru.Derive && !ru.HasFastFill() {
			derive(p, r)
			return
		}
	}
	// Passes as derive's: which rules run is decided on the report as it
	// was when the pass began (stale), the fills see each other at once
	// (live). A report whose totals disagree (a total given, its parts
	// not adding up) makes rules undo each other until the passes run
	// out, and the values then depend on that order: kept the same, they
	// are the same.
	live := p.NewFastEnv(r)
	for i := 0; i < maxDerivePasses; i++ {
		stale := p.NewFastEnv(r)
		changed := false
		for _, ru := range p.Rules {
			if !ru.Derive || !ru.NeedsFill(stale) {
				continue
			}
			if ru.FastFill(live) {
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	r.Complete = true
}

// derive returns the dense form of the report after the fill.
func derive(p *check.Program, r *juesuan.Report) *check.FastEnv {
	fast := p.NewFastEnv(r)
	var env *check.Env
	for i := 0; i < maxDerivePasses; i++ {
		changed := false
		for _, ru := range p.Rules {
			if !ru.Derive || !ru.NeedsFill(fast) {
				continue
			}
			if env == nil {
				env = check.NewEnv(p.Template, r)
			}
			if ru.Fill(env) {
				changed = true
			}
		}
		if !changed {
			r.Complete = true
			return fast
		}
		fast = p.NewFastEnv(r)
	}
	r.Complete = true
	return fast
}

// Audit derives blank totals and evaluates every rule.
func Audit(p *check.Program, r *juesuan.Report) []juesuan.Finding {
	fast := derive(p, r)
	env := check.NewEnv(p.Template, r)
	env.Notes = p.Notes()
	env.Fast = fast
	var out []juesuan.Finding
	for _, ru := range p.Rules {
		// Most rules pass; only a rule that does not is evaluated again
		// with provenance to build its findings.
		if o, ok := ru.Fast(fast); ok && o == check.Pass {
			continue
		}
		ru.Run(env, func(res check.Result) {
			if res.Out == check.Pass {
				return
			}
			if len(res.Problems) > 0 {
				for _, pr := range res.Problems {
					sev := ru.Severity
					if pr.Severity != "" {
						sev = pr.Severity
					}
					out = append(out, juesuan.Finding{Rule: ru.ID, Severity: sev, Cells: refs(pr.Cells),
						Expected: pr.Expected, Actual: pr.Actual, Message: pr.Message, Where: pr.Where, Mandatory: ru.Mandatory && sev == juesuan.SevError})
				}
				return
			}
			f := finding(env, ru, res)
			// A rounding drift is reported as a warning and is no
			// longer a 强制 failure.
			f.Mandatory = ru.Mandatory && f.Severity == juesuan.SevError
			out = append(out, f)
		})
	}
	return out
}

func finding(env *check.Env, ru *check.Rule, res check.Result) juesuan.Finding {
	f := juesuan.Finding{Rule: ru.ID, Severity: ru.Severity}
	v := res.Value
	cmp := v.Cmp
	if cmp == nil {
		f.Cells = refs(dedupe(append(append([]juesuan.CellRef{}, v.Refs...), v.Cells...)))
		f.Message = fmt.Sprintf("%s：条件不成立（%s）", ru.Title, res.Stmt)
		return f
	}
	f.Refs = refs(dedupe(append(append([]juesuan.CellRef{}, cmp.Left.Refs...), cmp.Right.Refs...)))
	cells := append([]juesuan.CellRef{}, cmp.Left.Refs...)
	if len(cmp.Left.Refs) > 1 {
		cells = append([]juesuan.CellRef{}, cmp.Left.Cells...)
	}
	if len(cmp.Right.Refs) == 1 {
		cells = append(cells, cmp.Right.Refs...)
	} else {
		cells = append(cells, cmp.Right.Cells...)
	}
	f.Cells = refs(dedupe(withSources(env.R, cells)))
	if cmp.Left.Kind == check.KStr {
		f.Expected, f.Actual = cmp.Right.Str, cmp.Left.Str
		f.Message = fmt.Sprintf("%s：“%s”与“%s”不符", ru.Title, cmp.Left.Str, cmp.Right.Str)
		return f
	}
	f.Actual, f.Expected = money(cmp.Left.Num), money(cmp.Right.Num)
	diff := cmp.Left.Num - cmp.Right.Num
	if diff < 0 {
		diff = -diff
	}
	left, right := describe(env, cmp.Left), describe(env, cmp.Right)
	rel := map[string]string{"==": "应等于", "!=": "不应等于", "<": "应小于", "<=": "应不大于", ">": "应大于", ">=": "应不小于"}[cmp.Op]
	f.Message = fmt.Sprintf("%s：%s 为 %s，%s %s %s", ru.Title, left, f.Actual, rel, right, f.Expected)
	if cmp.Op != "!=" {
		f.Message += fmt.Sprintf("，相差 %s 万元", money(diff))
	}
	if res.Out == check.Drift {
		if f.Severity == juesuan.SevError {
			f.Severity = juesuan.SevWarning
		}
		f.Message += fmt.Sprintf("。差额在舍位误差以内（%d 个数各自四舍五入到 0.01 万元），属舍位差异，发布前应做舍位平衡", cmp.Left.Terms+cmp.Right.Terms)
	}
	f.Message += "。"
	return f
}

// withSources adds, after each derived cell, the cells it was computed
// from (recursively): a wrong leaf behind a filled-in total is named.
func withSources(r *juesuan.Report, cells []juesuan.CellRef) []juesuan.CellRef {
	out := make([]juesuan.CellRef, 0, len(cells))
	var add func(c juesuan.CellRef, depth int)
	add = func(c juesuan.CellRef, depth int) {
		out = append(out, c)
		if depth < 8 && r.Derived[c] {
			for _, s := range r.DerivedFrom[c] {
				add(s, depth+1)
			}
		}
	}
	for _, c := range cells {
		add(c, 0)
	}
	return out
}

func money(a juesuan.Amount) string {
	if a%juesuan.Cent == 0 {
		return a.Wan()
	}
	return a.String()
}

func refs(cs []juesuan.CellRef) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.String())
	}
	return out
}

func dedupe(cs []juesuan.CellRef) []juesuan.CellRef {
	seen := map[juesuan.CellRef]bool{}
	var out []juesuan.CellRef
	for _, c := range cs {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// describe names the cells a value came from, for people.
func describe(env *check.Env, v check.Value) string {
	switch {
	case v.Label != "":
		return v.Label
	case len(v.Cells) == 1:
		return CellLabel(env.T, env.R, v.Cells[0])
	case len(v.Refs) == 1:
		return CellLabel(env.T, env.R, v.Refs[0])
	case len(v.Refs) == 0:
		if v.Terms > 0 {
			return "填报的数"
		}
		return "规定值"
	}
	list := v.Cells
	if len(list) == 0 {
		list = v.Refs
	}
	var names []string
	for i, c := range list {
		if i == 8 {
			names = append(names, fmt.Sprintf("等 %d 项", len(list)))
			break
		}
		names = append(names, shortLabel(env.T, env.R, c))
	}
	t := list[0].Table
	return fmt.Sprintf("表%d %s之和", t, strings.Join(names, "、"))
}

// CellLabel names a cell for people: 表6 302「商品和服务支出」.
func CellLabel(t *juesuan.Template, r *juesuan.Report, c juesuan.CellRef) string {
	ts, ok := t.Table(c.Table)
	if !ok {
		return c.String()
	}
	s := fmt.Sprintf("表%d %s", c.Table, rowLabel(t, r, ts, c.Row))
	if len(ts.Columns) > 1 {
		col, _ := ts.Column(c.Col)
		name := ""
		if col != nil {
			name = col.Name
		}
		s += fmt.Sprintf(" 第%s栏「%s」", c.Col, name)
	}
	return s
}

func shortLabel(t *juesuan.Template, r *juesuan.Report, c juesuan.CellRef) string {
	ts, _ := t.Table(c.Table)
	s := rowLabel(t, r, ts, c.Row)
	if ts != nil && len(ts.Columns) > 1 {
		s += " 第" + c.Col + "栏"
	}
	return s
}

func rowLabel(t *juesuan.Template, r *juesuan.Report, ts *juesuan.TableSpec, row string) string {
	if rs, ok := ts.Row(row); ok {
		if ts.RowKind == juesuan.RowsFixed {
			if rs.Title() == "" {
				return fmt.Sprintf("第%s行", row)
			}
			return fmt.Sprintf("第%s行「%s」", row, strings.TrimSpace(rs.Title()))
		}
		return "「" + strings.ReplaceAll(rs.Label, " ", "") + "」"
	}
	name := r.RowNames[juesuan.RowRef{Table: ts.Number, Row: row}]
	if name == "" {
		if e, ok := t.Catalogs[ts.Catalog].Lookup(row); ok {
			name = e.Name
		}
	}
	if name == "" {
		return row
	}
	return row + "「" + name + "」"
}
