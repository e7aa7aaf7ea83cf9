// Package html renders the disclosure document as one self-contained
// HTML file (inline CSS and SVG charts) with print CSS for A4: table
// headers repeat on every page and pages are numbered. The PDF renderer
// prints this same file.
package html

import (
	_ "embed"
	"html/template"
	"io"
	"strings"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/render/chart"
)

//go:embed page.html.tmpl
var pageText string

//go:embed style.css
var styleText string

// FitScript is the page-fitting script the PDF printer runs on the page
// before printing; it returns a JSON list of what it did per table.
//
//go:embed fit.js
var FitScript string

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"svg":   func(c *disclosure.Chart) template.HTML { return template.HTML(chart.SVG(c)) }, // chart.SVG escapes its text
	"css":   func() template.CSS { return template.CSS(styleText) },
	"isH":   func(b disclosure.Block) bool { return b.Kind == disclosure.Heading },
	"isP":   func(b disclosure.Block) bool { return b.Kind == disclosure.Para },
	"isT":   func(b disclosure.Block) bool { return b.Kind == disclosure.TableBlock },
	"isC":   func(b disclosure.Block) bool { return b.Kind == disclosure.ChartBlock },
	"isBr":  func(b disclosure.Block) bool { return b.Kind == disclosure.PageBreak },
	"align": alignClass,
	"pct": func(w []int, i int) string {
		sum := 0
		for _, x := range w {
			sum += x
		}
		if sum == 0 {
			return "auto"
		}
		return template.HTMLEscapeString(fmtPct(w[i] * 10000 / sum))
	},
}).Parse(pageText))

func fmtPct(bp int) string {
	return itoa(bp/100) + "." + pad2(bp%100) + "%"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

func alignClass(c disclosure.Cell) string {
	s := ""
	switch c.Align {
	case disclosure.Center:
		s = "c"
	case disclosure.Right:
		s = "r"
	}
	if c.Bold {
		s += " b"
	}
	if c.Value != nil {
		s += " n" // an amount never wraps; text always may
	}
	return strings.TrimSpace(s)
}

// Render writes the document as HTML.
func Render(w io.Writer, d *disclosure.Document) error {
	return page.Execute(w, d)
}
