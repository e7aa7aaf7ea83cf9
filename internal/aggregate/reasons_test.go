package aggregate

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/juesuan/juesuan"
)

// TestReasonsSummarised: 10,000 units' budget reasons make a short text
// (it stays under the report file's text limit), each distinct reason
// once with its count, and two units keep their own labels.
func TestReasonsSummarised(t *testing.T) {
	var in []*juesuan.Facts
	var units []string
	for i := range 10000 {
		reason := "年中追加或调减预算。"
		if i%100 == 0 {
			reason = fmt.Sprintf("专项说明 %d。", i%700)
		}
		in = append(in, &juesuan.Facts{Budgets: []juesuan.BudgetLine{{Code: "201", Name: "一般公共服务支出", Amount: 100, Reason: reason}}})
		units = append(units, fmt.Sprintf("%06d", i))
	}
	got := SumFacts(in, units).Budgets[0]
	if got.Amount != 1_000_000 {
		t.Errorf("amount %d", got.Amount)
	}
	if n := utf8.RuneCountInString(got.Reason); n > 2000 {
		t.Errorf("reason has %d runes", n)
	}
	for _, want := range []string{"000001、000002、000003 等 9900 个单位：年中追加或调减预算。", "另有 3 种说明（42 个单位）"} {
		if !strings.Contains(got.Reason, want) {
			t.Errorf("reason lacks %q:\n%s", want, got.Reason)
		}
	}
	two := SumFacts(in[99:101], units[99:101]).Budgets[0].Reason
	if two != "000099：年中追加或调减预算。；000100：专项说明 100。" {
		t.Errorf("two units: %q", two)
	}
}
