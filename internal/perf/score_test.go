package perf

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func pts(s string) *juesuan.Points {
	p, err := juesuan.ParsePoints(s)
	if err != nil {
		panic(err)
	}
	return &p
}

func TestScoreIndicator(t *testing.T) {
	tests := []struct {
		name     string
		rules    string
		in       juesuan.PerfIndicator
		computed string
		basis    Basis
		level    string
		problem  string // substring of a problem, "" for none
	}{
		{"正向 水电供给率", "default", juesuan.PerfIndicator{Weight: 300, Target: "100.00%", Actual: "99.50%"}, "2.99", BasisFormula, "", ""},
		{"反向 设备维修及时率", "default", juesuan.PerfIndicator{Weight: 300, Target: "24小时之内", Actual: "72小时之内"}, "1.00", BasisFormula, "", ""},
		{"反向 2x variant", "provincial", juesuan.PerfIndicator{Weight: 300, Target: "24小时之内", Actual: "72小时之内"}, "0.00", BasisFormula, "", ""},
		{"反向 2x variant 30h", "provincial", juesuan.PerfIndicator{Weight: 300, Target: "≤24小时", Actual: "30小时"}, "2.25", BasisFormula, "", ""},
		{"正向 工作环境改善度", "default", juesuan.PerfIndicator{Weight: 500, Target: "85%", Actual: "83.00%"}, "4.88", BasisFormula, "", ""},
		{"whole points", "whole-points", juesuan.PerfIndicator{Weight: 500, Target: "85%", Actual: "83.00%"}, "5", BasisFormula, "", ""},
		{"above target", "default", juesuan.PerfIndicator{Weight: 400, Target: "40%", Actual: "87.20%"}, "4.00", BasisFormula, "", ""},
		{"target 0 正向", "default", juesuan.PerfIndicator{Weight: 400, Target: "0", Actual: "3"}, "4.00", BasisFormula, "", ""},
		{"target 0 反向 missed", "default", juesuan.PerfIndicator{Weight: 400, Target: "≤0起", Actual: "1起"}, "0.00", BasisFormula, "", ""},
		{"actual 0", "default", juesuan.PerfIndicator{Weight: 400, Target: "≥100户", Actual: "0户"}, "0.00", BasisFormula, "", ""},
		{"missing actual", "default", juesuan.PerfIndicator{Weight: 400, Target: "≥100户", Declared: pts("4")}, "0.00", BasisMissing, "", "实际完成值未填写"},
		{"missing target keeps declared", "default", juesuan.PerfIndicator{Weight: 400, Actual: "1", Declared: pts("3")}, "3.00", BasisDeclared, "", "年初目标值未填写"},
		{"comparator override", "default", juesuan.PerfIndicator{Weight: 300, Target: "24小时", Actual: "72小时", Comparator: "反向"}, "1.00", BasisFormula, "", ""},
		{"bad comparator", "default", juesuan.PerfIndicator{Weight: 300, Target: "24", Actual: "72", Comparator: "大约"}, "0.00", BasisDeclared, "", "比较方向"},
		{"equal deviation", "provincial", juesuan.PerfIndicator{Weight: 400, Target: "=100%", Actual: "110%"}, "3.60", BasisFormula, "", ""},
		{"unit mismatch", "default", juesuan.PerfIndicator{Weight: 500, Target: "13000人次", Actual: "17251人"}, "5.00", BasisFormula, "", "单位"},
		{"unit field", "default", juesuan.PerfIndicator{Weight: 500, Target: "13000", Actual: "6500人次", Unit: "人次"}, "2.50", BasisFormula, "", ""},
		{"quantitative with word actual", "default", juesuan.PerfIndicator{Weight: 500, Target: "100%", Actual: "完成", Declared: pts("5")}, "5.00", BasisBand, "达成", ""},
		{"quantitative with unreadable actual", "default", juesuan.PerfIndicator{Weight: 500, Target: "100%", Actual: "见附件", Declared: pts("5")}, "5.00", BasisDeclared, "", "不是数值"},
		{"定性 declared in band", "default", juesuan.PerfIndicator{Weight: 500, Target: "设立两处服务点", Actual: "完成", Declared: pts("5")}, "5.00", BasisBand, "达成", ""},
		{"定性 kind forced", "default", juesuan.PerfIndicator{Weight: 500, Kind: "定性", Target: "100%", Actual: "基本完成", Declared: pts("3")}, "3.00", BasisBand, "部分达成", ""},
		{"定性 no declared: band top", "default", juesuan.PerfIndicator{Weight: 500, Target: "持续改善", Actual: "已完成"}, "5.00", BasisBandTop, "达成", ""},
		{"定性 unknown level", "default", juesuan.PerfIndicator{Weight: 500, Target: "持续改善", Actual: "见附件", Declared: pts("4")}, "4.00", BasisDeclared, "", "无法从实际完成值"},
		{"定性 level field", "default", juesuan.PerfIndicator{Weight: 500, Target: "持续改善", Actual: "见附件", Level: "部分达成", Declared: pts("4")}, "3.99", BasisBandTop, "部分达成", ""},
		{"定性 bad level", "default", juesuan.PerfIndicator{Weight: 500, Target: "持续改善", Actual: "完成", Level: "优秀", Declared: pts("4")}, "4.00", BasisDeclared, "", "不是计分规则中的档次"},
		// Bands at their boundaries (weight 5): 80 % = 4 is 达成, 50 % = 2.5 is 部分达成.
		{"达成 at 80%", "default", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "完成", Declared: pts("4")}, "4.00", BasisBand, "达成", ""},
		{"达成 below 80%", "default", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "完成", Declared: pts("3.99")}, "5.00", BasisBandTop, "达成", ""},
		{"部分 just under 80%", "default", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "部分完成", Declared: pts("3.99")}, "3.99", BasisBand, "部分达成", ""},
		{"部分 at 80% is outside", "default", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "部分完成", Declared: pts("4")}, "3.99", BasisBandTop, "部分达成", ""},
		{"部分 at 50%", "default", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "部分完成", Declared: pts("2.5")}, "2.50", BasisBand, "部分达成", ""},
		{"未达成 at 50% is outside", "default", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "未完成", Declared: pts("2.5")}, "2.49", BasisBandTop, "未达成", ""},
		{"未达成 at 0", "default", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "未完成", Declared: pts("0")}, "0.00", BasisBand, "未达成", ""},
		{"80/60 部分 at 60%", "provincial", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "部分完成", Declared: pts("3")}, "3.00", BasisBand, "部分达成", ""},
		{"80/60 部分 at 50% is outside", "provincial", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "部分完成", Declared: pts("2.5")}, "3.99", BasisBandTop, "部分达成", ""},
		{"80/60 未达成 top", "provincial", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "未完成"}, "2.99", BasisBandTop, "未达成", ""},
		{"whole points 部分 top", "whole-points", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "部分完成"}, "3", BasisBandTop, "部分达成", ""},
		{"whole points 部分 at 2.5 off-step", "whole-points", juesuan.PerfIndicator{Weight: 500, Target: "x", Actual: "部分完成", Declared: pts("2.5")}, "3", BasisBandTop, "部分达成", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rl := mustRules(t, tc.rules)
			in := tc.in
			in.Name = tc.name
			ir := rl.scoreIndicator(&in)
			if got := rl.Format(ir.Computed); got != tc.computed || ir.Basis != tc.basis || ir.Level != tc.level {
				t.Errorf("= %s %s %q, want %s %s %q (problems %v)", got, ir.Basis, ir.Level, tc.computed, tc.basis, tc.level, ir.Problems)
			}
			joined := strings.Join(ir.Problems, "；")
			if tc.problem == "" && joined != "" || !strings.Contains(joined, tc.problem) {
				t.Errorf("problems %q, want %q", joined, tc.problem)
			}
		})
	}
}

