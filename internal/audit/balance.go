package audit

import (
	"fmt"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rounding"
	"github.com/juesuan/juesuan/internal/rule/eval"
)

// The 舍位平衡 of a report held in 元 or 分: each printed value that
// differs from its plain rounding is listed, so the unit can see why a
// published figure is 0.01 万元 off its exact amount.
func init() { Register(balanceFindings) }

func balanceFindings(t *juesuan.Template, r *juesuan.Report) []juesuan.Finding {
	if !rounding.NeedsBalance(r) {
		return nil
	}
	res := rounding.Balance(t, r)
	var out []juesuan.Finding
	for _, a := range res.Adjustments {
		var cells []string
		for _, c := range a.Cells {
			cells = append(cells, c.String())
		}
		out = append(out, juesuan.Finding{
			Rule: "R1.rounding-adjust", Severity: juesuan.SevInfo, Cells: cells,
			Expected: a.Naive.Wan(), Actual: a.Placed.Wan(),
			Message: fmt.Sprintf("舍位平衡：%s 精确值 %s 万元，四舍五入应为 %s，为使合计等于明细之和印作 %s",
				eval.CellLabel(t, r, a.Cells[0]), a.Exact.String(), a.Naive.Wan(), a.Placed.Wan()),
		})
	}
	for _, id := range res.Unresolved {
		out = append(out, juesuan.Finding{
			Rule: "R1.rounding-unbalanced", Severity: juesuan.SevWarning, Cells: []string{id.LHS.String()},
			Message: fmt.Sprintf("舍位平衡：%s 无法通过 ±0.01 万元的调整与其明细之和一致，请核对", eval.CellLabel(t, r, id.LHS)),
		})
	}
	return out
}
