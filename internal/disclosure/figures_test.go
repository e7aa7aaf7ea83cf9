package disclosure

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
)

// Figures are the numbers the reference report's README lists as computed
// from the data; every rendering must print each of them.
var Figures = []string{
	"122.40", "1.37", "1.11%", "100.00%", "79.37%", "20.63%", "70.69%", "15.48%", "6.74%", "7.08%",
	"91.73%", "91.33%", "86.21%", "102.23%", "100.35%", "93.65", "78.27", "15.38", "3.50", "133.43", "84.17%",
	"97.15", "25.25", "123.77",
}

func TestFiguresAndCells(t *testing.T) {
	tpl, r := mustExample(t)
	doc, err := Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	text := doc.Text()
	for _, f := range Figures {
		if !strings.Contains(text, f) {
			t.Errorf("document lacks figure %s", f)
		}
	}
	// Every non-blank cell appears in its table at its place.
	for c, v := range r.Cells {
		tb := doc.Tables[c.Table-1]
		found := false
		for _, row := range tb.Body {
			for _, cell := range row {
				if cell.Value != nil && *cell.Value == v.RoundTo(juesuan.Cent) && cell.Text == v.Wan() {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("cell %s (%s) not printed in 表%d", c, v.Wan(), c.Table)
		}
	}
}

func TestGlossaryListsEveryItem(t *testing.T) {
	tpl, r := mustExample(t)
	items := FunctionItems(tpl, r)
	if len(items) != 10 {
		t.Fatalf("名词解释 lists %d 项, want 10: %q", len(items), items)
	}
	want := "一般公共服务支出（类）群众团体事务（款）机关服务（项）"
	if items[0] != want {
		t.Errorf("first item = %q, want %q", items[0], want)
	}
	doc, _ := Build(tpl, r)
	if !strings.Contains(doc.Text(), "1."+want) || !strings.Contains(doc.Text(), "公务员医疗补助（项）") {
		t.Error("名词解释 does not print the generated list")
	}
}

func TestNotesAreTheCorrectFormulas(t *testing.T) {
	tpl, r := mustExample(t)
	doc, err := Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	notes := func(n int) string { return strings.Join(doc.Tables[n-1].Notes, "\n") }
	for _, tc := range []struct {
		table int
		want  string
	}{
		{4, "59行 = (33+34+……+58) 行"},
		{8, "6栏各行 = (1+2-3) 栏各行"},
		{1, "27行 = (1+2+3+4+5+6+7+8) 行"},
	} {
		if !strings.Contains(notes(tc.table), tc.want) {
			t.Errorf("表%d 注 = %q, want it to contain %q", tc.table, notes(tc.table), tc.want)
		}
	}
	for _, n := range []int{7, 8, 9} {
		if doc.Tables[n-1].Empty == "" {
			t.Errorf("表%d is empty but has no 空表说明", n)
		}
	}
	if doc.Tables[0].Empty != "" {
		t.Error("表1 is not empty but has a 空表说明")
	}
}

func TestChineseNumber(t *testing.T) {
	for n, want := range map[int]string{1: "一", 10: "十", 11: "十一", 13: "十三", 20: "二十", 26: "二十六"} {
		if got := ChineseNumber(n); got != want {
			t.Errorf("ChineseNumber(%d) = %q, want %q", n, got, want)
		}
	}
}
