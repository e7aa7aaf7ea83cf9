package html

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

var figures = []string{
	"122.40", "1.37", "1.11%", "100.00%", "79.37%", "20.63%", "70.69%", "15.48%", "6.74%", "7.08%",
	"91.73%", "91.33%", "86.21%", "102.23%", "100.35%", "93.65", "3.50", "133.43", "84.17%",
	"2012903", "一般公共服务支出（类）群众团体事务（款）机关服务（项）",
}

func TestHTMLShowsEveryFigureAndCell(t *testing.T) {
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
	page := buf.String()
	if strings.Contains(page, "<script") || strings.Contains(page, "src=\"http") || strings.Contains(page, "href=\"http") {
		t.Error("the HTML must be self-contained")
	}
	for _, want := range []string{"<thead>", "@page", "counter(page)", "<svg", "rowspan=", "colspan="} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, "\n")
	for _, f := range figures {
		if !strings.Contains(text, f) {
			t.Errorf("HTML text lacks %s", f)
		}
	}
	// Every table cell appears as a <td> of its table.
	for c, v := range r.Cells {
		if !strings.Contains(page, ">"+v.Wan()+"</td>") {
			t.Errorf("cell %s value %s not in a table cell", c, v.Wan())
		}
	}
	if n := strings.Count(page, "<table>"); n < 9 {
		t.Errorf("%d tables, want at least the 9 standard tables", n)
	}
}

func TestHTMLEscapesText(t *testing.T) {
	doc := &disclosure.Document{Title: "<b>&", Blocks: []disclosure.Block{{Kind: disclosure.Para, Text: "<script>alert(1)</script>"}}}
	var buf bytes.Buffer
	if err := Render(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<script>") || !strings.Contains(buf.String(), "&lt;script&gt;") {
		t.Error("text is not escaped")
	}
}
