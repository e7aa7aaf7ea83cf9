package audit

import (
	"fmt"

	"github.com/juesuan/juesuan"
)

// X10: this year's opening 财政拨款结转和结余 (表4 28–31 in the national
// layout) equals last year's closing (表4 60–63) when the prior year's
// closing balances are known. A difference may be a legitimate
// adjustment, so it asks for an explanation.
func init() { Register(checkCarryForward) }

// CarryPairs pairs each opening balance with last year's closing balance
// it continues (keys). Prior.Closing holds the closing amounts by the row
// of the closing key.
var CarryPairs = [][2]string{
	{"fiscal_opening", "fiscal_closing"},
	{"fiscal_opening_general", "fiscal_closing_general"},
	{"fiscal_opening_fund", "fiscal_closing_fund"},
	{"fiscal_opening_capital", "fiscal_closing_capital"},
}

func checkCarryForward(t *juesuan.Template, r *juesuan.Report) []juesuan.Finding {
	if len(r.Prior.Closing) == 0 {
		return nil
	}
	var out []juesuan.Finding
	for _, p := range CarryPairs {
		ref, ok1 := t.Key(p[0])
		closing, ok2 := t.Key(p[1])
		if !ok1 || !ok2 {
			continue
		}
		prev, ok := r.Prior.Closing[closing.Row]
		if !ok {
			continue
		}
		cur := r.Cells[ref]
		if cur == prev {
			continue
		}
		open, _ := t.Table(ref.Table)
		last, _ := t.Table(closing.Table)
		out = append(out, juesuan.Finding{
			Rule: "X10.opening", Severity: juesuan.SevWarning, Cells: []string{ref.String()},
			Expected: prev.Wan(), Actual: cur.Wan(),
			Message: fmt.Sprintf("%s 第%s行年初数 %s 万元与上年（%d 年度）%s 第%s行年末数 %s 万元不一致，应说明调整原因。",
				open.Code(), ref.Row, cur.Wan(), r.Prior.Year, last.Code(), closing.Row, prev.Wan()),
		})
	}
	return out
}
