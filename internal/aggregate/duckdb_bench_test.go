package aggregate_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/aggregate"
	"github.com/juesuan/juesuan/internal/aggregate/testgen"
)

// BenchmarkAggregateVsDuckDB sums the generated 10,000-unit tree with the
// in-memory path (aggregate.Acc) and, in the same run, times DuckDB's
// recursive subtree GROUP BY over the same cells (loaded from CSV first,
// loading not timed). DuckDB runs from its npm package: set
// JUESUAN_DUCKDB to a directory where `npm install @duckdb/node-api` ran
// (see BENCHMARKS.md); without it the benchmark is skipped.
func BenchmarkAggregateVsDuckDB(b *testing.B) {
	mods := os.Getenv("JUESUAN_DUCKDB")
	if mods == "" {
		b.Skip("JUESUAN_DUCKDB not set (a directory with node_modules/@duckdb/node-api)")
	}
	ref, tpl := readExample(b)
	base := &juesuan.Report{Year: ref.Year, Template: ref.Template, MoneyUnit: ref.MoneyUnit, Cells: derived(b, tpl, ref), RowNames: ref.RowNames, Complete: true}
	units := testgen.Tree(benchUnits())
	inputs := make([]aggregate.Input, len(units))
	for i, u := range units {
		inputs[i] = aggregate.Input{Unit: u.Code, Report: testgen.Report(tpl, base, i)}
	}
	var want map[juesuan.CellRef]juesuan.Amount
	b.Run("memory", func(b *testing.B) {
		for b.Loop() {
			r, err := aggregate.Sum(tpl, inputs, dept)
			if err != nil {
				b.Fatal(err)
			}
			want = r.Cells
		}
	})
	dir := b.TempDir()
	unitsCSV, cellsCSV := filepath.Join(dir, "units.csv"), filepath.Join(dir, "cells.csv")
	writeCSV(b, unitsCSV, "code,parent", func(w *bufio.Writer) {
		for _, u := range units {
			fmt.Fprintf(w, "%s,%s\n", u.Code, u.Parent)
		}
	})
	writeCSV(b, cellsCSV, "unit,tbl,row_key,col_key,amount", func(w *bufio.Writer) {
		for _, in := range inputs {
			for c, v := range in.Report.Cells {
				fmt.Fprintf(w, "%s,%d,%s,%s,%d\n", in.Unit, c.Table, c.Row, c.Col, int64(v))
			}
		}
	})
	script, err := os.ReadFile("testdata/duckdb_agg.mjs")
	if err != nil {
		b.Fatal(err)
	}
	runner := filepath.Join(mods, "juesuan_duckdb_agg.mjs")
	if err := os.WriteFile(runner, script, 0o644); err != nil {
		b.Fatal(err)
	}
	b.Run("duckdb", func(b *testing.B) {
		out, err := exec.CommandContext(context.Background(), "node", runner, unitsCSV, cellsCSV, units[0].Code, "5").CombinedOutput()
		if err != nil {
			b.Fatalf("node: %v\n%s", err, out)
		}
		f := strings.Fields(string(out))
		secs, _ := strconv.ParseFloat(f[0], 64)
		if n, _ := strconv.Atoi(f[1]); want != nil && n < len(want)*9/10 {
			b.Fatalf("DuckDB gave %d cells, memory %d", n, len(want))
		}
		b.ReportMetric(secs*1e9, "duckdb-ns/op")
	})
	runtime.KeepAlive(inputs)
}

func writeCSV(b *testing.B, path, header string, rows func(*bufio.Writer)) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, header)
	rows(w)
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

// BenchmarkAggregateStream100k sums 100,000 generated units one report at
// a time (as `aggregate DIR` does: each report made, added, dropped), and
// reports the process's peak resident memory (run it alone:
// -run '^$' -bench Stream100k).
func BenchmarkAggregateStream100k(b *testing.B) {
	ref, tpl := readExample(b)
	base := &juesuan.Report{Year: ref.Year, Template: ref.Template, MoneyUnit: ref.MoneyUnit, Cells: derived(b, tpl, ref), RowNames: ref.RowNames, Complete: true}
	units := testgen.Tree(100_000)
	for b.Loop() {
		acc, err := aggregate.NewAcc(tpl)
		if err != nil {
			b.Fatal(err)
		}
		for i, u := range units {
			if err := acc.Add(aggregate.Input{Unit: u.Code, Report: testgen.Report(tpl, base, i)}); err != nil {
				b.Fatal(err)
			}
		}
		acc.Report(dept)
	}
	b.ReportMetric(peakRSSMiB(), "peak-MiB")
}

// peakRSSMiB is the process's peak resident set (VmHWM), in MiB.
func peakRSSMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
