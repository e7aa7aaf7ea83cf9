package aggregate_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/aggregate"
	"github.com/juesuan/juesuan/internal/aggregate/testgen"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
)

func benchUnits() int {
	if n, err := strconv.Atoi(os.Getenv("JUESUAN_BENCH_UNITS")); err == nil && n > 0 {
		return n
	}
	return 10000
}

// BenchmarkAggregate sums a generated 10,000-unit tree in memory, and in
// SQLite and PostgreSQL through the store's 汇总 (subtree: cells and facts),
// its cell sums alone (subtree-cells) and, in the same run, a plain
// GROUP BY over the same cells (every stored cell is a current one here).
func BenchmarkAggregate(b *testing.B) {
	ref, tpl := readExample(b)
	base := &juesuan.Report{Year: ref.Year, Template: ref.Template, MoneyUnit: ref.MoneyUnit, Cells: derived(b, tpl, ref), RowNames: ref.RowNames, Complete: true}
	units := testgen.Tree(benchUnits())
	makeInputs := func() []aggregate.Input {
		inputs := make([]aggregate.Input, len(units))
		for i, u := range units {
			inputs[i] = aggregate.Input{Unit: u.Code, Report: testgen.Report(tpl, base, i)}
		}
		return inputs
	}
	b.Logf("%d units, %d cells each", len(units), len(base.Cells))
	b.Run("memory", func(b *testing.B) {
		inputs := makeInputs()
		for b.Loop() {
			if _, err := aggregate.Sum(tpl, inputs, dept); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			st := storetest.Open(b, d)
			bulkLoad(b, st, units, makeInputs())
			// The reports loaded are garbage now: held, they made every
			// collection during the timings mark a few hundred MB, a cost
			// that fell on whichever path happened to allocate.
			runtime.GC()
			var want map[juesuan.CellRef]juesuan.Amount
			b.Run("subtree", func(b *testing.B) {
				for b.Loop() {
					r, used, err := aggregate.FromStore(context.Background(), st, tpl, "D", nil, juesuan.ScopeOwn, dept)
					if err != nil || len(used) != len(units) {
						b.Fatalf("%d units, %v", len(used), err)
					}
					want = r.Cells
				}
			})
			b.Run("subtree-cells", func(b *testing.B) {
				for b.Loop() {
					if _, used, err := st.SubtreeCells(context.Background(), "D", 2020, juesuan.ScopeOwn); err != nil || len(used) != len(units) {
						b.Fatalf("%d units, %v", len(used), err)
					}
				}
			})
			groupBy := func(b *testing.B) {
				rows, err := st.DB().Query(`SELECT tbl, row_key, col_key, CAST(SUM(amount) AS BIGINT) FROM cells GROUP BY tbl, row_key, col_key`)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
					var c juesuan.CellRef
					var v int64
					rows.Scan(&c.Table, &c.Row, &c.Col, &v)
					if want != nil && want[c] != juesuan.Amount(v) {
						b.Fatalf("%s: GROUP BY %d, subtree %d", c, v, want[c])
					}
				}
				rows.Close()
			}
			b.Run("groupby", func(b *testing.B) {
				for b.Loop() {
					groupBy(b)
				}
			})
			// paired: each iteration runs the store's paths and the plain
			// GROUP BY back to back, so that on a shared machine the
			// ratios compare times taken under the same load.
			b.Run("paired", func(b *testing.B) {
				var cells, cold, warm, plain time.Duration
				full := func() time.Duration {
					t0 := time.Now()
					if _, used, err := aggregate.FromStore(context.Background(), st, tpl, "D", nil, juesuan.ScopeOwn, dept); err != nil || len(used) != len(units) {
						b.Fatalf("%d units, %v", len(used), err)
					}
					return time.Since(t0)
				}
				for b.Loop() {
					t0 := time.Now()
					if _, used, err := st.SubtreeCells(context.Background(), "D", 2020, juesuan.ScopeOwn); err != nil || len(used) != len(units) {
						b.Fatalf("%d units, %v", len(used), err)
					}
					t1 := time.Now()
					groupBy(b)
					t2 := time.Now()
					aggregate.ForgetFacts() // a first 汇总: every facts read and decoded
					cold += full()
					t3 := time.Now()
					groupBy(b)
					plain += time.Since(t3)
					warm += full() // run again: the facts kept by checksum
					t4 := time.Now()
					groupBy(b)
					plain += time.Since(t4)
					cells += t1.Sub(t0)
					plain += t2.Sub(t1)
				}
				plain /= 3
				b.ReportMetric(cells.Seconds()/float64(b.N), "subtree-cells-s/op")
				b.ReportMetric(cold.Seconds()/float64(b.N), "subtree-first-s/op")
				b.ReportMetric(warm.Seconds()/float64(b.N), "subtree-again-s/op")
				b.ReportMetric(plain.Seconds()/float64(b.N), "groupby-s/op")
				b.ReportMetric(cells.Seconds()/plain.Seconds(), "cells/groupby")
				b.ReportMetric(cold.Seconds()/plain.Seconds(), "first/groupby")
				b.ReportMetric(warm.Seconds()/plain.Seconds(), "again/groupby")
			})
		})
	}
}

