package audit

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// Recompute replaces a stale total with the sum of its parts; Derive
// fills a blank one; neither touches an entered cell.
func TestDeriveAndRecompute(t *testing.T) {
	r, tpl, err := reportfile.ReadFile("../../examples/wuhan-zhigong-2020.yaml", yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	total := juesuan.CellRef{Table: 1, Row: "27", Col: "1"} // 本年收入合计 = Σ 1..8
	part := juesuan.CellRef{Table: 1, Row: "1", Col: "1"}
	comp, err := ComputedCells(tpl, r)
	if err != nil || !comp[total] || comp[part] {
		t.Fatalf("computed cells: total %v, part %v (%v)", comp[total], comp[part], err)
	}
	want := r.Cells[total]
	r.Cells[part] += juesuan.Cent
	r.Cells[total] = 1 // stale
	if err := Recompute(tpl, r); err != nil {
		t.Fatal(err)
	}
	if got := r.Cells[total]; got != want+juesuan.Cent {
		t.Errorf("recomputed total %v, want %v", got, want+juesuan.Cent)
	}
	delete(r.Cells, total)
	if err := Derive(tpl, r); err != nil || r.Cells[total] != want+juesuan.Cent {
		t.Errorf("derived total %v (%v)", r.Cells[total], err)
	}
}
