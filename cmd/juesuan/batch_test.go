package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
)

// genDir writes n generated reports (k table faults each) to a new folder.
func genDir(t testing.TB, n, faults int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "gen")
	args := []string{"gen", "--units", strconv.Itoa(n), "--seed", "7", "-o", dir}
	if faults > 0 {
		args = append(args, "--faults", strconv.Itoa(faults))
	}
	if code, _, errs := runCmd(t, args...); code != 0 {
		t.Fatalf("gen: %d %s", code, errs)
	}
	return dir
}

func TestCheckBatchFolder(t *testing.T) {
	clean := genDir(t, 6, 0)
	faulty := genDir(t, 3, 2)
	code, out, errs := runCmd(t, "check", clean, "--format", "json")
	if code != 0 {
		t.Fatalf("clean folder: exit %d\n%s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 {
		t.Fatalf("want 6 JSON lines, got %d:\n%s", len(lines), out)
	}
	for i, l := range lines {
		var v struct {
			File   string              `json:"file"`
			Unit   string              `json:"unit"`
			Counts struct{ Error int } `json:"counts"`
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, l)
		}
		if v.File == "" || v.Unit == "" || !strings.HasSuffix(v.File, ".yaml") {
			t.Errorf("line %d lacks file or unit: %s", i+1, l)
		}
	}
	if !strings.Contains(errs, "共审核 6 份报表") {
		t.Errorf("no summary on stderr: %q", errs)
	}
	// Worst exit code: a faulty report among clean ones gives 1; an
	// unreadable file gives 2.
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("year: [\n"), 0o600)
	code, out, _ = runCmd(t, "check", clean, faulty)
	if code != 1 {
		t.Errorf("clean + faulty: exit %d, want 1", code)
	}
	if !strings.Contains(out, "有错误 3 份") || !strings.Contains(out, "共审核 9 份报表") {
		t.Errorf("summary: %s", out[max(0, len(out)-300):])
	}
	code, out, errs = runCmd(t, "check", faulty, bad, "--format", "json")
	if code != 2 {
		t.Errorf("with an unreadable file: exit %d, want 2", code)
	}
	if !strings.Contains(errs, "bad.yaml") {
		t.Errorf("the unreadable file is not named: %s", errs)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	n := 0
	for sc.Scan() {
		n++
	}
	if n != 4 {
		t.Errorf("want 4 JSON lines (3 reports, 1 error), got %d", n)
	}
}

func TestCheckBatchSameAsSingle(t *testing.T) {
	dir := genDir(t, 4, 1)
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	_, batch, _ := runCmd(t, append([]string{"check"}, files...)...)
	for _, f := range files {
		_, one, _ := runCmd(t, "check", f)
		if !strings.Contains(batch, "== "+f+" ==\n"+one) {
			t.Errorf("batch output for %s differs from the single run:\n%s", f, one)
		}
	}
}

func TestPerfBatch(t *testing.T) {
	dir := genDir(t, 3, 0)
	code, out, errs := runCmd(t, "perf", dir, "--format", "json")
	if code != 0 || len(strings.Split(strings.TrimSpace(out), "\n")) != 3 {
		t.Fatalf("perf batch: exit %d\n%s\n%s", code, out, errs)
	}
}

