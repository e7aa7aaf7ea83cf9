package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/aggregate"
	"github.com/juesuan/juesuan/internal/aggregate/testgen"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/render/docx"
	"github.com/juesuan/juesuan/internal/render/html"
	"github.com/juesuan/juesuan/internal/render/pdf"
	"github.com/juesuan/juesuan/internal/render/xlsx"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/rule/eval"
	"github.com/juesuan/juesuan/internal/yearspec"
)

const example = "../../examples/wuhan-zhigong-2020.yaml"

type fixture struct {
	tpl     *juesuan.Template
	prog    *check.Program
	example *juesuan.Report
	gen     []gen.Generated
}

var (
	fixOnce sync.Once
	fix     fixture
)

func load(tb testing.TB) *fixture {
	fixOnce.Do(func() {
		tpl, err := yearspec.Default.Load("2020")
		if err != nil {
			tb.Fatal(err)
		}
		p, err := audit.Program(tpl)
		if err != nil {
			tb.Fatal(err)
		}
		r, _, err := reportfile.ReadFile(example, yearspec.Default, 0)
		if err != nil {
			tb.Fatal(err)
		}
		fix = fixture{tpl: tpl, prog: p, example: r, gen: gen.Generate(p, 2020, gen.Options{Units: 200, Seed: 11})}
	})
	return &fix
}

// BenchmarkAuditFull: the whole audit of one report as `check` runs it:
// derive, the dense rule evaluation, and the text checks.
func BenchmarkAuditFull(b *testing.B) {
	f := load(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		eval.Audit(f.prog, f.gen[i%len(f.gen)].Report)
	}
}

// BenchmarkAuditDense: the rules alone on a report already in dense form,
// as the workbench re-checks after each keystroke.
func BenchmarkAuditDense(b *testing.B) {
	f := load(b)
	envs := make([]*check.FastEnv, len(f.gen))
	for i, g := range f.gen {
		envs[i] = f.prog.NewFastEnv(g.Report)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := envs[i%len(envs)]
		for _, ru := range f.prog.Rules {
			ru.Fast(e)
		}
	}
}

func document(tb testing.TB, r *juesuan.Report) *disclosure.Document {
	d, err := disclosure.Build(load(tb).tpl, r.Clone())
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// BenchmarkExcelCheck: what the spreadsheet route costs — open the XLSX
// export and evaluate every formula cell with excelize, comparing each to
// the value the table prints.
func BenchmarkExcelCheck(b *testing.B) {
	f := load(b)
	var books [][]byte
	for _, g := range f.gen[:20] {
		var buf bytes.Buffer
		if err := xlsx.Render(&buf, document(b, g.Report)); err != nil {
			b.Fatal(err)
		}
		books = append(books, buf.Bytes())
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if n := excelCheck(b, books[i%len(books)]); n == 0 {
			b.Fatal("no formula evaluated")
		}
	}
}

func excelCheck(tb testing.TB, book []byte) int {
	x, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		tb.Fatal(err)
	}
	defer x.Close()
	n := 0
	for _, sh := range x.GetSheetList() {
		rows, err := x.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			tb.Fatal(err)
		}
		for ri, row := range rows {
			for ci := range row {
				cell, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				if f, _ := x.GetCellFormula(sh, cell); f != "" {
					if _, err := x.CalcCellValue(sh, cell); err != nil {
						tb.Fatalf("%s!%s: %v", sh, cell, err)
					}
					n++
				}
			}
		}
	}
	return n
}

func BenchmarkRenderHTML(b *testing.B) { benchRender(b, html.Render) }
func BenchmarkRenderXLSX(b *testing.B) { benchRender(b, xlsx.Render) }
func BenchmarkRenderDOCX(b *testing.B) { benchRender(b, docx.Render) }

// benchRender builds the document model and writes one format, per report.
func benchRender(b *testing.B, write func(w ioWriter, d *disclosure.Document) error) {
	f := load(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var buf bytes.Buffer
		if err := write(&buf, document(b, f.example)); err != nil {
			b.Fatal(err)
		}
	}
}

type ioWriter = io.Writer

// BenchmarkRenderPDF: one document printed by a running Chromium (the
// browser's start-up is paid once per batch, outside the loop).
func BenchmarkRenderPDF(b *testing.B) {
	f := load(b)
	p, err := pdf.NewPrinter(context.Background())
	if err != nil {
		b.Skip(err)
	}
	defer p.Close()
	var page bytes.Buffer
	html.Render(&page, document(b, f.example))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Print(context.Background(), page.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLibreOfficeDocxToPDF: the usual Word → PDF step, as a user runs
// it: one soffice process per document.
func BenchmarkLibreOfficeDocxToPDF(b *testing.B) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		b.Skip("soffice not installed")
	}
	f := load(b)
	dir := b.TempDir()
	var buf bytes.Buffer
	docx.Render(&buf, document(b, f.example))
	in := filepath.Join(dir, "report.docx")
	os.WriteFile(in, buf.Bytes(), 0o644)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+dir+"/lo", "--convert-to", "pdf", "--outdir", dir, in)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}

