package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/perf"
)

func init() {
	register(command{"perf", "按计分规则为绩效自评表计分，列出计算得分、自评得分和等级", cmdPerf})
}

func cmdPerf(e *env, args []string) int {
	o, code, ok := reportFlags(e, "perf", args)
	if !ok {
		return code
	}
	if !o.batch {
		return perfOne(e, o, o.inputs[0], false)
	}
	worst, codes, took := runBatch(e, "计分", o.inputs, func(e *env, path string) int {
		return perfOne(e, o, path, true)
	})
	sum := e.stdout
	if o.format == "json" {
		sum = e.stderr
	}
	batchSummary(sum, "计分", codes, took, [3]string{"完成", "", "无法读取"}, "")
	return worst
}

// perfOne scores one report's 绩效自评表; in a batch, JSON is one line
// with the file added.
func perfOne(e *env, o reportOpts, path string, batch bool) int {
	r, tpl, err := loadReport(e, path, o.year, o.template)
	if err != nil {
		return batchFail(e, o, path, batch, err)
	}
	sum, err := perf.Summarize(tpl, r)
	if err != nil {
		return fail(e, fmt.Errorf("%s: %v", path, err))
	}
	switch {
	case o.format == "json" && batch:
		if err := writeJSONLine(e, struct {
			File string `json:"file"`
			Perf any    `json:"perf"`
		}{path, perfJSON(sum)}); err != nil {
			return fail(e, err)
		}
	case o.format == "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(perfJSON(sum)); err != nil {
			return fail(e, err)
		}
	default:
		if batch {
			fmt.Fprintf(e.stdout, "== %s ==\n", path)
		}
		printPerf(e.stdout, r, sum)
		if batch {
			fmt.Fprintln(e.stdout)
		}
	}
	return exitOK
}

func printPerf(w io.Writer, r *juesuan.Report, sum *perf.Summary) {
	fmt.Fprintf(w, "%s %d 年度绩效自评计分\n", r.Unit.Name, r.Year)
	if len(sum.Sheets) == 0 {
		fmt.Fprintln(w, "\n报表没有绩效自评表。")
		return
	}
	for _, res := range sum.Sheets {
		s, rl := res.Sheet, res.Rules
		fmt.Fprintf(w, "\n%s（%s，计分规则：%s）\n", s.Title, s.Kind, rl.Name)
		b := res.Budget
		fmt.Fprintf(w, "  预算执行（%s分）：预算数 %s 万元，执行数 %s 万元，执行率 %s；计算 %s，自评 %s\n",
			b.Weight, b.Adjusted.Wan(), b.Executed.Wan(), b.RateText(), rl.Format(b.Computed), declared(b.Declared))
		for _, g := range res.Goals {
			fmt.Fprintf(w, "  %s（%s分）\n", g.Goal.Title, g.Goal.Weight)
			for _, ir := range g.Indicators {
				mark := ""
				if ir.Declared != nil && *ir.Declared != ir.Computed {
					mark = "  ≠"
				}
				fmt.Fprintf(w, "    %s（%s分）目标 %s，实际 %s：计算 %s，自评 %s%s\n",
					ir.Path(), ir.Indicator.Weight, ir.Indicator.Target, ir.Actual.Text, rl.Format(ir.Computed), declared(ir.Declared), mark)
			}
		}
		dt := res.DeclaredSum
		if res.Declared != nil {
			dt = *res.Declared
		}
		fmt.Fprintf(w, "  总分：计算 %s 分（%s）；自评 %s 分（%s）\n", rl.Format(res.Computed), res.Grade, dt, res.DeclaredGrade)
	}
	fmt.Fprintf(w, "\n共 %d 个项目，资金 %s 万元；%d 个单位整体，资金 %s 万元。\n",
		sum.Projects, sum.ProjectFunds.Wan(), sum.Units, sum.UnitFunds.Wan())
}

func declared(p *juesuan.Points) string {
	if p == nil {
		return "未填"
	}
	return p.String()
}

// The JSON form gives scores as decimal strings so no reader turns them
// into floating point.
type perfSheetOut struct {
	Title         string        `json:"title"`
	Kind          string        `json:"kind"`
	Project       string        `json:"project,omitempty"`
	Rules         string        `json:"rules"`
	Budget        perfBudgetOut `json:"budget"`
	Indicators    []perfIndOut  `json:"indicators"`
	Computed      string        `json:"computed"`
	Grade         string        `json:"grade"`
	Declared      string        `json:"declared"`
	DeclaredGrade string        `json:"declared_grade"`
}

type perfBudgetOut struct {
	Weight   string `json:"weight"`
	Adjusted string `json:"adjusted"`
	Executed string `json:"executed"`
	Rate     string `json:"rate"`
	Computed string `json:"computed"`
	Declared string `json:"declared,omitempty"`
}

type perfIndOut struct {
	Goal     string   `json:"goal"`
	Path     string   `json:"path"`
	Kind     string   `json:"kind"`
	Weight   string   `json:"weight"`
	Target   string   `json:"target"`
	Actual   string   `json:"actual"`
	Basis    string   `json:"basis"`
	Level    string   `json:"level,omitempty"`
	Computed string   `json:"computed"`
	Declared string   `json:"declared,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

func perfJSON(sum *perf.Summary) any {
	sheets := []perfSheetOut{}
	for _, res := range sum.Sheets {
		rl, s, b := res.Rules, res.Sheet, res.Budget
		o := perfSheetOut{Title: s.Title, Kind: s.Kind, Project: s.Project, Rules: rl.Name,
			Budget: perfBudgetOut{Weight: b.Weight.String(), Adjusted: b.Adjusted.Wan(), Executed: b.Executed.Wan(),
				Rate: b.RateText(), Computed: rl.Format(b.Computed), Declared: optPoints(b.Declared)},
			Computed: rl.Format(res.Computed), Grade: res.Grade, DeclaredGrade: res.DeclaredGrade,
			Indicators: []perfIndOut{}}
		o.Declared = res.DeclaredSum.String()
		if res.Declared != nil {
			o.Declared = res.Declared.String()
		}
		for _, g := range res.Goals {
			for _, ir := range g.Indicators {
				o.Indicators = append(o.Indicators, perfIndOut{Goal: g.Goal.Title, Path: ir.Path(), Kind: ir.Kind,
					Weight: ir.Indicator.Weight.String(), Target: ir.Indicator.Target, Actual: ir.Actual.Text,
					Basis: string(ir.Basis), Level: ir.Level, Computed: rl.Format(ir.Computed),
					Declared: optPoints(ir.Declared), Problems: ir.Problems})
			}
		}
		sheets = append(sheets, o)
	}
	return struct {
		Projects     int            `json:"projects"`
		ProjectFunds string         `json:"project_funds"`
		Units        int            `json:"units"`
		UnitFunds    string         `json:"unit_funds"`
		Sheets       []perfSheetOut `json:"sheets"`
	}{sum.Projects, sum.ProjectFunds.Wan(), sum.Units, sum.UnitFunds.Wan(), sheets}
}

func optPoints(p *juesuan.Points) string {
	if p == nil {
		return ""
	}
	return p.String()
}
