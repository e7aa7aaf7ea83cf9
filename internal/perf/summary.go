package perf

import (
	"github.com/juesuan/juesuan"
)

// Summary is what the narrative section 十三 预算绩效情况说明 states
// about the self-evaluations, computed from the report's sheets.
type Summary struct {
	// Projects counts the 项目 sheets; ProjectBudget and ProjectFunds add
	// their 全年预算数 and 全年执行数 ("共涉及项目 1 个，资金 25.25 万元").
	Projects      int
	ProjectBudget juesuan.Amount
	ProjectFunds  juesuan.Amount
	// Units counts the 部门整体 sheets; UnitBudget and UnitFunds add theirs
	// ("对 1 个部门开展整体支出绩效自评，资金 122.4 万元").
	Units      int
	UnitBudget juesuan.Amount
	UnitFunds  juesuan.Amount
	// Sheets are the scored sheets in file order.
	Sheets []*Result
}

// Summarize scores every sheet of r.
func Summarize(t *juesuan.Template, r *juesuan.Report) (*Summary, error) {
	s := &Summary{}
	for i := range r.PerfSheets {
		sh := &r.PerfSheets[i]
		res, err := Score(t, sh)
		if err != nil {
			return nil, err
		}
		s.Sheets = append(s.Sheets, res)
		switch sh.Kind {
		case juesuan.PerfSheetProject:
			s.Projects++
			s.ProjectBudget += sh.Budget.Adjusted
			s.ProjectFunds += sh.Budget.Executed
		case juesuan.PerfSheetUnit:
			s.Units++
			s.UnitBudget += sh.Budget.Adjusted
			s.UnitFunds += sh.Budget.Executed
		}
	}
	return s, nil
}