func TestAggregate(t *testing.T) {
	tests := []struct {
		name  string
		parts []juesuan.PerfPart
		want  string // aggregate value or score, or error substring after "!"
	}{
		{"absolute summed", []juesuan.PerfPart{{Name: "沌口", Funds: 10, Actual: "12000人次"}, {Name: "汉南", Funds: 30, Actual: "7971人次"}}, "19971人次"},
		{"relative weighted by funds", []juesuan.PerfPart{{Name: "沌口", Funds: 1, Actual: "100%"}, {Name: "汉南", Funds: 3, Actual: "90%"}}, "92.50%"},
		{"relative repeating", []juesuan.PerfPart{{Name: "a", Funds: 1, Actual: "100%"}, {Name: "b", Funds: 2, Actual: "99%"}}, "99.3333%"},
		{"scores weighted by funds", []juesuan.PerfPart{{Name: "a", Funds: 1, Actual: "完成", Score: pts("5")}, {Name: "b", Funds: 3, Actual: "部分完成", Score: pts("3")}}, "score 7/2"},
		{"score missing", []juesuan.PerfPart{{Name: "a", Funds: 1, Actual: "完成"}}, "!需填写其得分"},
		{"units differ", []juesuan.PerfPart{{Name: "a", Funds: 1, Actual: "1人"}, {Name: "b", Funds: 1, Actual: "1户"}}, "!不一致"},
		{"no funds", []juesuan.PerfPart{{Name: "a", Actual: "90%"}}, "!资金额度合计为 0"},
		{"negative funds", []juesuan.PerfPart{{Name: "a", Funds: -1, Actual: "90%"}}, "!不能为负"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			agg, err := Aggregate(tc.parts)
			if want, isErr := strings.CutPrefix(tc.want, "!"); isErr {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("err = %v, want %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := agg.Value.String()
			if agg.Score != nil {
				got = "score " + agg.Score.RatString()
			}
			if got != tc.want {
				t.Errorf("= %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLevel1Reallocation(t *testing.T) {
	rl := mustRules(t, "default")
	ind := func(l1 string, w juesuan.Points) juesuan.PerfIndicator {
		return juesuan.PerfIndicator{Level1: l1, Name: l1, Weight: w, Target: "100%", Actual: "100%"}
	}
	with := &juesuan.PerfSheet{Kind: "项目", Budget: juesuan.PerfBudget{Weight: 1000}, Goals: []juesuan.PerfGoal{{Weight: 9000,
		Indicators: []juesuan.PerfIndicator{ind("产出指标", 5000), ind("效益指标", 3000), ind("满意度指标", 1000)}}}}
	without := &juesuan.PerfSheet{Kind: "项目", Budget: juesuan.PerfBudget{Weight: 1000}, Goals: []juesuan.PerfGoal{{Weight: 9000,
		Indicators: []juesuan.PerfIndicator{ind("产出指标", 5500), ind("效益指标", 3500)}}}}
	for name, tc := range map[string]struct {
		s    *juesuan.PerfSheet
		want string
	}{
		"with 满意度":    {with, "产出指标 5000/5000 效益指标 3000/3000 满意度指标 1000/1000"},
		"without 满意度": {without, "产出指标 5500/5500 效益指标 3500/3500"},
	} {
		var got []string
		for _, c := range rl.Score(tc.s).Level1 {
			got = append(got, fmt.Sprintf("%s %d/%d", c.Name, c.Expected, c.Actual))
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: %q, want %q", name, strings.Join(got, " "), tc.want)
		}
	}
}

func loadExample(tb testing.TB) (*juesuan.Report, *juesuan.Template) {
	tb.Helper()
	r, tpl, err := reportfile.ReadFile(filepath.Join("..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return r, tpl
}

// The required numbers on the reference report's sheet.
func TestReferenceSheet(t *testing.T) {
	r, tpl := loadExample(t)
	sum, err := Summarize(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	res := sum.Sheets[0]
	rl := res.Rules
	if got := rl.Format(res.Budget.Computed); got != "18.35" || res.Budget.RateText() != "91.73%" {
		t.Errorf("预算执行 = %s at %s, want 18.35 at 91.73%%", got, res.Budget.RateText())
	}
	differ := map[string]string{"水电供给率": "2.99", "设备维修及时率": "1.00", "工作环境改善度": "4.88"}
	for _, g := range res.Goals {
		for _, ir := range g.Indicators {
			got := rl.Format(ir.Computed)
			if want, ok := differ[ir.Indicator.Name]; ok {
				if got != want {
					t.Errorf("%s = %s, want %s", ir.Indicator.Name, got, want)
				}
				delete(differ, ir.Indicator.Name)
			} else if ir.Computed != *ir.Declared {
				t.Errorf("%s = %s, want the declared %s", ir.Indicator.Name, got, ir.Declared)
			}
		}
	}
	if len(differ) > 0 {
		t.Errorf("indicators not found: %v", differ)
	}
	if res.DeclaredSum != 9500 || *res.Declared != 9500 || res.DeclaredGrade != "优" {
		t.Errorf("declared = %s (sum %s, %s), want 95 优", res.Declared, res.DeclaredSum, res.DeclaredGrade)
	}
	if got := rl.Format(res.Computed); got != "96.22" || res.Grade != "优" {
		t.Errorf("computed total = %s %s, want 96.22 优", got, res.Grade)
	}
	if sum.Projects != 1 || sum.ProjectFunds.Wan() != "25.25" || sum.Units != 1 || sum.UnitFunds.Wan() != "122.40" {
		t.Errorf("summary = %d %s %d %s", sum.Projects, sum.ProjectFunds.Wan(), sum.Units, sum.UnitFunds.Wan())
	}
}

// Golden: every score of the example's sheets under every rule set.
func TestExampleGolden(t *testing.T) {
	r, tpl := loadExample(t)
	var b strings.Builder
	for _, name := range RuleNames(tpl) {
		rl, err := LoadRules(tpl, name)
		if err != nil {
			t.Fatal(err)
		}
		for i := range r.PerfSheets {
			dump(&b, rl.Score(&r.PerfSheets[i]))
		}
	}
	golden := filepath.Join("testdata", "example.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/perf -update)", err)
	}
	if b.String() != string(want) {
		t.Errorf("scores differ from %s (go test ./internal/perf -update to accept):\n%s", golden, b.String())
	}
}

func dump(b *strings.Builder, res *Result) {
	rl := res.Rules
	fmt.Fprintf(b, "== %s [%s]\n", res.Sheet.Title, rl.Name)
	fmt.Fprintf(b, "预算执行 %s 执行率 %s 计算 %s 自评 %v\n", res.Budget.Weight, res.Budget.RateText(), rl.Format(res.Budget.Computed), res.Budget.Declared)
	for _, g := range res.Goals {
		fmt.Fprintf(b, "%s %s (Σ %s)\n", g.Goal.Title, g.Goal.Weight, g.WeightSum)
		for _, gc := range g.Groups {
			if gc.Printed != gc.Sum {
				fmt.Fprintf(b, "  group %s/%s printed %s sum %s\n", gc.Level1, gc.Level2, gc.Printed, gc.Sum)
			}
		}
		for _, ir := range g.Indicators {
			fmt.Fprintf(b, "  %s %s %s%s | %s → %s | %s %s | 计算 %s 自评 %v", ir.Path(), ir.Indicator.Weight, ir.Kind, ir.Comparator,
				ir.Target, ir.Actual, ir.Basis, ir.Level, rl.Format(ir.Computed), ir.Declared)
			if ir.OverTarget {
				fmt.Fprintf(b, " | 超目标 %d", ir.Achievement)
			}
			for _, p := range ir.Problems {
				fmt.Fprintf(b, " | %s", p)
			}
			b.WriteString("\n")
		}
	}
	for _, c := range res.Level1 {
		fmt.Fprintf(b, "一级 %s 应 %s 实 %s\n", c.Name, c.Expected, c.Actual)
	}
	fmt.Fprintf(b, "总分 计算 %s %s 自评 %v (Σ %s) %s\n\n", rl.Format(res.Computed), res.Grade, res.Declared, res.DeclaredSum, res.DeclaredGrade)
}
