package audit

import (
	"sort"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/testutil/layouts"
)

// TestChecksWithoutSanGongTable: in a layout without the 三公 table (the
// tables after it renumbered), the Go checks find the same narrative,
// carry-forward and 绩效 differences as in the 9-table layout, naming
// the same cells.
func TestChecksWithoutSanGongTable(t *testing.T) {
	r9, tpl9 := loadExample(t)
	r9.Published.Sections = map[string]string{
		"三": "2020年度支出合计122.40万元。其中：基本支出 97.15 万元，占本年支出 78.37%。",
		"五": "卫生健康(类)支出8.52万元，占6.74%。",
		"六": "其中，人员经费 1.00 万元。",
	}
	open, _ := tpl9.Key("fiscal_opening")
	closing, _ := tpl9.Key("fiscal_closing")
	r9.Prior.Year, r9.Prior.Closing = 2019, map[string]juesuan.Amount{closing.Row: r9.Cells[open] + 100}
	for i := range r9.PerfSheets {
		if r9.PerfSheets[i].Kind == juesuan.PerfSheetUnit {
			r9.PerfSheets[i].Budget.Executed += 10000
		}
	}
	tpl := layouts.NoSanGong(t)
	r := layouts.Relayout(r9, tpl9, tpl)

	goChecks := func(tpl *juesuan.Template, r *juesuan.Report) []string {
		fs, err := Check(tpl, r)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range fs {
			if f.Severity == juesuan.SevError {
				t.Errorf("%s: error %s %s", tpl.ID, f.Rule, f.Message)
			}
			if strings.HasPrefix(f.Rule, "N") || strings.HasPrefix(f.Rule, "X10") || strings.HasPrefix(f.Rule, "P6") {
				out = append(out, f.Rule+" "+strings.Join(f.Cells, ",")+" "+f.Message)
			}
		}
		sort.Strings(out)
		return out
	}
	want, got := goChecks(tpl9, r9), goChecks(tpl, r)
	for _, rule := range []string{"N1.narrative-amount", "N2.narrative-share", "X10.opening", "P6.budget-tables"} {
		if !strings.Contains(strings.Join(want, "\n"), rule) {
			t.Errorf("9-table layout: no %s finding in %q", rule, want)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("8-table layout findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
