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
	a, err := NewAcc(tpl)
	if err != nil {
		return nil, err
	}
	for _, in := range inputs {
		if err := a.Add(in); err != nil {
			return nil, err
		}
	}
	return a.Report(profile), nil
}

// Acc sums reports one at a time, so that a caller streaming inputs (files
// read in parallel, rows of the store) holds only the sums, never every
// report: 100,000 units aggregate in the memory of one. Cells are summed
// in a dense array indexed by the cells seen so far; facts in a running
// sum (internal factsAcc). Inputs must be added in a stable order for
// reproducible row names and reasons.
type Acc struct {
	tpl   *juesuan.Template
	p     *check.Program
	idx   map[juesuan.CellRef]int
	refs  []juesuan.CellRef
	vals  []juesuan.Amount
	names map[juesuan.RowRef]string
	facts factsAcc
	unit  juesuan.MoneyUnit
	n     int
}

// NewAcc starts an empty sum for template tpl.
func NewAcc(tpl *juesuan.Template) (*Acc, error) {
	p, err := audit.Program(tpl)
	if err != nil {
		return nil, err
	}
	return &Acc{tpl: tpl, p: p, idx: map[juesuan.CellRef]int{}, names: map[juesuan.RowRef]string{}}, nil
}

// Add adds one unit's report (its blank totals filled; it is not changed).
func (a *Acc) Add(in Input) error {
	r := in.Report
	if r.Year != a.tpl.Year || r.Template != a.tpl.ID {
		return juesuan.Errorf(juesuan.EINVALID, "单位 %s 的报表是 %d 年度（模板 %s），不能与 %d 年度（模板 %s）汇总", in.Unit, r.Year, r.Template, a.tpl.Year, a.tpl.ID)
	}
	u := r.MoneyUnit
	if u == "" {
		u = juesuan.UnitWanyuan
	}
	if a.n == 0 {
		a.unit = u
	} else if a.unit != u {
		a.unit = juesuan.UnitWanyuan
	}
	full := withDerived(a.tpl, r)
	for c, v := range full.Cells {
		i, ok := a.idx[c]
		if !ok {
			if !summable(a.tpl, c.Table) {
				continue
			}
			i = len(a.vals)
			a.idx[c] = i
			a.refs = append(a.refs, c)
			a.vals = append(a.vals, 0)
		}
		a.vals[i] += v
	}
	for k, name := range r.RowNames {
		if _, ok := a.names[k]; !ok && summable(a.tpl, k.Table) {
			a.names[k] = name
		}
	}
	a.facts.add(&r.Facts, in.Unit)
	a.n++
	return nil
}

// Len is the number of reports added.
func (a *Acc) Len() int { return a.n }

// Report returns the aggregate: the summed cells and facts, the totals
// derived, profile naming the aggregate unit.
func (a *Acc) Report(profile juesuan.Profile) *juesuan.Report {
	out := juesuan.NewReport(a.tpl.Year, a.tpl.ID)
	out.MoneyUnit = a.unit
	if out.MoneyUnit == "" {
		out.MoneyUnit = juesuan.UnitWanyuan
	}
	for i, c := range a.refs {
		out.Cells[c] = a.vals[i]
	}
	for k, v := range a.names {
		out.RowNames[k] = v
	}
	out.Facts = a.facts.result(a.n > 1)
	out.Unit = mergeProfile(profile, out.Unit)
	_ = audit.Derive(a.tpl, out) // the rules compiled in NewAcc
	// Every summed cell is a stated figure of the aggregate, so the file
	// written from it lists totals explicitly.
	out.Derived = map[juesuan.CellRef]bool{}
	return out
}

func mergeProfile(p, summed juesuan.Profile) juesuan.Profile {
	p.Staff = summed.Staff
	return p
}

// withDerived returns r with its blank totals filled: r itself when it is
// already complete (it is only read), else a filled copy.
func withDerived(tpl *juesuan.Template, r *juesuan.Report) *juesuan.Report {
	if r.Complete {
		return r
	}
	c := r.Clone()
	_ = audit.Derive(tpl, c) // the rules compiled in NewAcc
	return c
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
