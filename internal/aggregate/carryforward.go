package aggregate

import (
	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
)

// CarryForward fills the prior-year facts of cur from last year's report
// (laid out as tpl): the totals the 说明 compares with, and the closing
// balances (表4 年末 60–63, 合计栏, in the national layout) that this
// year's opening rows must equal (X10, checked by the audit's
// carry-forward check). A total the layout does not print stays unknown.
func CarryForward(tpl *juesuan.Template, prev, cur *juesuan.Report) {
	amt := func(key string) *juesuan.Amount {
		c, ok := tpl.Key(key)
		if !ok {
			return nil
		}
		if v, ok := prev.Cells[c]; ok {
			return &v
		}
		return nil
	}
	cur.Prior.Year = prev.Year
	cur.Prior.Total = amt("income_total")
	cur.Prior.FiscalTotal = amt("fiscal_total")
	cur.Prior.FiscalExpense = amt("general_total")
	cur.Prior.Closing = map[string]juesuan.Amount{}
	for _, p := range audit.CarryPairs {
		c, ok := tpl.Key(p[1])
		if !ok {
			continue
		}
		if v := amt(p[1]); v != nil {
			cur.Prior.Closing[c.Row] = *v
		}
	}
}
