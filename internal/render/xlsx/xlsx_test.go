package xlsx

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

func TestFormulasRecompute(t *testing.T) {
	r, tpl, err := reportfile.ReadFile(filepath.Join("..", "..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := disclosure.Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Render(&buf, doc); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The nine tables, the 情况说明 and the two 绩效自评表.
	want := []string{"情况说明", "绩效自评表1", "绩效自评表2"}
	if got := f.GetSheetList(); len(got) != 12 || strings.Join(got[9:], ",") != strings.Join(want, ",") {
		t.Fatalf("sheets = %q, want the 9 tables and %q", got, want)
	}
	for _, sh := range f.GetSheetList()[:9] {
		panes, err := f.GetPanes(sh)
		if err != nil || !panes.Freeze || panes.YSplit < 3 {
			t.Errorf("%s: header not frozen (%+v, %v)", sh, panes, err)
		}
	}
	formulas := 0
	for _, tb := range doc.Tables {
		if len([]rune(tb.Sheet)) > 31 {
			t.Errorf("sheet name %q longer than 31", tb.Sheet)
		}
		for i, row := range tb.Body {
			for j, c := range row {
				if c.Value == nil {
					continue
				}
				ref := CellName(tb, i, j)
				raw, err := f.GetCellValue(tb.Sheet, ref, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				if raw2 := trim(raw); raw2 != trim(c.Value.Wan()) {
					t.Errorf("%s!%s cached %q, printed %s", tb.Sheet, ref, raw, c.Value.Wan())
				}
				if c.Formula == nil {
					continue
				}
				formulas++
				fx, _ := f.GetCellFormula(tb.Sheet, ref)
				if fx == "" {
					t.Errorf("%s!%s has no formula", tb.Sheet, ref)
					continue
				}
				got, err := f.CalcCellValue(tb.Sheet, ref, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatalf("%s!%s = %s: %v", tb.Sheet, ref, fx, err)
				}
				v, err := strconv.ParseFloat(got, 64)
				if err != nil {
					t.Fatalf("%s!%s = %q", tb.Sheet, ref, got)
				}
				// Excel computes in binary floating point; what it shows is
				// the value rounded to the cell's two decimals.
				if s := fmt.Sprintf("%.2f", v); s != c.Value.Wan() {
					t.Errorf("%s!%s = %s evaluates to %s, the table prints %s", tb.Sheet, ref, fx, s, c.Value.Wan())
				}
			}
		}
	}
	if formulas < 50 {
		t.Errorf("only %d formula cells", formulas)
	}
	// Print setup: header rows repeat.
	names := f.GetDefinedName()
	titles := 0
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" {
			titles++
		}
	}
	if titles != 9 {
		t.Errorf("%d sheets repeat their header rows, want 9", titles)
	}
}

func trim(s string) string {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%.2f", v)
}
