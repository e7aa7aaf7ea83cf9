package identify

import (
	"bytes"
	"io"
	"testing"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/render/docx"
	"github.com/juesuan/juesuan/internal/render/html"
	"github.com/juesuan/juesuan/internal/render/xlsx"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// The reference report rendered as a workbook, a Word file and a web
// page reads as the same document in each.
func TestRenderedFormats(t *testing.T) {
	r, tpl, err := reportfile.ReadFile("../../examples/wuhan-zhigong-2020.yaml", yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := disclosure.Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	for name, render := range map[string]func(io.Writer, *disclosure.Document) error{
		"w.xlsx": xlsx.Render, "w.docx": docx.Render, "w.html": html.Render,
	} {
		var buf bytes.Buffer
		if err := render(&buf, doc); err != nil {
			t.Fatal(err)
		}
		d, err := ReadDoc(name, buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		in := Identify(d)
		if in.Unit != "武汉经济技术开发区（汉南区）职工服务中心" || in.Year != 2020 || in.Kind != DeptFinal || in.MoneyUnit != "万元" {
			t.Errorf("%s: got %q %d %s %s", name, in.Unit, in.Year, in.Kind, in.MoneyUnit)
		}
		if s := states(in); len(s) < 9 || s[:9] != "FFFFFFEEE" {
			t.Errorf("%s: tables %s", name, s)
		}
		for i, ts := range tpl.Tables {
			if i < len(in.Tables) && in.Tables[i].Title != ts.Title {
				t.Errorf("%s: table %d %q, want %q", name, i+1, in.Tables[i].Title, ts.Title)
			}
		}
		seen := map[string]bool{}
		for _, tb := range in.Tables {
			if seen[tb.Title] {
				t.Errorf("%s: %q listed twice", name, tb.Title)
			}
			seen[tb.Title] = true
		}
	}
}