// bulkLoad writes the generated units and reports straight into the
// tables in one transaction (SaveReport's per-version encoding would make
// loading, not aggregating, the cost of the benchmark).
func bulkLoad(b testing.TB, st *store.Store, units []juesuan.Unit, inputs []aggregate.Input) {
	b.Helper()
	tx, err := st.DB().Begin()
	if err != nil {
		b.Fatal(err)
	}
	exec := func(q string, args ...any) {
		if _, err := tx.Exec(st.Rebind(q), args...); err != nil {
			tx.Rollback()
			b.Fatalf("%s: %v", q[:40], err)
		}
	}
	exec(`INSERT INTO fiscal_years(year, template) VALUES (2020, '2020')`)
	for _, u := range units {
		var parent any
		if u.Parent != "" {
			parent = u.Parent
		}
		exec(`INSERT INTO units(code, name, kind, parent) VALUES (?, ?, ?, ?)`, u.Code, u.Name, string(u.Kind), parent)
	}
	var q strings.Builder
	var args []any
	flush := func() {
		if len(args) > 0 {
			exec(strings.TrimSuffix(q.String(), ", "), args...)
		}
		q.Reset()
		args = args[:0]
	}
	for i, in := range inputs {
		id := i + 1
		facts, _ := json.Marshal(in.Report.Facts)
		exec(`INSERT INTO reports(id, unit, year, scope, current_number, state, updated_at) VALUES (?, ?, 2020, '本级', 1, '草稿', '')`, id, in.Unit)
		sum := sha256.Sum256(facts)
		fsum := hex.EncodeToString(sum[:])
		exec(`INSERT INTO facts_texts(sha256, facts) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING`, fsum, string(facts))
		exec(`INSERT INTO report_versions(id, report_id, number, author, reason, created_at, body_kind, body_data, facts_sha256, body_sha256, cell_count)
VALUES (?, ?, 1, 'bench', 'bench', '', 'full', ?, ?, '', ?)`, id, id, []byte{}, fsum, len(in.Report.Cells))
		exec(`UPDATE reports SET current_version = ? WHERE id = ?`, id, id)
		q.WriteString(`INSERT INTO cells(report_id, tbl, row_key, col_key, amount, from_number) VALUES `)
		for c, v := range in.Report.Cells {
			q.WriteString("(?, ?, ?, ?, ?, 1), ")
			args = append(args, id, c.Table, c.Row, c.Col, int64(v))
		}
		flush()
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if st.Dialect() == "postgres" {
		st.DB().Exec(`ANALYZE`)
	}
}

// BenchmarkAggregateMemory100k sums 100,000 units in memory (the target of
// the scale issue: ≤ 2 s).
func BenchmarkAggregateMemory100k(b *testing.B) {
	ref, tpl := readExample(b)
	base := &juesuan.Report{Year: ref.Year, Template: ref.Template, MoneyUnit: ref.MoneyUnit, Cells: derived(b, tpl, ref), RowNames: ref.RowNames, Complete: true}
	units := testgen.Tree(100_000)
	inputs := make([]aggregate.Input, len(units))
	for i, u := range units {
		inputs[i] = aggregate.Input{Unit: u.Code, Report: testgen.Report(tpl, base, i)}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := aggregate.Sum(tpl, inputs, dept); err != nil {
			b.Fatal(err)
		}
	}
}
