package perf

import (
	"testing"
)

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want string // canonical form; "Q" prefix for qualitative
		err  bool
	}{
		{"≥95%", "≥95%", false},
		{"24小时之内", "≤24小时", false},
		{"72小时之内", "≤72小时", false},
		{"24小时内", "≤24小时", false},
		{"13000人次", "13000人次", false},
		{"13,000人次", "13000人次", false},
		{"设立两处服务点", "Q设立两处服务点", false},
		{"设立2处服务点", "Q设立2处服务点", false},
		{"完成", "Q完成", false},
		{"100%", "100%", false},
		{"100.00%", "100.00%", false},
		{"85%", "85%", false},
		{"０．５％", "0.5%", false},
		{"≥ 95 %", "≥95%", false},
		{">=90%", "≥90%", false},
		{"不低于90%", "≥90%", false},
		{"不超过5个工作日", "≤5个工作日", false},
		{"95%以上", "≥95%", false},
		{"3天以内", "≤3天", false},
		{"≤3天", "≤3天", false},
		{"=100%", "=100%", false},
		{"-5%", "-5%", false},
		{"≤-5%", "≤-5%", false},
		{"0", "0", false},
		{"15000", "15000", false},
		{"90%-100%", "Q90%-100%", false},
		{"2处服务点已全部设立完毕", "Q2处服务点已全部设立完毕", false},
		{"", "", true},
		{"   ", "", true},
		{"≥5以内", "", true},
		{"1234567890123456", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			v, err := ParseValue(tc.in)
			if tc.err {
				if err == nil {
					t.Fatalf("ParseValue(%q) = %+v, want error", tc.in, v)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseValue(%q): %v", tc.in, err)
			}
			got := v.String()
			if v.Qualitative {
				got = "Q" + got
			}
			if got != tc.want {
				t.Errorf("ParseValue(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzParseValue: no panics, and the canonical form of a quantitative
// value reads back to the same comparator, number and unit.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"≥95%", "24小时之内", "13000人次", "设立两处服务点", "100%", "85%", "完成",
		"95%以上", "不超过5个工作日", "-0.5‰", "１２,３４５．６７元", "≤ 3 天内", "=0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseValue(s)
		if err != nil || v.Qualitative {
			return
		}
		w, err := ParseValue(v.String())
		if err != nil {
			t.Fatalf("%q → %q: %v", s, v.String(), err)
		}
		if w.Qualitative || w.Cmp != v.Cmp || w.Unit != v.Unit || w.Num.Rat().Cmp(v.Num.Rat()) != 0 {
			t.Fatalf("%q → %q → %+v, want %+v", s, v.String(), w, v)
		}
	})
}