// batch renders n generated reports in HTML, XLSX, DOCX and (pdfN of them)
// PDF using both cores; it returns the wall time.
func batch(tb testing.TB, n, pdfN int) time.Duration {
	f := load(tb)
	gs := gen.Generate(f.prog, 2020, gen.Options{Units: n, Seed: 99})
	start := time.Now()
	var printer *pdf.Printer
	if pdfN > 0 {
		p, err := pdf.NewPrinter(context.Background())
		if err != nil {
			tb.Skip(err)
		}
		printer = p
		defer p.Close()
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				d := document(tb, gs[i].Report)
				for _, write := range []func(ioWriter, *disclosure.Document) error{html.Render, xlsx.Render, docx.Render} {
					var buf bytes.Buffer
					if err := write(&buf, d); err != nil {
						tb.Error(err)
					}
				}
				if i < pdfN {
					var page bytes.Buffer
					html.Render(&page, d)
					if _, err := printer.Print(context.Background(), page.Bytes()); err != nil {
						tb.Error(err)
					}
				}
			}
		}()
	}
	for i := range gs {
		work <- i
	}
	close(work)
	wg.Wait()
	return time.Since(start)
}

// recall measures the audit on generated reports: false errors on clean
// ones, and detected/injected table faults.
func recall(tb testing.TB, n int) (falseErrors, injected, detected int) {
	f := load(tb)
	for _, g := range gen.Generate(f.prog, 2020, gen.Options{Units: n, Seed: 5}) {
		for _, x := range eval.Audit(f.prog, g.Report) {
			if x.Severity == juesuan.SevError {
				falseErrors++
			}
		}
	}
	for _, g := range gen.Generate(f.prog, 2020, gen.Options{Units: n, Seed: 6, Faults: 3}) {
		fs := eval.Audit(f.prog, g.Report)
		for _, fault := range g.Faults {
			injected++
		hit:
			for _, x := range fs {
				if x.Severity != juesuan.SevError {
					continue
				}
				for _, c := range x.Cells {
					for _, w := range fault.Cells {
						if c == w {
							detected++
							break hit
						}
					}
				}
			}
		}
	}
	return
}

// measurement is one line of the table.
type measurement struct {
	name, what string
	run        func(tb testing.TB) string // returns the figure
}

func perOp(fn func(*testing.B)) func(testing.TB) string {
	return func(tb testing.TB) string {
		r := testing.Benchmark(fn)
		if r.N == 0 {
			return "skipped"
		}
		return fmt.Sprintf("%d ns/op", r.NsPerOp())
	}
}

var measurements = []measurement{
	{"audit-full", "audit one report (derive + rules + text checks), one core", perOp(BenchmarkAuditFull)},
	{"audit-dense", "rules on a report already in dense form, one core", perOp(BenchmarkAuditDense)},
	{"excel-check", "same identities as spreadsheet formulas, excelize CalcCellValue", perOp(BenchmarkExcelCheck)},
	{"render-html", "document model + HTML, one report", perOp(BenchmarkRenderHTML)},
	{"render-xlsx", "document model + XLSX, one report", perOp(BenchmarkRenderXLSX)},
	{"render-docx", "document model + DOCX, one report", perOp(BenchmarkRenderDOCX)},
	{"render-pdf", "PDF by a running Chromium, one report", perOp(BenchmarkRenderPDF)},
	{"libreoffice", "LibreOffice DOCX → PDF, one report", perOp(BenchmarkLibreOfficeDocxToPDF)},
	{"batch-1000", "1,000 reports × HTML+XLSX+DOCX, 50 of them also PDF, both cores", func(tb testing.TB) string {
		return fmt.Sprintf("%d ns/op", batch(tb, 1000, 50).Nanoseconds())
	}},
	{"agg-10k", "aggregate 10,000 units in memory (完全汇总)", func(tb testing.TB) string { return aggregateMemory(tb, 10_000) }},
	{"agg-100k", "aggregate 100,000 units in memory (完全汇总)", func(tb testing.TB) string { return aggregateMemory(tb, 100_000) }},
	{"import-pdf", "import a published PDF, per page, after start-up (财政局 2024, 25 pages)", perOp(BenchmarkImportPDFPage)},
	{"pdftotext", "pdftotext -layout on the same PDF, per page", perOp(BenchmarkPdftotextPage)},
	{"recall", "1,000 clean + 1,000 faulty generated reports (3 table faults each)", func(tb testing.TB) string {
		fe, inj, det := recall(tb, 1000)
		return fmt.Sprintf("false errors %d; recall %d/%d", fe, det, inj)
	}},
}

