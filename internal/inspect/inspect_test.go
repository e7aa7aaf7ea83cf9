package inspect

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/identify"
	"github.com/juesuan/juesuan/internal/pdfannot"
	"github.com/juesuan/juesuan/internal/render/pdf"
	"github.com/juesuan/juesuan/internal/yearspec"
	"github.com/xuri/excelize/v2"
)

// need skips when an external program is missing, unless CI demands it.
func need(t testing.TB, prog string) {
	t.Helper()
	if _, err := exec.LookPath(prog); err != nil {
		if os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is required (JUESUAN_REQUIRE_TOOLS=1) but not installed", prog)
		}
		t.Skipf("%s not installed; skipping (CI installs it)", prog)
	}
}

func needBrowser(t testing.TB) {
	t.Helper()
	if _, err := pdf.Browser(); err != nil {
		if os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// corpus are the published reports of the repository's testdata.
var corpus = []struct{ file, unit string }{
	{"putuo-caizhengju-2024-final.pdf", "上海市普陀区财政局"},
	{"putuo-caizhengju-2024-final.txt", "上海市普陀区财政局"},
	{"putuo-shehuigongzuobu-2024-final.pdf", "中共上海市普陀区委社会工作部"},
}

// batch is a folder of corpus documents, generated reports with known
// faults rendered to PDF, and one broken file, with the region's unit
// list (one unit of which published nothing).
type batch struct {
	dir    string
	files  []string
	units  []Unit
	gens   map[string]gen.Generated // by file
	broken string
}

func makeBatch(t testing.TB, n int) *batch {
	t.Helper()
	needBrowser(t)
	b := &batch{dir: t.TempDir(), gens: map[string]gen.Generated{}}
	for _, c := range corpus {
		data, err := os.ReadFile(filepath.Join("..", "importer", "testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(b.dir, c.file)
		os.WriteFile(p, data, 0o644)
	}
	b.units = []Unit{
		{Code: "310107001", Name: "上海市普陀区财政局", Department: "财政局"},
		{Code: "310107002", Name: "中共上海市普陀区委社会工作部", Department: "区委社会工作部"},
		{Code: "310107999", Name: "上海市普陀区档案馆", Department: "档案馆"},
	}
	l := yearspec.Default
	tpl, err := l.For("shanghai", 2024)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := l.For("", 2024)
	gs, err := gen.In(tpl, base, audit.Program, gen.Options{Units: n, Seed: 19, Faults: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		doc, err := disclosure.Build(tpl, g.Report)
		if err != nil {
			t.Fatal(err)
		}
		out, err := pdf.Render(context.Background(), doc)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("gen-%s.pdf", g.Unit.Code)
		os.WriteFile(filepath.Join(b.dir, name), out, 0o644)
		b.gens[filepath.Join(b.dir, name)] = g
		b.units = append(b.units, Unit{Code: g.Unit.Code, Name: g.Report.Unit.Name, Department: g.Unit.Parent})
	}
	b.broken = filepath.Join(b.dir, "zz-broken.pdf")
	os.WriteFile(b.broken, []byte("%PDF-1.7\nthis is not a PDF at all"), 0o644)
	b.files, _ = Files([]string{b.dir})
	return b
}

func options(t testing.TB, units []Unit) Options {
	cands, err := identify.Candidates(yearspec.Default)
	if err != nil {
		t.Fatal(err)
	}
	return Options{Templates: yearspec.Default, Candidates: cands, Units: units}
}

type word struct {
	page int
	box  Box // y up, like ours
	text string
}

var (
	rePage = regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)">`)
	reWord = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
)

// popplerWords are the words `pdftotext -bbox` finds, in PDF points with
// y up.
func popplerWords(t testing.TB, file string) []word {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox %s: %v", file, err)
	}
	var ws []word
	page, h := 0, 0.0
	for _, ln := range strings.Split(string(out), "\n") {
		if m := rePage.FindStringSubmatch(ln); m != nil {
			page++
			h, _ = strconv.ParseFloat(m[2], 64)
			continue
		}
		if m := reWord.FindStringSubmatch(ln); m != nil {
			f := func(i int) float64 { v, _ := strconv.ParseFloat(m[i], 64); return v }
			ws = append(ws, word{page: page, box: Box{f(1), h - f(4), f(3), h - f(2)}, text: m[5]})
		}
	}
	return ws
}

// holds tells whether box b holds the glyphs of poppler's word w: the
// word's horizontal extent lies within b, and so does the middle of its
// line. (Poppler's word box spans the font's ascent and descent, which
// some fonts make much taller than the glyphs; the tight glyph box pdfium
// gives is within that band.)
func holds(b, w Box, tol float64) bool {
	mid := (w[1] + w[3]) / 2
	return w[0] >= b[0]-tol && w[2] <= b[2]+tol && mid >= b[1] && mid <= b[3]
}

func TestInspectBatch(t *testing.T) {
	need(t, "pdftotext")
	need(t, "pdfinfo")
	need(t, "pdftoppm")
	b := makeBatch(t, 2)
	docs := Run(context.Background(), b.files, options(t, b.units))
	if len(docs) != len(b.files) {
		t.Fatalf("%d documents for %d files", len(docs), len(b.files))
	}
	for _, d := range docs {
		if d.File == b.broken {
			if d.Error == "" || !strings.Contains(d.Error, "zz-broken.pdf") {
				t.Errorf("broken file: error %q, want a Chinese error naming the file", d.Error)
			}
			continue
		}
		if d.Error != "" {
			t.Errorf("%s: %s", d.File, d.Error)
			continue
		}
		if d.Kind != "部门决算" || d.Year != 2024 {
			t.Errorf("%s identified as %q %d, want 部门决算 2024", d.File, d.Kind, d.Year)
		}
		if d.Match.State != Matched {
			t.Errorf("%s (%s): match %+v, want 已匹配", d.File, d.Unit, d.Match)
		}
		for _, c := range corpus {
			if filepath.Base(d.File) == c.file && d.Match.Name != c.unit {
				t.Errorf("%s matched to %q, want %q", d.File, d.Match.Name, c.unit)
			}
		}
		if g, ok := b.gens[d.File]; ok && d.Match.Code != g.Unit.Code {
			t.Errorf("%s matched to %s, want %s", d.File, d.Match.Code, g.Unit.Code)
		}
		// Every finding of a PDF is located: on the generated reports
		// and on the two published Shanghai reports alike.
		if d.PDF() {
			for _, f := range d.Findings {
				if f.Box == nil {
					t.Errorf("%s: %s (%s) not located", d.File, f.ID, f.Message)
				}
			}
		}
		// Every finding about printed cells of a PDF is located.
		if d.PDF() {
			for _, f := range d.Findings {
				if len(f.Places) > 0 && (f.Page == 0 || f.Box == nil) {
					t.Errorf("%s: %s located without page or box", d.File, f.ID)
				}
			}
		}
	}

	// Every injected fault is found as an error naming its cells, on the
	// page and in the box where pdftotext finds the faulty amount.
	faults := 0
	for _, d := range docs {
		g, ok := b.gens[d.File]
		if !ok {
			continue
		}
		words := popplerWords(t, d.File)
		for _, ft := range g.Faults {
			if !ft.Table {
				continue
			}
			faults++
			// The faulty amounts: the fault's cells that are printed.
			var amounts []string
			for _, c := range ft.Cells {
				ref, err := juesuan.ParseCellRef(c)
				if err != nil {
					t.Fatal(err)
				}
				if v := g.Report.Cells[ref]; v != 0 {
					amounts = append(amounts, v.Wan())
				}
			}
			located := false
			for _, f := range d.Findings {
				if f.Severity != juesuan.SevError {
					continue
				}
				for _, p := range f.Places {
					if !slices.Contains(ft.Cells, p.Cell) || p.Box == nil {
						continue
					}
					if !p.Row && !slices.Contains(amounts, strings.ReplaceAll(p.Text, ",", "")) {
						t.Errorf("%s: fault %s: place %s reads %q, the faulty amounts are %v", d.File, ft.Detail, p.Cell, p.Text, amounts)
						continue
					}
					for _, w := range words {
						if w.page == p.Page && slices.Contains(amounts, strings.ReplaceAll(w.text, ",", "")) && holds(*p.Box, w.box, 0.5) {
							located = true
						}
					}
				}
			}
			if !located {
				t.Errorf("%s: fault %s (%v) not found as an error located on its printed amount", d.File, ft.Detail, ft.Cells)
			}
		}
	}
	if faults == 0 {
		t.Fatal("no table fault was injected")
	}

	// The region view: every unit with its counts, the missing unit.
	rg := View(docs, b.units, 0)
	if rg.Year != 2024 || rg.Unreadable != 1 {
		t.Errorf("region: year %d, unreadable %d", rg.Year, rg.Unreadable)
	}
	if len(rg.Missing) != 1 || rg.Missing[0].Code != "310107999" {
		t.Errorf("missing units %+v, want 档案馆 only", rg.Missing)
	}
	for _, u := range rg.Units {
		if u.Missing {
			continue
		}
		if u.Rank == 0 || len(u.Scores) != 4 {
			t.Errorf("unit %s: rank %d scores %v", u.Name, u.Rank, u.Scores)
		}
		if strings.HasPrefix(u.Code, "310107") {
			continue
		}
		if u.Counts.Error == 0 || u.ByKind["真实性/勾稽"] == 0 || u.Scores["真实性/勾稽"] >= 100 {
			t.Errorf("generated unit %s with faults: counts %+v by kind %v scores %v", u.Name, u.Counts, u.ByKind, u.Scores)
		}
	}

	// The outputs.
	out := t.TempDir()
	if err := Write(out, &Batch{Year: rg.Year, Documents: docs, Region: rg}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{FindingsJSON, FindingsCSV, ReportXLSX, ReportDOCX} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() < 100 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	x, err := excelize.OpenFile(filepath.Join(out, ReportXLSX))
	if err != nil {
		t.Fatal(err)
	}
	ranking, _ := x.GetRows("单位排名")
	if len(ranking) != len(rg.Units)+1 || ranking[len(ranking)-1][0] != "缺报" || ranking[len(ranking)-1][2] != "上海市普陀区档案馆" {
		t.Errorf("单位排名: %v", ranking)
	}
	listed, _ := x.GetRows("问题清单")
	total := 1 // the broken file's line
	for _, d := range docs {
		total += len(d.Findings)
	}
	if len(listed) != total+1 {
		t.Errorf("问题清单 has %d lines, want %d findings", len(listed)-1, total)
	}
	paged := 0
	for _, r := range listed[1:] {
		if len(r) > 3 && r[3] != "" {
			paged++
		}
	}
	if paged == 0 {
		t.Error("问题清单 gives no page")
	}
	x.Close()
	zr, err := zip.OpenReader(filepath.Join(out, ReportDOCX))
	if err != nil {
		t.Fatal(err)
	}
	var body strings.Builder
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			body.Write(b)
		}
	}
	zr.Close()
	for _, u := range b.units {
		if !strings.Contains(body.String(), u.Name) {
			t.Errorf("检查报告.docx does not name %s", u.Name)
		}
	}
	for _, want := range []string{"总体情况", "各单位检查结果及排名", "缺报单位", "问题清单"} {
		if !strings.Contains(body.String(), want) {
			t.Errorf("检查报告.docx lacks %s", want)
		}
	}
	lists, _ := os.ReadDir(filepath.Join(out, UnitsDir))
	if len(lists) != 2*(len(rg.Units)-len(rg.Missing)) {
		t.Errorf("%d unit lists (CSV and DOCX) for %d units", len(lists), len(rg.Units)-len(rg.Missing))
	}

	// The annotated PDFs: the original bytes untouched, poppler reads
	// them, one annotation per located finding, drawn by poppler.
	for _, d := range docs {
		if !d.PDF() || d.Error != "" {
			continue
		}
		anns := 0
		for _, f := range d.Findings {
			if f.Box != nil {
				anns++
			}
		}
		annotated := annotateForTest(t, d)
		if !bytes.HasPrefix(annotated, d.Data) {
			t.Errorf("%s: the annotated PDF changed the original bytes", d.File)
		}
		file := filepath.Join(t.TempDir(), "a.pdf")
		os.WriteFile(file, annotated, 0o644)
		info, err := exec.Command("pdfinfo", file).CombinedOutput()
		if err != nil || !regexp.MustCompile(fmt.Sprintf(`Pages:\s+%d\n`, d.Pages)).Match(info) {
			t.Errorf("%s: pdfinfo on the annotated PDF: %v\n%s", d.File, err, info)
		}
		orig, _ := exec.Command("pdftotext", d.File, "-").Output()
		got, err := exec.Command("pdftotext", file, "-").Output()
		if err != nil || !bytes.Equal(orig, got) {
			t.Errorf("%s: pdftotext of the annotated PDF differs (%v)", d.File, err)
		}
		counts, err := pdfannot.Count(annotated)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, n := range counts {
			total += n
		}
		if total != anns {
			t.Errorf("%s: %d annotations, want %d (one per located finding)", d.File, total, anns)
		}
		if anns > 0 {
			page := d.Findings[slices.IndexFunc(d.Findings, func(f Finding) bool { return f.Box != nil })].Page
			shown := render(t, file, page, false)
			hidden := render(t, file, page, true)
			if bytes.Equal(shown, hidden) {
				t.Errorf("%s: poppler draws no annotation on page %d", d.File, page)
			}
		}
	}
}

func render(t testing.TB, file string, page int, hide bool) []byte {
	args := []string{"-r", "20", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page)}
	if hide {
		args = append(args, "-hide-annotations")
	}
	out, err := exec.Command("pdftoppm", append(args, file)...).Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	return out
}

func annotateForTest(t testing.TB, d *Document) []byte {
	t.Helper()
	b, err := pdfannot.Annotate(d.Data, Annotations(d))
	if err != nil {
		t.Fatalf("%s: %v", d.File, err)
	}
	return b
}
