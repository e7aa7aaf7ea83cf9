package audit

import (
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/perf"
)

// The 绩效自评 checks: weights, declared against computed scores, targets
// far exceeded, and the sheets' amounts against the tables.
func init() { Register(checkPerf) }

func checkPerf(t *juesuan.Template, r *juesuan.Report) []juesuan.Finding {
	var fs []juesuan.Finding
	var projectExec juesuan.Amount
	projects := 0
	for i := range r.PerfSheets {
		s := &r.PerfSheets[i]
		where := sheetName(s, i)
		res, err := perf.Score(t, s)
		if err != nil {
			fs = append(fs, juesuan.Finding{Rule: "P0.scoring", Severity: juesuan.SevError, Where: where,
				Message: "无法读取绩效计分规则：" + err.Error()})
			continue
		}
		fs = append(fs, perfSheetFindings(res, where)...)
		fs = append(fs, perfTableFindings(t, r, res, where)...)
		if s.Kind == juesuan.PerfSheetProject {
			projectExec += s.Budget.Executed
			projects++
		}
	}
	if projects > 0 {
		if c, ok := t.Key("expense_project"); ok {
			if v, ok := r.Cell(c); ok && projectExec > v {
				fs = append(fs, juesuan.Finding{Rule: "P6.budget-tables", Severity: juesuan.SevWarning,
					Cells: []string{c.String()}, Where: "绩效自评表（项目）", Expected: "≤ " + v.Wan(), Actual: projectExec.Wan(),
					Message: fmt.Sprintf("%d 张项目支出绩效自评表的全年执行数合计 %s 万元，大于%s %s 万元", projects, projectExec.Wan(), columnTotal(t, c), v.Wan())})
			}
		}
	}
	return fs
}

func sheetName(s *juesuan.PerfSheet, i int) string {
	switch {
	case s.Title != "":
		return "绩效自评表《" + s.Title + "》"
	case s.Project != "":
		return "项目支出绩效自评表（" + s.Project + "）"
	}
	return fmt.Sprintf("第 %d 张绩效自评表（%s）", i+1, s.Kind)
}

func perfSheetFindings(res *perf.Result, where string) []juesuan.Finding {
	var fs []juesuan.Finding
	rl, s := res.Rules, res.Sheet
	add := func(rule string, sev juesuan.Severity, w, exp, act, msg string) {
		fs = append(fs, juesuan.Finding{Rule: rule, Severity: sev, Where: w, Expected: exp, Actual: act, Message: msg})
	}
	pts := rl.Format

	// Weights.
	if kd := rl.Kinds[s.Kind]; kd == nil {
		add("P3.weights", juesuan.SevWarning, where, "", s.Kind,
			fmt.Sprintf("绩效自评表的类型“%s”应为 %s 或 %s", s.Kind, juesuan.PerfSheetUnit, juesuan.PerfSheetProject))
	} else if juesuan.Points(kd.Budget*100) != res.Budget.Weight {
		add("P3.weights", juesuan.SevWarning, where+" 预算执行情况", fmt.Sprint(kd.Budget), res.Budget.Weight.String(),
			fmt.Sprintf("%s绩效自评表的预算执行分值一般为 %d 分，本表为 %s 分", s.Kind, kd.Budget, res.Budget.Weight))
	}
	if total := juesuan.Points(rl.Total * 100); res.WeightSum != total {
		add("P3.weights", juesuan.SevError, where, fmt.Sprint(rl.Total), res.WeightSum.String(),
			fmt.Sprintf("预算执行分值 %s 与各年度目标分值合计 %s 分，应为 %d 分", res.Budget.Weight, res.WeightSum, rl.Total))
	}
	for _, c := range res.Level1 {
		if c.Expected != c.Actual {
			add("P3.weights", juesuan.SevWarning, where+" "+c.Name, c.Expected.String(), c.Actual.String(),
				fmt.Sprintf("项目支出绩效自评表的%s分值一般为 %s 分（无满意度指标时其分值移入产出、效益指标），本表各三级指标合计 %s 分", c.Name, c.Expected, c.Actual))
		}
	}
	// 预算执行.
	b := res.Budget
	bw := where + " 预算执行情况"
	if !b.RateOK {
		add("P6.budget-rate", juesuan.SevWarning, bw, "", "",
			fmt.Sprintf("全年预算数为 %s 万元，无法计算执行率和预算执行得分", b.Adjusted.Wan()))
	} else {
		if p := strings.TrimSpace(s.Budget.Rate); p != "" && p != b.RateText() {
			add("P6.budget-rate", juesuan.SevWarning, bw, b.RateText(), p,
				fmt.Sprintf("执行率印为 %s，按执行数 %s ÷ 预算数 %s 应为 %s", p, b.Executed.Wan(), b.Adjusted.Wan(), b.RateText()))
		}
		if d := b.Declared; d != nil {
			if *d > b.Weight || *d < 0 {
				add("P2.declared-above-weight", juesuan.SevError, bw, "≤ "+b.Weight.String(), d.String(),
					fmt.Sprintf("预算执行得分 %s 超出分值 %s", d, b.Weight))
			} else if *d != b.Computed {
				add("P1.declared-score", juesuan.SevWarning, bw, pts(b.Computed), d.String(),
					fmt.Sprintf("预算执行得分按 %s分 × 执行率 %s 计算为 %s 分，自评得分为 %s 分，两者不一致，请说明原因", b.Weight, b.RateText(), pts(b.Computed), d))
			}
		}
	}

	for _, g := range res.Goals {
		gw := where + " " + g.Goal.Title
		if g.WeightSum != g.Goal.Weight {
			add("P3.weights", juesuan.SevError, gw, g.Goal.Weight.String(), g.WeightSum.String(),
				fmt.Sprintf("%s的分值为 %s 分，其三级指标分值合计 %s 分", g.Goal.Title, g.Goal.Weight, g.WeightSum))
		}
		for _, gc := range g.Groups {
			if gc.Printed == gc.Sum {
				continue
			}
			name := gc.Level1
			if gc.Level2 != "" {
				name += "/" + gc.Level2
			}
			add("P3.weights", juesuan.SevWarning, gw+" "+name, gc.Sum.String(), gc.Printed.String(),
				fmt.Sprintf("%s印出的分值为 %s 分，其下三级指标分值合计 %s 分", name, gc.Printed, gc.Sum))
		}
		for _, ir := range g.Indicators {
			fs = append(fs, indicatorFindings(rl, ir, gw+" "+ir.Path())...)
		}
	}

	// Totals.
	if res.Declared != nil && *res.Declared != res.DeclaredSum {
		add("P4.declared-total", juesuan.SevError, where+" 总分", res.DeclaredSum.String(), res.Declared.String(),
			fmt.Sprintf("总分印为 %s 分，各项自评得分合计 %s 分", res.Declared, res.DeclaredSum))
	}
	declared := res.DeclaredSum
	if res.Declared != nil {
		declared = *res.Declared
	}
	add("P4.total", juesuan.SevInfo, where+" 总分", pts(res.Computed), declared.String(),
		fmt.Sprintf("自评总分 %s 分（%s）；按计分规则“%s”计算 %s 分（%s）", declared, res.DeclaredGrade, rl.Name, pts(res.Computed), res.Grade))
	return fs
}

