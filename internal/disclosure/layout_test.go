package disclosure

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/testutil/layouts"
)

// TestBuildWithoutSanGongTable: a layout without the 三公 table renders
// its eight tables, says nothing about 三公 amounts, and reads the
// 政府性基金 figures from the table that is 表7 there.
func TestBuildWithoutSanGongTable(t *testing.T) {
	tpl9, r9 := mustExample(t)
	// 政府性基金 figures, so that the section states amounts.
	for name, v := range map[string]juesuan.Amount{"fund_opening": 120000, "fund_income": 3450000, "fund_expense": 3000000, "fund_closing": 570000} {
		c, ok := tpl9.Key(name)
		if !ok {
			t.Fatal(name)
		}
		r9.Cells[c] = v
	}
	tpl := layouts.NoSanGong(t)
	r := layouts.Relayout(r9, tpl9, tpl)
	doc, err := Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tables) != 8 {
		t.Errorf("%d tables, want 8", len(doc.Tables))
	}
	text := doc.Text()
	for _, s := range []string{"“三公”经费支出决算情况说明", "“三公”经费支出年初预算"} {
		if strings.Contains(text, s) {
			t.Errorf("document states %q without a 三公 table", s)
		}
	}
	// The same facts as the 9-table document, from renumbered tables.
	doc9, err := Build(tpl9, r9)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "本年收入 3.45 万元") {
		t.Error("the 政府性基金 section does not state the fund table's income")
	}
	for _, want := range []string{"八、政府性基金预算财政拨款收入支出决算情况", "九、国有资本经营预算财政拨款支出决算情况", "六、一般公共预算财政拨款基本支出决算情况说明"} {
		got9, got8 := paragraphAfter(doc9.Text(), want), paragraphAfter(text, want)
		if got9 == "" || got8 != got9 {
			t.Errorf("%s:\n 9 tables: %q\n 8 tables: %q", want, got9, got8)
		}
	}
	d := buildData(tpl, r, nil)
	if d.SanGong != nil {
		t.Errorf("SanGong = %+v, want nil", d.SanGong)
	}
}

// paragraphAfter is the line following heading in a document's text.
func paragraphAfter(text, heading string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "#") && strings.Contains(l, heading) {
			for _, next := range lines[i+1:] {
				if strings.TrimSpace(next) != "" {
					return strings.TrimSpace(next)
				}
			}
		}
	}
	return ""
}
