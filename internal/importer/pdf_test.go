package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
)

var corpusPDFs = []string{"putuo-caizhengju-2024-final", "putuo-shehuigongzuobu-2024-final"}

// The PDF read directly and its pdftotext -layout text give the same
// cells (what `juesuan cells` prints) and the same narrative facts.
func TestPDFSameCellsAsText(t *testing.T) {
	for _, name := range corpusPDFs {
		t.Run(name, func(t *testing.T) {
			pdf := mustImport(t, filepath.Join("testdata", name+".pdf"))
			txt := mustImport(t, filepath.Join("testdata", name+".txt"))
			if pdf.Format != FormatPDF {
				t.Errorf("format %s", pdf.Format)
			}
			got, want := cellsCSV(t, pdf.Template, pdf.Report), cellsCSV(t, txt.Template, txt.Report)
			if got != want {
				t.Errorf("cells differ:\n%s", lineDiff(want, got))
			}
			if len(pdf.Diags) != 0 {
				t.Errorf("diagnostics: %v", pdf.Diags)
			}
			if pdf.Report.Unit.Name != txt.Report.Unit.Name {
				t.Errorf("unit %q, text gives %q", pdf.Report.Unit.Name, txt.Report.Unit.Name)
			}
			pp, tp := pdf.Report.Prior.Total, txt.Report.Prior.Total
			if (pp == nil) != (tp == nil) || pp != nil && *pp != *tp {
				t.Errorf("prior total %v, text gives %v", pp, tp)
			}
		})
	}
}

// Every amount printed on a table page of the PDF is placed in a cell:
// the amounts are counted per page in pdftotext's text (an independent
// extraction) with a plain regular expression.
func TestPDFEveryAmountPlaced(t *testing.T) {
	for _, name := range corpusPDFs {
		t.Run(name, func(t *testing.T) {
			res := mustImport(t, filepath.Join("testdata", name+".pdf"))
			raw, err := os.ReadFile(filepath.Join("testdata", name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			pages := strings.Split(string(raw), "\f")
			placed := map[int]int{}
			for _, p := range res.Placements {
				placed[p.Page]++
			}
			first, last := 0, 0
			for _, s := range res.Tables {
				if s.Found && (first == 0 || s.Page < first) {
					first = s.Page
				}
			}
			for i, p := range pages {
				if strings.Contains(p, "第三部分") && i+1 > first {
					last = i
					break
				}
			}
			total := 0
			for pg := first; pg <= last; pg++ {
				n := 0
				for _, l := range strings.Split(pages[pg-1], "\n") {
					if strings.HasPrefix(strings.TrimSpace(l), "注") {
						continue
					}
					n += len(reIndependentAmount.FindAllString(strings.ReplaceAll(l, " ", "  "), -1))
				}
				if n != placed[pg] {
					t.Errorf("page %d: %d amounts printed, %d placed", pg, n, placed[pg])
				}
				total += n
			}
			if total < 100 {
				t.Errorf("only %d amounts on the table pages", total)
			}
		})
	}
}

// check on the 财政局 PDF reports the real 0.01 gaps and no error.
func TestPDFCheck(t *testing.T) {
	res := mustImport(t, "testdata/putuo-caizhengju-2024-final.pdf")
	fs, err := audit.Check(res.Template, res.Report)
	if err != nil {
		t.Fatal(err)
	}
	gaps := map[string]bool{}
	for _, f := range fs {
		if f.Severity == juesuan.SevError {
			t.Errorf("false error: %s %s", f.Rule, f.Message)
		}
		if f.Expected == "326.72" && f.Actual == "326.71" {
			gaps[f.Rule] = true
		}
	}
	if !gaps["X3.expense"] || !gaps["X5.general-budget"] {
		t.Errorf("0.01 gaps of 社会保障和就业支出 not reported: %v", gaps)
	}
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	in := func(xs []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	wm, gm := in(w), in(g)
	var b strings.Builder
	for _, x := range w {
		if !gm[x] {
			b.WriteString("- " + x + "\n")
		}
	}
	for _, x := range g {
		if !wm[x] {
			b.WriteString("+ " + x + "\n")
		}
	}
	return b.String()
}
