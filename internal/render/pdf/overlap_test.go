package pdf

import (
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// box is one word of `pdftotext -bbox` output, in PDF points.
type box struct {
	X0, Y0, X1, Y1 float64
	Text           string
}

// pageBoxes reads the word boxes of every page of a PDF file.
func pageBoxes(t *testing.T, file string) [][]box {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Pages []struct {
			Words []struct {
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	d := xml.NewDecoder(strings.NewReader(string(out)))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	if err := d.Decode(&doc); err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	pages := make([][]box, len(doc.Pages))
	for i, p := range doc.Pages {
		for _, w := range p.Words {
			pages[i] = append(pages[i], box{w.XMin, w.YMin, w.XMax, w.YMax, w.Text})
		}
	}
	return pages
}

// overlaps lists the pairs of words that are drawn over each other. The
// boxes poppler reports for a CJK font are the font's whole ascent and
// descent, taller than the line pitch, so neighbouring lines of one cell
// share part of their height; words on the same line share most of it.
func overlaps(words []box) []string {
	const eps = 1.0 // points
	var out []string
	for i := range words {
		for j := i + 1; j < len(words); j++ {
			a, b := words[i], words[j]
			dx := min(a.X1, b.X1) - max(a.X0, b.X0)
			dy := min(a.Y1, b.Y1) - max(a.Y0, b.Y0)
			h := min(a.Y1-a.Y0, b.Y1-b.Y0)
			if dx > eps && dy > 0.7*h {
				out = append(out, fmt.Sprintf("%q %v over %q %v", a.Text, [4]float64{a.X0, a.Y0, a.X1, a.Y1}, b.Text, [4]float64{b.X0, b.Y0, b.X1, b.Y1}))
			}
		}
	}
	return out
}

// pageTexts returns each page's text as one string without spaces.
func pageTexts(pages [][]box) []string {
	out := make([]string, len(pages))
	for i, p := range pages {
		var b strings.Builder
		for _, w := range p {
			b.WriteString(w.Text)
		}
		out[i] = b.String()
	}
	return out
}

func needPDF(t *testing.T) {
	t.Helper()
	if _, err := Browser(); err != nil {
		if os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	need(t, "pdftotext")
}

func printDoc(t *testing.T, doc *disclosure.Document) string {
	t.Helper()
	out, err := Render(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestOverlapDetected proves the check sees text drawn over text: a cell
// that may not wrap spills into its neighbour.
func TestOverlapDetected(t *testing.T) {
	needPDF(t)
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
table{table-layout:fixed;width:60mm;border-collapse:collapse}td{white-space:nowrap;font-size:12pt}
</style></head><body><table><tr><td style="width:20mm">24小时之内维修完毕</td><td>72小时之内</td></tr></table></body></html>`
	out, err := PrintHTML(context.Background(), []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
	pages := pageBoxes(t, file)
	if len(pages) == 0 || len(overlaps(pages[0])) == 0 {
		t.Fatalf("no overlap found in a page that has one: %v", pages)
	}
}

// TestPerfSheetsNoOverlap prints the reference report, public and review
// copies, and checks that no two words of its 绩效自评表 pages overlap.
func TestPerfSheetsNoOverlap(t *testing.T) {
	needPDF(t)
	r, tpl, err := reportfile.ReadFile(filepath.Join("..", "..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, review := range []bool{false, true} {
		t.Run(fmt.Sprintf("review=%v", review), func(t *testing.T) {
			doc, err := disclosure.BuildWith(tpl, r.Clone(), disclosure.Options{Review: review})
			if err != nil {
				t.Fatal(err)
			}
			pages := pageBoxes(t, printDoc(t, doc))
			texts := pageTexts(pages)
			first := -1
			for i, s := range texts {
				if strings.Contains(s, "绩效自评表") && strings.Contains(s, "填报日期") {
					first = i
					break
				}
			}
			if first < 0 {
				t.Fatal("no 绩效自评表 page found")
			}
			for i := first; i < len(pages); i++ {
				for _, o := range overlaps(pages[i]) {
					t.Errorf("page %d: %s", i+1, o)
				}
			}
			all := strings.Join(texts[first:], "")
			if got := strings.Count(all, "按公式计算"); (got > 0) != review {
				t.Errorf("按公式计算 printed %d times in review=%v copy", got, review)
			}
		})
	}
}
