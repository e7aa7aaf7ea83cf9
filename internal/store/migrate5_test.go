package store_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
	"github.com/juesuan/juesuan/internal/storecodec"
)

// Migration 0005 converts a database the previous schema made (every
// version's whole text, facts JSON and cells) without loss: every version
// of every report reads back byte for byte, with the same cells and
// facts; a version that was damaged before is still reported damaged;
// and saving goes on from there.
func TestMigration5KeepsEveryVersion(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) { migration5(t, storetest.DSN(t, d)) })
	}
}

type oldVersion struct {
	body, facts string
	cells       map[juesuan.CellRef]juesuan.Amount
}

func migration5(t *testing.T, db string) {
	st, err := store.Open(ctx, db, storecodec.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.MigrateTo(ctx, 4); err != nil {
		t.Fatal(err)
	}
	mustUnit(t, st, "001", "")
	mustUnit(t, st, "002", "001")
	ref, _ := readExample(t)
	keys := []juesuan.ReportKey{{Unit: "001", Year: 2020, Scope: juesuan.ScopeOwn}, {Unit: "002", Year: 2020, Scope: juesuan.ScopeOwn}}
	gone := juesuan.CellRef{Table: 1, Row: "28", Col: "1"}
	// 75 versions of one report (more than two whole-text intervals), 3
	// of another: cells changed, blanked and given back, facts changed,
	// and one save that changes every cell.
	for i, n := range []int{75, 3} {
		r := ref.Clone()
		r.Facts = ref.Facts
		for v := 1; v <= n; v++ {
			r.Cells[markCell] = juesuan.Amount(100*v + i)
			switch {
			case v%9 == 0:
				delete(r.Cells, gone)
			case v%9 == 3:
				r.Cells[gone] = juesuan.Amount(v)
			}
			if v%10 == 0 {
				op := juesuan.Amount(v * 1000)
				r.Facts.Operating = &op
			}
			if v == 50 {
				for c, a := range r.Cells {
					r.Cells[c] = a*3 + 1
				}
			}
			if _, err := st.SaveV4(ctx, keys[i], r, "张三", fmt.Sprintf("第 %d 次", v)); err != nil {
				t.Fatalf("old save %d: %v", v, err)
			}
		}
	}
	// What the old schema holds, read by its own SQL.
	old := map[juesuan.ReportKey][]oldVersion{}
	for _, k := range keys {
		rows, err := st.DB().Query(st.Rebind(`SELECT v.id, v.body, v.facts FROM report_versions v JOIN reports r ON r.id = v.report_id WHERE r.unit = ? ORDER BY v.number`), k.Unit)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			var o oldVersion
			rows.Scan(&id, &o.body, &o.facts)
			ids = append(ids, id)
			old[k] = append(old[k], o)
		}
		rows.Close()
		for i, id := range ids {
			old[k][i].cells = map[juesuan.CellRef]juesuan.Amount{}
			rows, err := st.DB().Query(st.Rebind(`SELECT tbl, row_key, col_key, amount FROM cells WHERE version_id = ?`), id)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var c juesuan.CellRef
				var a int64
				rows.Scan(&c.Table, &c.Row, &c.Col, &a)
				old[k][i].cells[c] = juesuan.Amount(a)
			}
			rows.Close()
		}
	}
	// Version 40 of the first report was damaged before the migration.
	damage := `UPDATE report_versions SET body = body || 'x' WHERE number = 40 AND report_id = (SELECT id FROM reports WHERE unit = '001')`
	stmts := []string{`DROP TRIGGER versions_no_update`, damage,
		`CREATE TRIGGER versions_no_update BEFORE UPDATE ON report_versions BEGIN SELECT RAISE(ABORT, 'report versions are immutable'); END`}
	if st.Dialect() == "postgres" {
		stmts = []string{`ALTER TABLE report_versions DISABLE TRIGGER versions_immutable`, damage, `ALTER TABLE report_versions ENABLE TRIGGER versions_immutable`}
	}
	for _, q := range stmts {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	applied, err := st.Migrate(ctx)
	if err != nil || len(applied) != 1 || applied[0].Number != 5 {
		t.Fatalf("migrating: %v %v", applied, err)
	}
	checkConsistent(t, st)
	var deltas, full int
	st.DB().QueryRow(`SELECT COUNT(*) FROM report_versions WHERE body_kind = 'delta'`).Scan(&deltas)
	st.DB().QueryRow(`SELECT COUNT(*) FROM report_versions WHERE body_kind = 'full'`).Scan(&full)
	// Whole texts: versions 1, 33 and 65 of the first report as due, 40
	// (damaged) and 41 (after it), and the other report's first; the rest,
	// version 50 (every cell changed) too, are deltas.
	if full != 6 || deltas != 72 {
		t.Errorf("%d whole texts and %d deltas after the migration", full, deltas)
	}
	for _, k := range keys {
		vs, err := st.Versions(ctx, k)
		if err != nil || len(vs) != len(old[k]) {
			t.Fatalf("%s: %d versions after, %d before (%v)", k.Unit, len(vs), len(old[k]), err)
		}
		for i, o := range old[k] {
			n := i + 1
			if vs[i].Reason != fmt.Sprintf("第 %d 次", n) || vs[i].Cells != len(o.cells) {
				t.Errorf("%s v%d: listed as %q with %d cells", k.Unit, n, vs[i].Reason, vs[i].Cells)
			}
			body, err := st.VersionBody(ctx, k, n)
			if k.Unit == "001" && n == 40 {
				if code(err) != juesuan.EINTERNAL {
					t.Errorf("the damaged version reads back: %v", err)
				}
				if _, _, err := st.LoadReport(ctx, k, n); code(err) != juesuan.EINTERNAL {
					t.Errorf("the damaged version loads: %v", err)
				}
			} else if err != nil || body != o.body {
				t.Fatalf("%s v%d: text differs after the migration (%v)", k.Unit, n, err)
			}
			cells, err := st.VersionCells(ctx, k, n)
			if err != nil || !maps.Equal(cells, o.cells) {
				t.Fatalf("%s v%d: %d cells after, %d before (%v)", k.Unit, n, len(cells), len(o.cells), err)
			}
		}
		if cells, err := st.VersionCells(ctx, k, len(old[k])+1); err != nil || len(cells) != 0 {
			t.Errorf("%s: a version not yet saved has %d cells (%v)", k.Unit, len(cells), err)
		}
		// The current facts are the last version's.
		facts, err := st.CurrentFacts(ctx, []string{k.Unit}, 2020, juesuan.ScopeOwn)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(facts[k.Unit])
		if last := old[k][len(old[k])-1].facts; string(got) != last {
			t.Errorf("%s: facts %s, want %s", k.Unit, got, last)
		}
	}
	// A fresh store (no cached texts) rebuilds them from the database
	// alone.
	st2, err := store.Open(ctx, db, storecodec.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	for _, n := range []int{1, 33, 39, 41, 64, 65, 75} {
		if body, err := st2.VersionBody(ctx, keys[0], n); err != nil || body != old[keys[0]][n-1].body {
			t.Errorf("v%d from a fresh store: %v", n, err)
		}
	}
	// Saving goes on: one cell changed stores one new cell row.
	r, v, err := st2.LoadReport(ctx, keys[0], 0)
	if err != nil {
		t.Fatal(err)
	}
	before := countRows(t, st2, "cells")
	r.Cells[markCell]++
	if _, err := st2.SaveReport(ctx, keys[0], v.Number, r, "李四", "迁移后"); err != nil {
		t.Fatal(err)
	}
	if after := countRows(t, st2, "cells"); after-before > 8 {
		t.Errorf("one changed cell added %d cell rows", after-before)
	}
	checkConsistent(t, st2)
}

func countRows(t *testing.T, st *store.Store, table string) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
