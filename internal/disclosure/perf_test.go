package disclosure

import (
	"strings"
	"testing"
)

// perfTables returns the 绩效自评表 tables of a document.
func perfTables(d *Document) []*Table {
	var out []*Table
	for _, b := range d.Blocks {
		if b.Kind == TableBlock && b.Table.Class == "perf" {
			out = append(out, b.Table)
		}
	}
	return out
}

// find returns the first body cell whose text is s.
func find(t *Table, s string) (Cell, bool) {
	for _, row := range t.Body {
		for _, c := range row {
			if !c.Covered && c.Text == s {
				return c, true
			}
		}
	}
	return Cell{}, false
}

func tableText(t *Table) string {
	var b strings.Builder
	for _, row := range t.Body {
		for _, c := range row {
			b.WriteString(c.Text)
			b.WriteString("|")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestPerfSheetAsPrinted(t *testing.T) {
	tpl, r := mustExample(t)
	for _, review := range []bool{false, true} {
		doc, err := BuildWith(tpl, r.Clone(), Options{Review: review})
		if err != nil {
			t.Fatal(err)
		}
		ts := perfTables(doc)
		if len(ts) != 2 {
			t.Fatalf("review=%v: %d 绩效自评表, want 2", review, len(ts))
		}
		unit := ts[0]
		tests := []struct {
			text    string
			rowSpan int
		}{
			{"年度绩效指标1完成情况（45分）", 10}, // its header row and 9 indicators
			{"产出指标（25分）", 5},
			{"数量指标（15分）", 3},
			{"质量指标（10分）", 2},
			{"效益指标（20分）", 3},
			{"满意度指标（5分）", 1},
			{"设备维修及时率（3分）", 1},
		}
		for _, tc := range tests {
			c, ok := find(unit, tc.text)
			if !ok {
				t.Errorf("review=%v: no cell %q in\n%s", review, tc.text, tableText(unit))
				continue
			}
			if c.RowSpan != tc.rowSpan {
				t.Errorf("review=%v: %q spans %d rows, want %d", review, tc.text, c.RowSpan, tc.rowSpan)
			}
		}
		text := tableText(unit)
		if n := strings.Count(text, "总分|"); n != 1 {
			t.Errorf("review=%v: %d 总分 cells, want 1", review, n)
		}
		if _, ok := find(unit, "95分"); !ok {
			t.Errorf("review=%v: the declared 总分 95分 is not printed", review)
		}
		computed := strings.Contains(text, "按公式计算")
		if computed != review {
			t.Errorf("review=%v: computed scores shown = %v", review, computed)
		}
		// The declared budget score is 18; the rules compute 18.35.
		_, has1835 := find(unit, "18.35")
		if has1835 != review {
			t.Errorf("review=%v: computed 18.35 shown = %v", review, has1835)
		}
		if _, ok := find(unit, "18"); !ok {
			t.Errorf("review=%v: the declared budget score 18 is not printed", review)
		}
	}
}

// TestReviewCopyShowsRounding: the reference report prints 表6 302 = 3.50
// while its items add up to 3.51; the public copy keeps the printed
// values, the review copy names the drift and the smallest fix.
func TestReviewCopyShowsRounding(t *testing.T) {
	tpl, r := mustExample(t)
	pub, err := Build(tpl, r.Clone())
	if err != nil {
		t.Fatal(err)
	}
	rev, err := BuildWith(tpl, r.Clone(), Options{Review: true})
	if err != nil {
		t.Fatal(err)
	}
	text := func(d *Document) string {
		var b strings.Builder
		for _, bl := range d.Blocks {
			b.WriteString(bl.Text + "\n")
		}
		return b.String()
	}
	if strings.Contains(text(pub), "尾差") {
		t.Error("the public copy mentions 尾差")
	}
	got := text(rev)
	for _, want := range []string{"6:302:1 印 3.50", "之和为 3.51", "使各表平衡的最小调整"} {
		if !strings.Contains(got, want) {
			t.Errorf("review copy lacks %q:\n%s", want, got[max(0, strings.Index(got, "尾差")-10):])
		}
	}
}
