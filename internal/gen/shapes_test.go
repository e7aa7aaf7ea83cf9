package gen

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// TestShapesPassCheck: shaped reports of every template pass the full
// audit (`juesuan check` exits 0), and the shapes actually occur.
func TestShapesPassCheck(t *testing.T) {
	for _, id := range yearspec.Default.IDs() {
		tpl, err := yearspec.Default.Load(id)
		if err != nil {
			t.Fatal(err)
		}
		if Supports(tpl) != nil {
			continue // laid over by Project, tested through the CLI
		}
		p, err := audit.Program(tpl)
		if err != nil {
			t.Fatal(err)
		}
		var longT5, blankProjects, incomeRows, noReception, abroad int
		for seed := uint64(1); seed <= 50; seed++ {
			for _, g := range Generate(p, tpl.Year, Options{Units: 1, Seed: seed, Shapes: true}) {
				fs, err := audit.Check(tpl, g.Report)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range fs {
					if f.Severity == juesuan.SevError {
						t.Errorf("%s seed %d: error %s %v: %s", id, seed, f.Rule, f.Cells, f.Message)
					}
				}
				r := g.Report
				cell := func(tb int, row, col string) juesuan.Amount {
					return r.Cells[juesuan.CellRef{Table: tb, Row: row, Col: col}]
				}
				if general, ok := tpl.TableByRole("general"); ok && len(r.RowsOf(general)) > 40 {
					longT5++
				}
				if project, _ := tpl.Key("general_project"); r.Cells[project] == 0 {
					blankProjects++
				}
				n := 0
				for _, row := range []string{"4", "5", "6", "7", "8"} {
					if cell(1, row, "1") != 0 {
						n++
					}
				}
				if n >= 3 {
					incomeRows++
				}
				reception, _ := tpl.Key("sangong_reception")
				abroadCell, _ := tpl.Key("sangong_abroad")
				if r.Cells[reception] == 0 {
					noReception++
				}
				if r.Cells[abroadCell] != 0 {
					abroad++
				}
			}
		}
		t.Logf("%s: of 50 reports, %d with 表5 over 40 rows, %d without 项目支出, %d with ≥3 other income rows, %d without 公务接待费, %d with 因公出国（境）费",
			id, longT5, blankProjects, incomeRows, noReception, abroad)
		_, hasSanGong := tpl.TableByRole("sangong")
		for name, n := range map[string]int{"long 表5": longT5, "blank 项目支出": blankProjects, "income-heavy 表1": incomeRows, "no 公务接待费": noReception, "因公出国": abroad} {
			if !hasSanGong && (name == "no 公务接待费" || name == "因公出国") {
				continue // the layout has no 三公 table
			}
			if n == 0 {
				t.Errorf("%s: no report with %s in 50 seeds", id, name)
			}
		}
	}
}
