package audit

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

func loadExample(tb testing.TB) (*juesuan.Report, *juesuan.Template) {
	tb.Helper()
	r, tpl, err := reportfile.ReadFile(filepath.Join("..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return r, tpl
}

func perfFindings(fs []juesuan.Finding) []string {
	var out []string
	for _, f := range fs {
		if strings.HasPrefix(f.Rule, "P") {
			out = append(out, string(f.Severity)+" "+f.Rule+" "+f.Where+" expected="+f.Expected+" actual="+f.Actual)
		}
	}
	sort.Strings(out)
	return out
}

func TestPerfReference(t *testing.T) {
	r, tpl := loadExample(t)
	got := perfFindings(checkPerf(tpl, r))
	const unit = "绩效自评表《2020年度职工服务中心整体绩效自评表》"
	const project = "绩效自评表《2020年度职工服务中心运行管理项目支出绩效自评表》"
	want := []string{
		"info P4.total " + project + " 总分 expected=94.42 actual=94.42",
		"info P4.total " + unit + " 总分 expected=96.22 actual=95",
		"warning P1.declared-score " + unit + " 年度目标2 产出指标/数量指标/水电供给率 expected=2.99 actual=2",
		"warning P1.declared-score " + unit + " 年度目标2 产出指标/时效指标/设备维修及时率 expected=1.00 actual=2",
		"warning P1.declared-score " + unit + " 年度目标2 效益指标/社会效益指标/工作环境改善度 expected=4.88 actual=4",
		"warning P1.declared-score " + unit + " 预算执行情况 expected=18.35 actual=18",
		"warning P3.weights " + unit + " 年度目标1 效益指标 expected=15 actual=20",
		"warning P5.target-low " + unit + " 年度目标1 产出指标/数量指标/职工医疗互助参与人数 expected=< 130% actual=132.70%",
		"warning P5.target-low " + unit + " 年度目标1 效益指标/社会效益指标/特困职工生活帮扶标准增长率 expected=< 130% actual=218.00%",
		"warning P5.target-low " + unit + " 年度目标2 产出指标/数量指标/年均服务职工数 expected=< 130% actual=133.14%",
	}
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range checkPerf(tpl, r) {
		if f.Rule == "P1.declared-score" && (!strings.Contains(f.Message, f.Expected) || !strings.Contains(f.Message, f.Actual+" 分") || !strings.Contains(f.Message, "请说明原因")) {
			t.Errorf("message does not show both scores and ask why: %s", f.Message)
		}
	}
}

func TestPerfMutations(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(s *juesuan.PerfSheet)
		want   string // "severity rule" that must appear
		msg    string
	}{
		{"declared above weight", func(s *juesuan.PerfSheet) { p := juesuan.Points(600); s.Goals[1].Indicators[0].Declared = &p },
			"error P2.declared-above-weight", "超出其分值 3"},
		{"budget declared above weight", func(s *juesuan.PerfSheet) { p := juesuan.Points(2100); s.Budget.Declared = &p },
			"error P2.declared-above-weight", "超出分值 20"},
		{"goal weights", func(s *juesuan.PerfSheet) { s.Goals[0].Indicators[0].Weight = 600 },
			"error P3.weights", "三级指标分值合计 46 分"},
		{"sheet weights", func(s *juesuan.PerfSheet) { s.Goals[1].Weight = 3600 },
			"error P3.weights", "合计 101 分，应为 100 分"},
		{"declared total", func(s *juesuan.PerfSheet) { p := juesuan.Points(9600); s.Total = &p },
			"error P4.declared-total", "总分印为 96 分，各项自评得分合计 95 分"},
		{"printed rate", func(s *juesuan.PerfSheet) { s.Budget.Rate = "91.74%" },
			"warning P6.budget-rate", "应为 91.73%"},
		{"executed vs 表3", func(s *juesuan.PerfSheet) { s.Budget.Executed += juesuan.Cent },
			"warning P6.budget-tables", "与表3 本年支出合计 122.40 万元不一致"},
		{"missing actual", func(s *juesuan.PerfSheet) { s.Goals[0].Indicators[0].Actual = "" },
			"warning P7.values", "实际完成值未填写"},
		{"unknown scoring", func(s *juesuan.PerfSheet) { s.Scoring = "nope" },
			"error P0.scoring", "没有绩效计分规则"},
		{"project weights", func(s *juesuan.PerfSheet) { s.Kind = "项目" },
			"warning P3.weights", "预算执行分值一般为 10 分"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, tpl := loadExample(t)
			tc.mutate(&r.PerfSheets[0])
			for _, f := range checkPerf(tpl, r) {
				if string(f.Severity)+" "+f.Rule == tc.want && strings.Contains(f.Message, tc.msg) {
					return
				}
			}
			t.Errorf("no %s with %q in:\n%s", tc.want, tc.msg, strings.Join(perfFindings(checkPerf(tpl, r)), "\n"))
		})
	}
}

func TestPerfProjectAgainstNarrative(t *testing.T) {
	r, tpl := loadExample(t)
	r.PerfSheets[1].Budget.Executed += juesuan.Wanyuan
	var got []string
	for _, f := range checkPerf(tpl, r) {
		if f.Rule == "P6.budget-tables" {
			got = append(got, f.Message)
		}
	}
	want := []string{
		"全年执行数 26.25 万元与情况说明十三(三)项目“职工服务中心运行管理”所写 25.25 万元不一致",
		"1 张项目支出绩效自评表的全年执行数合计 26.25 万元，大于表3 项目支出合计 25.25 万元",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