// BenchmarkCheckBatch: `check DIR` of 200 generated reports in-process
// (read, audit, print, on every core) beside the audit alone of the same
// reports already in memory (one core), in the same run; µs/report each.
func BenchmarkCheckBatch(b *testing.B) {
	const n = 200
	dir := genDir(b, n, 0)
	b.Run("batch", func(b *testing.B) {
		for range b.N {
			if code, _, errs := runCmd(b, "check", dir); code != 0 {
				b.Fatal(errs)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/report")
	})
	b.Run("read", func(b *testing.B) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for range b.N {
			for _, f := range files {
				mustRead(b, f)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/report")
	})
	b.Run("audit", func(b *testing.B) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		type in struct {
			r   *juesuan.Report
			tpl *juesuan.Template
		}
		var ins []in
		for _, f := range files {
			r, tpl := mustRead(b, f)
			ins = append(ins, in{r, tpl})
		}
		b.ResetTimer()
		for range b.N {
			for _, x := range ins {
				mustAudit(b, x.tpl, x.r.Clone())
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/report")
	})
}

func TestRenderAndCellsBatch(t *testing.T) {
	dir := genDir(t, 3, 0)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, errs := runCmd(t, "render", dir, "--format", "html", "-o", out)
	if code != 0 {
		t.Fatalf("render batch: exit %d\n%s", code, errs)
	}
	htmls, _ := filepath.Glob(filepath.Join(out, "*.html"))
	if len(htmls) != 3 || !strings.Contains(stdout, "共生成 3 份报表") {
		t.Fatalf("want 3 HTML files, got %v\n%s", htmls, stdout)
	}
	if code, _, errs := runCmd(t, "render", dir, "-o", out); code != 2 || !strings.Contains(errs, "--format") {
		t.Errorf("a batch without --format: exit %d %s", code, errs)
	}
	code, csvOut, errs := runCmd(t, "cells", dir)
	lines := strings.Split(strings.TrimSpace(csvOut), "\n")
	if code != 0 || lines[0] != "file,table,row,column,value" {
		t.Fatalf("cells batch: exit %d, header %q\n%s", code, lines[0], errs)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	_, one, _ := runCmd(t, "cells", files[1])
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, files[1]+",") {
			n++
		}
	}
	if want := strings.Count(one, "\n") - 1; n != want {
		t.Errorf("cells batch has %d lines of %s, the single run %d", n, files[1], want)
	}
}

// TestGenDBOneRoot: gen --db builds one tree; aggregating its root sums
// every generated unit and names only the first few on stderr.
func TestGenDBOneRoot(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if code, _, errs := runCmd(t, "gen", "--units", "25", "--seed", "3", "--db", db); code != 0 {
		t.Fatal(errs)
	}
	out := filepath.Join(t.TempDir(), "agg.yaml")
	code, _, errs := runCmd(t, "aggregate", "--unit", "000000", "--year", "2020", "-o", out, "--db", db)
	if code != 0 {
		t.Fatalf("aggregate the root: %d %s", code, errs)
	}
	if !strings.Contains(errs, "汇总了 25 个单位") || !strings.Contains(errs, "等 25 个") {
		t.Errorf("stderr: %s", errs)
	}
	if code, _, errs := runCmd(t, "check", out); code != 0 {
		t.Errorf("the aggregate does not pass check: %s", errs)
	}
}

// TestAggregateFilesSameAsStore: the in-memory 汇总 of a folder gives the
// same cells as the store's SQL 汇总 of the same generated units.
func TestAggregateFilesSameAsStore(t *testing.T) {
	tmp := t.TempDir()
	dir, db := filepath.Join(tmp, "gen"), filepath.Join(tmp, "g.db")
	for _, args := range [][]string{
		{"gen", "--units", "20", "--seed", "5", "-o", dir},
		{"gen", "--units", "20", "--seed", "5", "--db", db},
	} {
		if code, _, errs := runCmd(t, args...); code != 0 {
			t.Fatal(errs)
		}
	}
	fromFiles, fromStore := filepath.Join(tmp, "files.yaml"), filepath.Join(tmp, "store.yaml")
	code, _, errs := runCmd(t, "aggregate", dir, "-o", fromFiles, "--name", "某市")
	if code != 0 || !strings.Contains(errs, "汇总了 20 个单位") {
		t.Fatalf("aggregate files: %d %s", code, errs)
	}
	if code, _, errs := runCmd(t, "aggregate", "--unit", "000000", "--year", "2020", "-o", fromStore, "--db", db); code != 0 {
		t.Fatal(errs)
	}
	_, a, _ := runCmd(t, "cells", fromFiles)
	_, b, _ := runCmd(t, "cells", fromStore)
	if a != b || strings.Count(a, "\n") < 100 {
		t.Errorf("cells differ or are few (%d lines)", strings.Count(a, "\n"))
	}
}
