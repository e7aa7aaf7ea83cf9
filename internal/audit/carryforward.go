package audit

import (
	"fmt"

	"github.com/juesuan/juesuan"
)

// X10: this year's opening 财政拨款结转和结余 (表4 28–31) equals last year's
// closing (表4 60–63) when the prior year's closing balances are known. A
// difference may be a legitimate adjustment, so it asks for an explanation.
func init() { Register(checkCarryForward) }

func checkCarryForward(t *juesuan.Template, r *juesuan.Report) []juesuan.Finding {
	if len(r.Prior.Closing) == 0 {
		return nil
	}
	var out []juesuan.Finding
	pairs := [][2]string{{"28", "60"}, {"29", "61"}, {"30", "62"}, {"31", "63"}}
	for _, p := range pairs {
		prev, ok := r.Prior.Closing[p[1]]
		if !ok {
			continue
		}
		ref := juesuan.CellRef{Table: 4, Row: p[0], Col: "1"}
		cur := r.Cells[ref]
		if cur == prev {
			continue
		}
		out = append(out, juesuan.Finding{
			Rule: "X10.opening", Severity: juesuan.SevWarning, Cells: []string{ref.String()},
			Expected: prev.Wan(), Actual: cur.Wan(),
			Message: fmt.Sprintf("表4 第%s行年初数 %s 万元与上年（%d 年度）表4 第%s行年末数 %s 万元不一致，应说明调整原因。",
				p[0], cur.Wan(), r.Prior.Year, p[1], prev.Wan()),
		})
	}
	return out
}
