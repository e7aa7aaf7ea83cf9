// Package render_test holds the golden renderings of every template
// family: a generated report of each, written as HTML, DOCX and XLSX, and
// kept as the text and the layout parts that matter. Refresh them with
// go test ./internal/render -update and review the diff.
package render_test

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"html"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/render/docx"
	htmlr "github.com/juesuan/juesuan/internal/render/html"
	"github.com/juesuan/juesuan/internal/render/xlsx"
	"github.com/juesuan/juesuan/internal/testutil/golden"
	"github.com/juesuan/juesuan/internal/yearspec"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestFamilyGoldens(t *testing.T) {
	fams := yearspec.Default.Families()
	if len(fams) < 2 {
		t.Fatalf("%d families", len(fams))
	}
	for _, f := range fams {
		t.Run(f.ID, func(t *testing.T) {
			tpl, err := yearspec.Default.For(f.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			base, err := yearspec.Default.For("", tpl.Year)
			if err != nil {
				base = nil
			}
			gs, err := gen.In(tpl, base, audit.Program, gen.Options{Units: 1, Seed: 15})
			if err != nil {
				t.Fatal(err)
			}
			doc, err := disclosure.Build(tpl, gs[0].Report)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "# %s %d: %s\n\n## HTML text\n", f.ID, tpl.Year, doc.Title)
			var page bytes.Buffer
			if err := htmlr.Render(&page, doc); err != nil {
				t.Fatal(err)
			}
			b.WriteString(htmlText(page.String()))
			var dx bytes.Buffer
			if err := docx.Render(&dx, doc); err != nil {
				t.Fatal(err)
			}
			b.WriteString("\n## DOCX\n")
			b.WriteString(docxLayout(t, dx.Bytes()))
			var xl bytes.Buffer
			if err := xlsx.Render(&xl, doc); err != nil {
				t.Fatal(err)
			}
			b.WriteString("\n## XLSX\n")
			b.WriteString(xlsxLayout(t, xl.Bytes()))
			checkGolden(t, filepath.Join("testdata", "families", f.ID+".golden"), b.String())
		})
	}
}

var (
	reDrop  = regexp.MustCompile(`(?s)<style>.*?</style>|<svg.*?</svg>|<head>.*?</head>`)
	reCell  = regexp.MustCompile(`</t[dh]>`)
	reBreak = regexp.MustCompile(`</(tr|p|h[1-6]|li|div|figcaption|caption)>`)
	reTag   = regexp.MustCompile(`<[^>]*>`)
	reSpan  = regexp.MustCompile(`<t[dh][^>]*(colspan|rowspan)="(\d+)"[^>]*>`)
)

// htmlText keeps the text of the page, a table row a line with its cells
// separated by |, and the spans of merged cells as {c2} or {r3}.
func htmlText(s string) string {
	s = reDrop.ReplaceAllString(s, "")
	s = reSpan.ReplaceAllStringFunc(s, func(m string) string {
		out := ""
		for _, sm := range regexp.MustCompile(`(colspan|rowspan)="(\d+)"`).FindAllStringSubmatch(m, -1) {
			out += "{" + sm[1][:1] + sm[2] + "}"
		}
		return out
	})
	s = reCell.ReplaceAllString(s, " | ")
	s = reBreak.ReplaceAllString(s, "\n")
	s = reTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n") + "\n"
}

var (
	reSect  = regexp.MustCompile(`<w:pgSz w:w="(\d+)" w:h="(\d+)"( w:orient="landscape")?/>`)
	reGrid  = regexp.MustCompile(`<w:tblGrid>(.*?)</w:tblGrid>`)
	reCol   = regexp.MustCompile(`w:w="(\d+)"`)
	reInstr = regexp.MustCompile(`<w:instrText[^>]*>([^<]*)</w:instrText>`)
)

// docxLayout keeps what a Word user sees of the layout: the sections'
// pages, the fields, and each table's column widths.
func docxLayout(t *testing.T, b []byte) string {
	doc := zipPart(t, b, "word/document.xml")
	var out strings.Builder
	for _, m := range reSect.FindAllStringSubmatch(doc, -1) {
		orient := "portrait"
		if m[3] != "" {
			orient = "landscape"
		}
		fmt.Fprintf(&out, "section %s %sx%s\n", orient, m[1], m[2])
	}
	for _, m := range reInstr.FindAllStringSubmatch(doc, -1) {
		fmt.Fprintf(&out, "field %s\n", strings.TrimSpace(m[1]))
	}
	for _, m := range reGrid.FindAllStringSubmatch(doc, -1) {
		var ws []string
		for _, c := range reCol.FindAllStringSubmatch(m[1], -1) {
			ws = append(ws, c[1])
		}
		fmt.Fprintf(&out, "table grid %s\n", strings.Join(ws, " "))
	}
	if strings.Contains(zipPart(t, b, "word/settings.xml"), "updateFields") {
		out.WriteString("settings: update fields on opening\n")
	}
	return out.String()
}

func zipPart(t *testing.T, b []byte, name string) string {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	t.Fatalf("no %s", name)
	return ""
}

// xlsxLayout keeps each sheet's name, frozen pane, merged ranges and the
// heights of its first rows.
func xlsxLayout(t *testing.T, b []byte) string {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	for _, sh := range f.GetSheetList() {
		fmt.Fprintf(&out, "sheet %s\n", sh)
		if p, err := f.GetPanes(sh); err == nil && p.Freeze {
			fmt.Fprintf(&out, "  frozen above row %d\n", p.YSplit+1)
		}
		mc, err := f.GetMergeCells(sh)
		if err != nil {
			t.Fatal(err)
		}
		var ms []string
		for _, m := range mc {
			ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		if len(ms) > 0 {
			fmt.Fprintf(&out, "  merged %s\n", strings.Join(ms, " "))
		}
		var hs []string
		for r := 1; r <= 6; r++ {
			h, err := f.GetRowHeight(sh, r)
			if err != nil {
				t.Fatal(err)
			}
			hs = append(hs, fmt.Sprintf("%g", h))
		}
		fmt.Fprintf(&out, "  row heights %s\n", strings.Join(hs, " "))
	}
	return out.String()
}

// checkGolden compares got with the golden file (golden.Check).
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	golden.Check(t, path, got, *update, "go test ./internal/render -update")
}
