package inspect

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/years"
)

func TestScoringData(t *testing.T) {
	b, err := years.FS.ReadFile("inspect/scoring.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseScoring(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		f    juesuan.Finding
		want string
	}{
		{juesuan.Finding{Rule: "T1.income-total"}, "真实性/勾稽"},
		{juesuan.Finding{Rule: "X10.opening"}, "真实性/勾稽"},
		{juesuan.Finding{Rule: "D1.catalog-known"}, "细化程度"},
		{juesuan.Finding{Rule: "D6.unit-name"}, "文字一致"},
		{juesuan.Finding{Rule: "N1.narrative-amount"}, "文字一致"},
		{juesuan.Finding{Rule: "D8.budget-total"}, "真实性/勾稽"},
		{juesuan.Finding{Rule: "T7.empty", Message: "表7为空表，但没有空表说明"}, "完整性"},
		{juesuan.Finding{Rule: "I1.uncertain", Source: "import"}, "导入存疑"},
	} {
		if got := s.KindOf(tc.f); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.f.Rule, got, tc.want)
		}
	}
	fs := []Finding{
		{Finding: juesuan.Finding{Severity: juesuan.SevError}, Kind: "真实性/勾稽"},
		{Finding: juesuan.Finding{Severity: juesuan.SevWarning}, Kind: "细化程度"},
		{Finding: juesuan.Finding{Severity: juesuan.SevWarning, Source: "import"}, Kind: "导入存疑"},
	}
	per, total := s.Scores(fs)
	if per["真实性/勾稽"] != 90 || per["细化程度"] != 98 || per["完整性"] != 100 {
		t.Errorf("scores %v", per)
	}
	// 0.3*100 + 0.4*90 + 0.15*100 + 0.15*98 = 95.7
	if total != 96 {
		t.Errorf("total %d, want 96", total)
	}
}

func TestParseScoringErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{`, "不是有效的 JSON"},
		{`{"dimensions": []}`, "没有列出检查维度"},
		{`{"dimensions": ["a"], "default": "b"}`, "默认维度"},
		{`{"dimensions": ["a"], "default": "a", "rules": {"T": "z"}}`, "规则前缀 T"},
		{`{"dimensions": ["a"], "default": "a", "scoring": {"full": 100, "weights": {"a": 90}}}`, "之和应为 100"},
	} {
		_, err := ParseScoring([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestMatchUnit(t *testing.T) {
	units := []Unit{{Code: "1", Name: "上海市普陀区财政局"}, {Code: "2", Name: "普陀区教育局"}, {Code: "3", Name: "上海市普陀区卫生健康委员会"}}
	for _, tc := range []struct{ name, state, code string }{
		{"上海市普陀区财政局", Matched, "1"},
		{"上海市 普陀区财政局", Matched, "1"},
		{"上海市普陀区教育局", Matched, "2"},
		{"上海市普陀区卫生健康委", Uncertain, "3"},
		{"上海市普陀区统计局", Unmatched, ""},
		{"", NoName, ""},
	} {
		m := MatchUnit(tc.name, units)
		if m.State != tc.state || m.Code != tc.code {
			t.Errorf("%q: %+v, want %s %s", tc.name, m, tc.state, tc.code)
		}
	}
}

func TestReadUnits(t *testing.T) {
	us, err := ReadUnits("u.csv", strings.NewReader("\ufeff单位代码,单位名称,所属部门\n001,财政局,财政局\n002,教育局\n"))
	if err != nil || len(us) != 2 || us[0].Department != "财政局" || us[1].Name != "教育局" {
		t.Fatalf("%+v %v", us, err)
	}
	if _, err := ReadUnits("u.csv", strings.NewReader("001\n")); err == nil || !strings.Contains(err.Error(), "u.csv: 第 1 行") {
		t.Errorf("error %v", err)
	}
}

func FuzzReadUnits(f *testing.F) {
	f.Add("code,name\n1,财政局\n")
	f.Add("\"a,b\n")
	f.Fuzz(func(t *testing.T, s string) {
		us, err := ReadUnits("u.csv", strings.NewReader(s))
		if err == nil {
			for _, u := range us {
				MatchUnit(u.Name, us)
			}
		}
	})
}

func FuzzParseScoring(f *testing.F) {
	b, _ := years.FS.ReadFile("inspect/scoring.json")
	f.Add(string(b))
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := ParseScoring([]byte(s))
		if err == nil {
			sc.KindOf(juesuan.Finding{Rule: "T1.x"})
			sc.Scores([]Finding{{Kind: sc.Default}})
		}
	})
}
