// Package aggregate builds the 汇总 report of a department: the sum of its
// units' reports over the whole subtree (完全汇总) or over chosen units
// (选择汇总), in memory or from the store's SQL sums.
package aggregate

import (
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/rule/eval"
)

// Input is one unit's report.
type Input struct {
	Unit   string // 单位代码
	Report *juesuan.Report
}

// Sum adds the reports cell by cell over all tables, hierarchy rows
// included, after filling each input's blank totals; facts that are
// amounts or counts are summed too. The inputs are not changed.
// profile names the aggregate unit.
func Sum(tpl *juesuan.Template, inputs []Input, profile juesuan.Profile) (*juesuan.Report, error) {
	if len(inputs) == 0 {
		return nil, juesuan.Errorf(juesuan.EINVALID, "没有可汇总的报表")
	}
	p, err := audit.Program(tpl)
	if err != nil {
		return nil, err
	}
	out := juesuan.NewReport(tpl.Year, tpl.ID)
	out.MoneyUnit = commonUnit(inputs)
	facts := make([]*juesuan.Facts, 0, len(inputs))
	for _, in := range inputs {
		r := in.Report
		if r.Year != tpl.Year || r.Template != tpl.ID {
			return nil, juesuan.Errorf(juesuan.EINVALID, "单位 %s 的报表是 %d 年度（模板 %s），不能与 %d 年度（模板 %s）汇总", in.Unit, r.Year, r.Template, tpl.Year, tpl.ID)
		}
		full := withDerived(p, r)
		for c, v := range full.Cells {
			if summable(tpl, c.Table) {
				out.Cells[c] += v
			}
		}
		for k, name := range r.RowNames {
			if _, ok := out.RowNames[k]; !ok && summable(tpl, k.Table) {
				out.RowNames[k] = name
			}
		}
		facts = append(facts, &r.Facts)
	}
	out.Facts = SumFacts(facts, labels(inputs))
	out.Unit = mergeProfile(profile, out.Unit)
	eval.Derive(p, out)
	// Every summed cell is a stated figure of the aggregate, so the file
	// written from it lists totals explicitly.
	out.Derived = map[juesuan.CellRef]bool{}
	return out, nil
}

func labels(inputs []Input) []string {
	out := make([]string, len(inputs))
	for i, in := range inputs {
		out[i] = in.Unit
	}
	return out
}

func mergeProfile(p, summed juesuan.Profile) juesuan.Profile {
	p.Staff = summed.Staff
	return p
}

// withDerived returns r with its blank totals filled: r itself when it is
// already complete (it is only read), else a filled copy.
func withDerived(p *check.Program, r *juesuan.Report) *juesuan.Report {
	if r.Complete {
		return r
	}
	c := r.Clone()
	eval.Derive(p, c)
	return c
}

func commonUnit(inputs []Input) juesuan.MoneyUnit {
	u := inputs[0].Report.MoneyUnit
	for _, in := range inputs[1:] {
		if in.Report.MoneyUnit != u {
			return juesuan.UnitWanyuan
		}
	}
	if u == "" {
		return juesuan.UnitWanyuan
	}
	return u
}

// CheckInputs audits every input and prefixes each finding with its unit,
// so that a problem seen in the aggregate can be traced to the unit that
// brought it.
func CheckInputs(tpl *juesuan.Template, inputs []Input) ([]juesuan.Finding, error) {
	var out []juesuan.Finding
	for _, in := range inputs {
		fs, err := audit.Check(tpl, in.Report.Clone())
		if err != nil {
			return nil, err
		}
		name := in.Report.Unit.Name
		for _, f := range fs {
			f.Message = fmt.Sprintf("[单位 %s %s] %s", in.Unit, name, f.Message)
			f.Where = strings.TrimSpace("单位 " + in.Unit + " " + f.Where)
			out = append(out, f)
		}
	}
	return out, nil
}
