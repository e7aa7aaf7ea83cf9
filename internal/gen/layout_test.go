package gen

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/rule/eval"
	"github.com/juesuan/juesuan/internal/testutil/layouts"
)

// TestGenerateWithoutSanGongTable: in a layout without the 三公 table,
// generated reports fill only cells the layout prints, pass the audit,
// and their table faults are still found.
func TestGenerateWithoutSanGongTable(t *testing.T) {
	tpl := layouts.NoSanGong(t)
	p, err := audit.Program(tpl)
	if err != nil {
		t.Fatal(err)
	}
	fund, _ := tpl.TableByRole("fund")
	for _, g := range Generate(p, tpl.Year, Options{Units: 30, Seed: 5}) {
		for c := range g.Report.Cells {
			ts, ok := tpl.Table(c.Table)
			if !ok {
				t.Fatalf("%s: cell %s outside the layout", g.Unit.Code, c)
			}
			if err := ts.HasCell(c.Row, c.Col); err != nil {
				t.Errorf("%s: cell %s: %v", g.Unit.Code, c, err)
			}
			// The generator spends no 政府性基金: 三公 amounts must not
			// have landed in the table that took the 三公 number.
			if c.Table == fund.Number && g.Report.Cells[c] != 0 {
				t.Errorf("%s: %s = %s in the 政府性基金 table", g.Unit.Code, c, g.Report.Cells[c].Wan())
			}
		}
		fs, err := audit.Check(tpl, g.Report)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if f.Severity == juesuan.SevError {
				t.Errorf("%s: false error %s %v: %s", g.Unit.Code, f.Rule, f.Cells, f.Message)
			}
		}
	}
	injected := 0
	for _, g := range Generate(p, tpl.Year, Options{Units: 30, Seed: 6, Faults: 2, FaultKinds: SoftKinds}) {
		fs := eval.Audit(p, g.Report)
		for _, f := range g.Faults {
			want := juesuan.SevError
			if !f.Table {
				want = juesuan.SevWarning
			}
			injected++
			if !found(fs, f, want) {
				t.Errorf("%s: %s not detected (%v): %s", g.Unit.Code, f.Kind, f.Cells, f.Detail)
			}
		}
	}
	if injected < 60 {
		t.Errorf("only %d faults injected", injected)
	}
}