func indicatorFindings(rl *perf.Rules, ir perf.IndicatorResult, where string) []juesuan.Finding {
	var fs []juesuan.Finding
	add := func(rule string, sev juesuan.Severity, exp, act, msg string) {
		fs = append(fs, juesuan.Finding{Rule: rule, Severity: sev, Where: where, Expected: exp, Actual: act, Message: msg})
	}
	in := ir.Indicator
	for _, p := range ir.Problems {
		add("P7.values", juesuan.SevWarning, "", "", fmt.Sprintf("“%s”：%s", in.Name, p))
	}
	if in.Weight <= 0 {
		add("P3.weights", juesuan.SevError, "> 0", in.Weight.String(), fmt.Sprintf("“%s”的分值应大于 0", in.Name))
	}
	d := ir.Declared
	if d == nil {
		if ir.Basis != perf.BasisDeclared {
			add("P1.declared-score", juesuan.SevInfo, rl.Format(ir.Computed), "",
				fmt.Sprintf("“%s”没有填写得分；按计分规则计算为 %s 分", in.Name, rl.Format(ir.Computed)))
		}
	} else if *d > in.Weight || *d < 0 {
		add("P2.declared-above-weight", juesuan.SevError, "≤ "+in.Weight.String(), d.String(),
			fmt.Sprintf("“%s”的得分 %s 超出其分值 %s", in.Name, d, in.Weight))
	} else if ir.Basis != perf.BasisDeclared && *d != ir.Computed {
		add("P1.declared-score", juesuan.SevWarning, rl.Format(ir.Computed), d.String(),
			fmt.Sprintf("“%s”%s，自评得分为 %s 分，两者不一致，请说明原因", in.Name, how(rl, ir), d))
	}
	if ir.OverTarget {
		add("P5.target-low", juesuan.SevWarning, "< "+fmt.Sprint(rl.OverTargetPercent)+"%", pct(ir.Achievement),
			fmt.Sprintf("“%s”实际完成值 %s 达到年初目标值 %s 的 %s（≥ %d%%），目标值可能定得偏低，请分析原因", in.Name, in.Actual, in.Target, pct(ir.Achievement), rl.OverTargetPercent))
	}
	return fs
}

