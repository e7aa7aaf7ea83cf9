package pdf

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/render/html"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// line is one printed line of a page: its words left to right.
type line struct {
	Y     float64
	Words []string
}

// lines groups a page's words into lines by their top edge.
func lines(words []box) []line {
	ws := append([]box(nil), words...)
	sort.SliceStable(ws, func(i, j int) bool {
		if d := ws[i].Y0 - ws[j].Y0; d < -2 || d > 2 {
			return ws[i].Y0 < ws[j].Y0
		}
		return ws[i].X0 < ws[j].X0
	})
	var out []line
	for _, w := range ws {
		if n := len(out); n > 0 && w.Y0-out[n-1].Y < 2 {
			out[n-1].Words = append(out[n-1].Words, w.Text)
			continue
		}
		out = append(out, line{Y: w.Y0, Words: []string{w.Text}})
	}
	return out
}

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// orphanPages finds pages that continue a table from the page before and
// hold fewer than five printed lines of it. A continued table's page
// starts with its repeated header; its lines end at the 注 or 说明 under
// it, or at the page number. Counting lines, not rows, lets a page of two
// rows that wrap into five lines pass, so the test is a floor; every
// table of the documents tested prints its rows on single lines on the
// pages where it continues.
func orphanPages(doc *disclosure.Document, pages [][]box) []string {
	var bad []string
	texts := pageTexts(pages)
	var cur *disclosure.Table
	for i, p := range pages {
		for _, t := range doc.Tables {
			if t.Title != "" && strings.Contains(texts[i], squash(t.Title)) {
				cur = t
			}
		}
		if cur == nil || i == 0 || strings.Contains(texts[i], squash(cur.Title)) || len(cur.Header) == 0 {
			continue
		}
		heads := map[string]bool{}
		var headText strings.Builder
		for _, row := range cur.Header {
			for _, c := range row {
				heads[squash(c.Text)] = true
				headText.WriteString(squash(c.Text))
			}
		}
		isHead := func(l line) bool {
			for _, w := range l.Words {
				if !strings.Contains(headText.String(), w) {
					return false
				}
			}
			return true
		}
		ls := lines(p)
		if len(ls) == 0 || !isHead(ls[0]) {
			cur = nil // the page does not continue a table
			continue
		}
		k := 0
		for k < len(ls) && isHead(ls[k]) {
			k++
		}
		n := 0
		for ; k < len(ls); k++ {
			first := ls[k].Words[0]
			if strings.HasPrefix(first, "注") || strings.HasPrefix(first, "说明") || first == "—" {
				break
			}
			n++
		}
		if n < 5 {
			bad = append(bad, strings.Join([]string{cur.Title, "continues on page", itoa(i + 1), "with", itoa(n), "lines"}, " "))
		}
	}
	return bad
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// corpusReports are the documents the page-fitting test prints: the
// reference report and the two Shanghai 2024 reports imported from their
// published PDFs.
func corpusReports(t *testing.T) map[string]struct {
	tpl *juesuan.Template
	r   *juesuan.Report
} {
	t.Helper()
	out := map[string]struct {
		tpl *juesuan.Template
		r   *juesuan.Report
	}{}
	r, tpl, err := reportfile.ReadFile(filepath.Join("..", "..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	out["wuhan-zhigong-2020"] = struct {
		tpl *juesuan.Template
		r   *juesuan.Report
	}{tpl, r}
	for _, name := range []string{"putuo-caizhengju-2024-final", "putuo-shehuigongzuobu-2024-final"} {
		res, err := importer.File(filepath.Join("..", "..", "importer", "testdata", name+".pdf"), yearspec.Default, importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		out[name] = struct {
			tpl *juesuan.Template
			r   *juesuan.Report
		}{res.Template, res.Report}
	}
	return out
}

func TestNoOrphanRows(t *testing.T) {
	needPDF(t)
	reports := corpusReports(t)
	if !testing.Short() {
		// A generated report of every family: layouts nobody tuned on.
		for _, f := range yearspec.Default.Families() {
			tpl, err := yearspec.Default.For(f.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			base, _ := yearspec.Default.For("", tpl.Year)
			gs, err := gen.In(tpl, base, audit.Program, gen.Options{Units: 1, Seed: 15})
			if err != nil {
				t.Fatal(err)
			}
			reports["gen-"+f.ID] = struct {
				tpl *juesuan.Template
				r   *juesuan.Report
			}{tpl, gs[0].Report}
		}
	}
	for name, c := range reports {
		t.Run(name, func(t *testing.T) {
			doc, err := disclosure.Build(c.tpl, c.r)
			if err != nil {
				t.Fatal(err)
			}
			pages := pageBoxes(t, printDoc(t, doc))
			t.Logf("%d pages; fitting: %v", len(pages), LastFit.Load())
			for _, b := range orphanPages(doc, pages) {
				t.Error(b)
			}
		})
	}
}

// longTable is a document of one table that is a few rows too long for
// one page.
func longTable(rows int) *disclosure.Document {
	cell := func(s string) disclosure.Cell { return disclosure.Cell{Text: s, ColSpan: 1, RowSpan: 1} }
	t := &disclosure.Table{Title: "长表测试（表1）", Unit: "单位：万元", Widths: []int{20, 50, 30},
		Header: [][]disclosure.Cell{{cell("科目编码"), cell("科目名称"), cell("金额")}}}
	for i := range rows {
		t.Body = append(t.Body, []disclosure.Cell{cell(itoa(2010000 + i)), cell("行政运行"), cell(itoa(i) + ".00")})
	}
	return &disclosure.Document{Title: "长表", Unit: "测试单位", Year: 2024, Tables: []*disclosure.Table{t},
		Blocks: []disclosure.Block{{Kind: disclosure.PageBreak}, {Kind: disclosure.TableBlock, Table: t}}}
}

// TestPageFitting shows that the check sees a table's last rows alone on
// a page and that page fitting removes them.
func TestPageFitting(t *testing.T) {
	needPDF(t)
	var page strings.Builder
	for _, n := range []int{42, 44, 88} {
		doc := longTable(n)
		page.Reset()
		if err := html.Render(&page, doc); err != nil {
			t.Fatal(err)
		}
		print := func(noFit bool) [][]box {
			p, err := NewPrinter(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			p.noFit = noFit
			out, err := p.Print(context.Background(), []byte(page.String()))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "long.pdf")
			if err := os.WriteFile(file, out, 0o644); err != nil {
				t.Fatal(err)
			}
			return pageBoxes(t, file)
		}
		before := orphanPages(doc, print(true))
		after := orphanPages(doc, print(false))
		t.Logf("%d rows: without fitting %v; with: %v (%v)", n, before, after, LastFit.Load())
		if len(after) > 0 {
			t.Errorf("%d rows: %v", n, after)
		}
		if len(before) == 0 {
			t.Errorf("%d rows: the check saw no orphan rows without page fitting", n)
		}
	}
}
