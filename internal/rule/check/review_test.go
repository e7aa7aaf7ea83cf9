package check

import (
	"testing"

	"github.com/juesuan/juesuan"
)

// A printed percentage is wrong only when no amounts within the rounding
// of the printed ones give it; within a tenth of a point beyond that it is minor.
func TestJudgePercent(t *testing.T) {
	for _, tc := range []struct {
		num, den, pct string
		want          pctVerdict
	}{
		{"2940.05", "2993.92", "98.20", pctFair},
		{"56.95", "3052.34", "1.87", pctFair},
		{"6.2", "2946.25", "0.21", pctFair}, // 6.15 … 6.25 万元
		{"0.01", "0.03", "50.00", pctFair},  // 0.005/0.035 … 0.015/0.025 spans 14 %–60 %
		{"1", "3", "33", pctFair},           // whole 万元: 0.5/3.5 … 1.5/2.5
		{"2940.05", "2993.92", "98.25", pctMinor},
		{"2940.05", "2993.92", "98.40", pctFar},
		{"2940.05", "2993.92", "92.80", pctFar},
		{"0.00", "0.95", "0", pctFair},
	} {
		n, _ := parseNumber(tc.num)
		d, _ := parseNumber(tc.den)
		p, _ := parseNumber(tc.pct)
		if got, want := judgePercent(n, d, p); got != tc.want {
			t.Errorf("%s/%s printed %s%%: verdict %d (exact %s), want %d", tc.num, tc.den, tc.pct, got, want, tc.want)
		}
	}
}

func TestDirectionWords(t *testing.T) {
	for _, tc := range []struct {
		word  string
		basic bool
		a, b  string
		want  bool
	}{
		{"小于", false, "1560.05", "1511.89", true},
		{"大于", false, "1560.05", "1511.89", false},
		{"持平", false, "10.00", "10.00", true},
		{"持平", false, "10.00", "10.01", false},
		{"持平", true, "258.50", "258.00", true}, // 基本持平: within 5 %
		{"持平", true, "100.00", "90.00", false}, // 10 % is not
		{"一致", false, "0.94", "0.94", true},
	} {
		a, _ := parseNumber(tc.a)
		b, _ := parseNumber(tc.b)
		if got := dirHolds(tc.word, tc.basic, a, b); got != tc.want {
			t.Errorf("决算 %s %s(basic %v) 预算 %s: %v, want %v", tc.b, tc.word, tc.basic, tc.a, got, tc.want)
		}
	}
}

// budgetClaims reads what each paragraph states, and bounds the words
// that follow to its own item.
func TestBudgetClaims(t *testing.T) {
	text := compact(`一般公共预算财政拨款支出年初预算为 0 万元，全年预算为
321.02 万元，支出决算为 307.82 万元，完成年初预算的 95.89%。决算数小于预算数的主要原因：x。其中：
1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。全年预算为 52.00 万元，
支出决算为 51.32 万元，完成全年预算数的 98.69%。决算数小于全年预算数的主要原因：y。
2、事业运行（项）。全年预算为 17.68 万元，支出决算为 11.31 万元。`)
	cs := budgetClaims(text)
	if len(cs) != 3 {
		t.Fatalf("%d claims, want 3: %+v", len(cs), cs)
	}
	if cs[0].a1.text != "0" || !cs[0].has2 || cs[0].a2.text != "321.02" || cs[0].b.text != "307.82" || cs[0].rate.text != "95.89" || cs[0].rateKind != "年初预算" {
		t.Errorf("first claim %+v", cs[0])
	}
	if cs[1].kind1 != "全年预算" || cs[1].rate.text != "98.69" {
		t.Errorf("second claim %+v", cs[1])
	}
	if cs[2].rest != "。" {
		t.Errorf("the last item's words ran on: %q", cs[2].rest)
	}
}

// Shares of a whole are balanced to add up to 100 %: one unit of the last
// digit off the exact share passes; a wrong digit does not.
func TestShareVerdict(t *testing.T) {
	wan := func(s string) juesuan.Amount {
		a, err := juesuan.ParseAmount(s, juesuan.UnitWanyuan)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	for _, tc := range []struct {
		num, den, pct string
		want          juesuan.Severity
	}{
		{"29.42", "307.82", "9.56", ""},
		{"29.42", "307.82", "9.55", ""}, // balanced: 86.05 + 3.52 + 0.88 + 9.55 = 100
		{"97.15", "122.40", "79.37", ""},
		{"97.15", "122.40", "79.30", juesuan.SevInfo},
		{"97.15", "122.40", "78.37", juesuan.SevWarning},
	} {
		if got, want, _ := ShareVerdict(wan(tc.num), wan(tc.den), 1, 1, tc.pct); got != tc.want {
			t.Errorf("%s/%s printed %s%% (exact %s): %q, want %q", tc.num, tc.den, tc.pct, want, got, tc.want)
		}
	}
}
