package main

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/testutil/hostile"
	"github.com/xuri/excelize/v2"
)

// TestBadInputCorpus runs `juesuan check FILE` (cells CSVs with --year) on every file of
// testdata/bad (see its expect.tsv): each gives the exit code and message
// it must, within 10 s, without a panic and without unbounded memory.
func TestBadInputCorpus(t *testing.T) {
	dir := "../../testdata/bad"
	f, err := os.Open(filepath.Join(dir, "expect.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		name, want := parts[0], ""
		code, _ := strconv.Atoi(parts[1])
		if len(parts) == 3 {
			want = parts[2]
		}
		n++
		t.Run(name, func(t *testing.T) {
			runBad(t, filepath.Join(dir, name), code, want)
		})
	}
	if n < 60 {
		t.Errorf("only %d files in the corpus", n)
	}
}

func runBad(t *testing.T, path string, wantCode int, want string) {
	t.Helper()
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	args := []string{"check", path}
	if strings.HasSuffix(path, ".csv") {
		args = append(args, "--year", "2020") // a cells CSV does not say its year
	}
	code, out, stderr := runCmd(t, args...)
	elapsed := time.Since(start)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if code != wantCode {
		t.Errorf("exit %d, want %d\nstdout: %.300s\nstderr: %.500s", code, wantCode, out, stderr)
	}
	msg := stderr + out
	if want != "" && !strings.Contains(msg, want) {
		t.Errorf("message lacks %q:\n%.600s", want, msg)
	}
	if wantCode == exitUsage && !strings.Contains(stderr, filepath.Base(path)) {
		t.Errorf("message does not name the file:\n%.300s", stderr)
	}
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "内部错误") {
		t.Errorf("panic:\n%.600s", stderr)
	}
	// A bound against hangs, not a speed test (speed is in BENCHMARKS.md):
	// generous enough for a loaded 2-core machine.
	if elapsed > 2*time.Minute {
		t.Errorf("took %v", elapsed)
	}
	if grew := int64(after.HeapSys) - int64(before.HeapSys); grew > 1<<30 {
		t.Errorf("heap grew by %d MiB", grew>>20)
	}
}

// TestBadInputGenerated covers the inputs too big to commit: a 200 MB PDF
// and a PDF whose content stream holds a million drawing operations.
func TestBadInputGenerated(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "huge-200mb.pdf")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("%PDF-1.4\n")
	f.Truncate(200 << 20) // sparse: no disk used
	f.Close()
	runBad(t, big, exitUsage, "")

	ops1m := filepath.Join(dir, "million-ops.pdf")
	os.WriteFile(ops1m, hostile.MillionOpsPDF(), 0o644)
	runBad(t, ops1m, exitUsage, "")
}

// TestInjectionIsNeutralised: text fields with markup or spreadsheet
// formulas are escaped in HTML and kept as text in XLSX.
func TestInjectionIsNeutralised(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.html")
	if code, _, errs := runCmd(t, "render", "../../testdata/bad/name-script.yaml", "--format", "html", "-o", out); code != 0 {
		t.Fatalf("render: %s", errs)
	}
	b, _ := os.ReadFile(out)
	if strings.Contains(string(b), "<script>alert(1)") || !strings.Contains(string(b), "&lt;script&gt;alert(1)") {
		t.Errorf("unit name not escaped in HTML")
	}
	xl := filepath.Join(dir, "x.xlsx")
	if code, _, errs := runCmd(t, "render", "../../testdata/bad/name-formula.yaml", "--format", "xlsx", "-o", xl); code != 0 {
		t.Fatalf("render: %s", errs)
	}
	x, err := excelize.OpenFile(xl)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	found := false
	for _, sh := range x.GetSheetList() {
		rows, _ := x.GetRows(sh)
		for _, row := range rows {
			for _, c := range row {
				if strings.Contains(c, "HYPERLINK") {
					found = true
					if strings.HasPrefix(c, "=") {
						t.Errorf("formula text not neutralised: %q", c)
					}
				}
			}
		}
	}
	if !found {
		t.Errorf("the unit name does not appear in the workbook")
	}
}