// TestBenchOne runs one measurement in this (child) process.
func TestBenchOne(t *testing.T) {
	name := os.Getenv("JUESUAN_BENCH_ONE")
	if name == "" {
		t.Skip("run by TestBenchmarkTable")
	}
	if strings.HasPrefix(name, "audit") {
		runtime.GOMAXPROCS(1)
	}
	for _, m := range measurements {
		if m.name == name {
			fmt.Printf("RESULT\t%s\n", m.run(t))
			return
		}
	}
	t.Fatalf("unknown measurement %q", name)
}

// TestBenchmarkTable prints the table of BENCHMARKS.md. Reproduce with:
//
//	JUESUAN_BENCH=1 go test ./internal/bench -run TestBenchmarkTable -v -timeout 20m
func TestBenchmarkTable(t *testing.T) {
	if os.Getenv("JUESUAN_BENCH") == "" {
		t.Skip("set JUESUAN_BENCH=1 to run the benchmark table (several minutes)")
	}
	results := map[string][2]string{}
	for _, m := range measurements {
		cmd := exec.Command(os.Args[0], "-test.run=^TestBenchOne$", "-test.v")
		cmd.Env = append(os.Environ(), "JUESUAN_BENCH_ONE="+m.name)
		out, err := cmd.CombinedOutput()
		figure := "failed"
		for _, line := range strings.Split(string(out), "\n") {
			if v, ok := strings.CutPrefix(line, "RESULT\t"); ok {
				figure = v
			}
		}
		if err != nil {
			t.Errorf("%s: %v\n%s", m.name, err, out)
		}
		rss := "?"
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = strconv.FormatInt(ru.Maxrss/1024, 10) + " MiB"
		}
		results[m.name] = [2]string{figure, rss}
		t.Logf("%-12s %-40s peak RSS %s", m.name, figure, rss)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| item | what | figure | per second | peak RSS |\n| --- | --- | --- | --- | --- |\n")
	for _, m := range measurements {
		r := results[m.name]
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", m.name, m.what, human(r[0]), rate(r[0]), r[1])
	}
	ratio := func(a, b string) string {
		x, y := nsOf(results[a][0]), nsOf(results[b][0])
		if x == 0 || y == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.0f×", float64(y)/float64(x))
	}
	fmt.Fprintf(&b, "\nRatios: excel-check / audit-full = %s; libreoffice / render-pdf = %s; libreoffice / render-docx = %s; import-pdf / pdftotext = %s\n",
		ratio("audit-full", "excel-check"), ratio("render-pdf", "libreoffice"), ratio("render-docx", "libreoffice"), ratio("pdftotext", "import-pdf"))
	fmt.Println(b.String())
}

func nsOf(s string) int64 {
	v, ok := strings.CutSuffix(s, " ns/op")
	if !ok {
		return 0
	}
	n, _ := strconv.ParseInt(v, 10, 64)
	return n
}

func human(s string) string {
	n := nsOf(s)
	switch {
	case n == 0:
		return s
	case n < 1_000_000:
		return fmt.Sprintf("%.1f µs", float64(n)/1e3)
	case n < 1_000_000_000:
		return fmt.Sprintf("%.1f ms", float64(n)/1e6)
	}
	return fmt.Sprintf("%.2f s", float64(n)/1e9)
}

func rate(s string) string {
	n := nsOf(s)
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%.1f", 1e9/float64(n))
}

// aggregateMemory sums n scaled copies of the complete example.
func aggregateMemory(tb testing.TB, n int) string {
	f := load(tb)
	base := f.example.Clone()
	eval.Derive(f.prog, base)
	units := testgen.Tree(n)
	inputs := make([]aggregate.Input, len(units))
	for i, u := range units {
		inputs[i] = aggregate.Input{Unit: u.Code, Report: testgen.Report(f.prog.Template, base, i)}
	}
	runtime.GC()
	start := time.Now()
	if _, err := aggregate.Sum(f.tpl, inputs, juesuan.Profile{Name: "部门汇总"}); err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprintf("%d ns/op", time.Since(start).Nanoseconds())
}

const corpusPDF = "../importer/testdata/putuo-caizhengju-2024-final.pdf"
const corpusPages = 25

// BenchmarkImportPDFPage: the whole import of a published PDF, per page
// (pdfium already started by a first import outside the timing).
func BenchmarkImportPDFPage(b *testing.B) {
	tpls := yearspec.Default
	if _, err := importer.File(corpusPDF, tpls, importer.Options{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i += corpusPages {
		if _, err := importer.File(corpusPDF, tpls, importer.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPdftotextPage: poppler's pdftotext -layout on the same file.
func BenchmarkPdftotextPage(b *testing.B) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		b.Skip("pdftotext not installed")
	}
	for i := 0; i < b.N; i += corpusPages {
		if out, err := exec.Command(bin, "-layout", corpusPDF, "-").CombinedOutput(); err != nil {
			b.Fatalf("%v: %.200s", err, out)
		}
	}
}
