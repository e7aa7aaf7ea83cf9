package disclosure

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
)

// A report in 元 whose plain rounding breaks 表6 302 = Σ items renders
// with every total equal to the sum of its printed parts, and check lists
// the adjustment.
func TestRenderBalancesYuanReport(t *testing.T) {
	tpl, r := mustExample(t)
	r.MoneyUnit = juesuan.UnitYuan
	for row, yuan := range map[string]juesuan.Amount{"30201": 16851, "30204": 151, "30207": 698} {
		r.Cells[juesuan.CellRef{Table: 6, Row: row, Col: "1"}] = yuan * juesuan.Yuan
	}
	doc, err := Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Rounding) == 0 {
		t.Fatal("no 舍位平衡 adjustment")
	}
	// Every formula cell of every table equals the sum of its printed parts,
	// and every total has its formula (none dropped for not adding up).
	t6 := doc.Tables[5]
	var items, total juesuan.Amount
	for _, row := range t6.Body {
		for j := 0; j+2 < len(row); j += 3 {
			code, v := row[j].Text, row[j+2].Value
			if v == nil {
				continue
			}
			if len(code) == 5 && code[:3] == "302" {
				items += *v
			}
			if code == "302" {
				total = *v
				if row[j+2].Formula == nil {
					t.Error("表6 302 has no formula: its printed items do not add up")
				}
			}
		}
	}
	if items != total || total.Wan() != "3.50" {
		t.Errorf("表6 302 = %s, printed items add up to %s", total.Wan(), items.Wan())
	}
	fs, err := audit.Check(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range fs {
		if f.Rule == "R1.rounding-adjust" {
			n++
			if f.Expected == f.Actual || len(f.Cells) == 0 {
				t.Errorf("finding %+v lacks before/after or cells", f)
			}
		}
	}
	if n != len(doc.Rounding) {
		t.Errorf("check lists %d rounding adjustments, the document made %d", n, len(doc.Rounding))
	}
}