// how explains a computed score: "按正向（权重×B/A）计算 3分 × 99.50%/100.00% = 2.99 分".
func how(rl *perf.Rules, ir perf.IndicatorResult) string {
	c := rl.Format(ir.Computed)
	switch ir.Basis {
	case perf.BasisFormula:
		a, b := ir.Target.Num.String()+ir.Target.Unit, ir.Actual.Num.String()+ir.Actual.Unit
		expr := fmt.Sprintf("%s分 × %s/%s", ir.Indicator.Weight, b, a)
		if ir.Comparator == perf.LE {
			expr = fmt.Sprintf("%s分 × %s/%s", ir.Indicator.Weight, a, b)
		}
		return fmt.Sprintf("按%s计算：%s = %s 分（不超过分值）", ir.Method, expr, c)
	case perf.BasisBand, perf.BasisBandTop:
		return fmt.Sprintf("为定性指标，完成档次“%s”对应 %s–%s 分，计算得分取 %s 分", ir.Level, rl.Format(ir.Low), rl.Format(ir.High), c)
	case perf.BasisParts:
		return fmt.Sprintf("按下级单位资金额度加权汇总为 %s 分", c)
	case perf.BasisMissing:
		return "没有实际完成值，计 0 分"
	}
	return "计算得分为 " + c + " 分"
}

func pct(bp int64) string { return fmt.Sprintf("%d.%02d%%", bp/100, bp%100) }

// perfTableFindings compares a sheet's amounts with the tables and the
// narrative facts.
func perfTableFindings(t *juesuan.Template, r *juesuan.Report, res *perf.Result, where string) []juesuan.Finding {
	var fs []juesuan.Finding
	s := res.Sheet
	cmp := func(label string, got juesuan.Amount, key string, what func(*juesuan.Template, juesuan.CellRef) string) {
		ref, ok := t.Key(key)
		if !ok {
			return
		}
		v, ok := r.Cell(ref)
		if !ok || v.RoundTo(juesuan.Cent) == got.RoundTo(juesuan.Cent) {
			return
		}
		fs = append(fs, juesuan.Finding{Rule: "P6.budget-tables", Severity: juesuan.SevWarning, Cells: []string{ref.String()},
			Where: where + " " + label, Expected: v.Wan(), Actual: got.Wan(),
			Message: fmt.Sprintf("%s %s 万元与%s %s 万元不一致", label, got.Wan(), what(t, ref), v.Wan())})
	}
	switch s.Kind {
	case juesuan.PerfSheetUnit:
		cmp("全年执行数", s.Budget.Executed, "expense_sum", columnName)
		cmp("全年执行数", s.Budget.Executed, "expense_year", rowName)
		if s.BasicTotal != nil {
			cmp("基本支出总额", *s.BasicTotal, "expense_basic", columnTotal)
		}
		if s.ProjectTotal != nil {
			cmp("项目支出总额", *s.ProjectTotal, "expense_project", columnTotal)
		}
		if b := r.Performance.UnitBudget; b != nil && *b != s.Budget.Adjusted {
			fs = append(fs, juesuan.Finding{Rule: "P6.budget-tables", Severity: juesuan.SevWarning, Where: where + " 全年预算数",
				Expected: b.Wan(), Actual: s.Budget.Adjusted.Wan(),
				Message: fmt.Sprintf("全年预算数 %s 万元与情况说明十三所写单位全年预算数 %s 万元不一致", s.Budget.Adjusted.Wan(), b.Wan())})
		}
	case juesuan.PerfSheetProject:
		for _, ps := range r.Performance.Projects_ {
			if ps.Name != s.Project {
				continue
			}
			for _, c := range []struct {
				label     string
				got, want juesuan.Amount
			}{{"全年预算数", s.Budget.Adjusted, ps.Budget}, {"全年执行数", s.Budget.Executed, ps.Executed}} {
				if c.got != c.want {
					fs = append(fs, juesuan.Finding{Rule: "P6.budget-tables", Severity: juesuan.SevWarning, Where: where + " " + c.label,
						Expected: c.want.Wan(), Actual: c.got.Wan(),
						Message: fmt.Sprintf("%s %s 万元与情况说明十三(三)项目“%s”所写 %s 万元不一致", c.label, c.got.Wan(), ps.Name, c.want.Wan())})
				}
			}
		}
	}
	return fs
}

// columnName names a cell by its table and column: 表3 本年支出合计.
func columnName(t *juesuan.Template, c juesuan.CellRef) string {
	ts, _ := t.Table(c.Table)
	col, _ := ts.Column(c.Col)
	return ts.Code() + " " + col.Name
}

// columnTotal names the 合计 row of a column: 表3 基本支出合计.
func columnTotal(t *juesuan.Template, c juesuan.CellRef) string {
	return columnName(t, c) + "合计"
}

// rowName names a cell of a fixed row by its label and 行次: 表1
// 本年支出合计（57行）.
func rowName(t *juesuan.Template, c juesuan.CellRef) string {
	ts, _ := t.Table(c.Table)
	row, _ := ts.Row(c.Row)
	return ts.Code() + " " + row.Label + "（" + c.Row + "行）"
}
