package aggregate

import "github.com/juesuan/juesuan"

// CarryForward fills the prior-year facts of cur from last year's report:
// the totals the 说明 compares with, and the closing balances (表4 年末
// 60–63, 合计栏) that this year's opening rows 28–31 must equal (X10,
// checked by the audit's carry-forward check).
func CarryForward(prev, cur *juesuan.Report) {
	amt := func(t int, row, col string) *juesuan.Amount {
		if v, ok := prev.Cells[juesuan.CellRef{Table: t, Row: row, Col: col}]; ok {
			return &v
		}
		return nil
	}
	cur.Prior.Year = prev.Year
	cur.Prior.Total = amt(1, "30", "1")
	cur.Prior.FiscalTotal = amt(4, "32", "1")
	cur.Prior.FiscalExpense = amt(5, "total", "1")
	cur.Prior.Closing = map[string]juesuan.Amount{}
	for _, row := range []string{"60", "61", "62", "63"} {
		if v := amt(4, row, "2"); v != nil {
			cur.Prior.Closing[row] = *v
		}
	}
}
