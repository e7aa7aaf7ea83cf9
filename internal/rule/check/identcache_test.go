package check

import (
	"reflect"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// TestIdentitiesShapeOnly: the rules of every embedded template state
// identities that follow from the rows present alone (so they are cached),
// and a guard or a loop that reads a value makes the compiler say so.
func TestIdentitiesShapeOnly(t *testing.T) {
	for _, f := range yearspec.Default.Families() {
		for year := f.Years[0]; year <= f.Years[1]; year++ {
			tpl, err := yearspec.Default.For(f.ID, year)
			if err != nil {
				t.Fatalf("%s@%d: %v", f.ID, year, err)
			}
			p, err := Cached(tpl)
			if err != nil {
				t.Fatalf("%s@%d: %v", f.ID, year, err)
			}
			for _, ru := range p.Rules {
				if ru.identsByValue {
					t.Errorf("%s@%d: rule %s lists identities by value", f.ID, year, ru.ID)
				}
			}
		}
	}
	tpl := tpl2020(t)
	for _, tc := range []struct {
		src     string
		byValue bool
	}{
		{`rule A error "t" { T1[27, 1] == sum(T1[1..8, 1]) }`, false},
		{`rule A error "t" { for p in parents(T2) { p in ["201"] -> T2[p, 1] == sum(T2[children(T2, p), 1]) } }`, false},
		{`rule A error "t" { T6[personnel, 1] == T6[301, 1] + T6[303, 1] }`, false},
		{`rule A error "t" { T1[1, 1] > 0 -> T1[27, 1] == T1[1, 1] }`, true},
		{`rule A error "t" { empty(T2) -> T1[27, 1] == T1[1, 1] }`, true},
		{`rule A error "t" { for r in rows(T2) { let x = r
		    T2[x, 1] == sum(T2[x, 2..7]) } }`, true},
		{`rule A error "t" { for r in rows(T2) { T2[r, 1] > 0 -> T2[r, 1] == sum(T2[r, 2..7]) } }`, true},
	} {
		p, err := CompileSource(tpl, "r.rules", []byte(tc.src))
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		if p.identsByValue != tc.byValue {
			t.Errorf("%s: by value = %v, want %v", tc.src, p.identsByValue, tc.byValue)
		}
	}
}

// TestIdentitiesCacheSameAsListing: the cached lists are the listing of the
// report itself, for a first report (listed), a report of the same shape
// with other values (from the cache), and a report with a row more.
func TestIdentitiesCacheSameAsListing(t *testing.T) {
	tpl := tpl2020(t)
	p, err := Compile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	r := juesuan.NewReport(2020, tpl.ID)
	set := func(r *juesuan.Report, tbl int, row, col string, v juesuan.Amount) {
		r.Cells[juesuan.CellRef{Table: tbl, Row: row, Col: col}] = v
	}
	for _, c := range []struct {
		tbl      int
		row, col string
	}{
		{1, "1", "1"}, {1, "27", "1"}, {2, "total", "1"}, {2, "201", "1"}, {2, "20101", "1"},
		{2, "2010101", "1"}, {3, "2010101", "2"}, {5, "2080501", "1"}, {6, "30201", "1"}, {6, "personnel", "1"},
	} {
		set(r, c.tbl, c.row, c.col, 100)
	}
	same := func(r *juesuan.Report) {
		t.Helper()
		want := p.listIdentities(r)
		if len(want) == 0 {
			t.Fatal("no identities listed")
		}
		for range 2 { // a miss, then a hit
			got := p.Identities(r)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("cached identities differ from the listing:\n%v\n%v", got, want)
			}
			got[0] = juesuan.Identity{} // the caller owns its slice
		}
	}
	same(r)
	r2 := r.Clone()
	set(r2, 2, "201", "1", 7) // same shape, other values
	same(r2)
	r3 := r.Clone()
	set(r3, 2, "2010102", "1", 5) // one row more
	same(r3)
	r3.RowNames[juesuan.RowRef{Table: 3, Row: "2080501"}] = "行政单位离退休" // a named row counts
	same(r3)
	if p.shapeKey(r) == p.shapeKey(r3) || p.shapeKey(r) != p.shapeKey(r2) {
		t.Error("shape keys do not follow the rows present")
	}
}

// TestCodeTableLayoutShared: a report whose code tables have the rows of
// an earlier one gets the layout kept for them, and the dense tables are
// those a program that never saw the first report builds.
func TestCodeTableLayoutShared(t *testing.T) {
	tpl := tpl2020(t)
	warm, err := Compile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	cold, err := Compile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	r := juesuan.NewReport(2020, tpl.ID)
	for _, row := range []string{"total", "201", "20101", "2010101", "2010102", "208"} {
		r.Cells[juesuan.CellRef{Table: 2, Row: row, Col: "1"}] = 100
		r.Cells[juesuan.CellRef{Table: 3, Row: row, Col: "2"}] = 100
	}
	r.Cells[juesuan.CellRef{Table: 6, Row: "30201", Col: "1"}] = 3
	warm.NewFastEnv(r)
	r2 := r.Clone()
	r2.Cells[juesuan.CellRef{Table: 2, Row: "201", Col: "1"}] = 7 // same rows, other values
	for c := range r2.Cells {
		if c.Table == 3 {
			r2.Cells[c] = 0 // 表3 all zero: empty
		}
	}
	got, want := warm.NewFastEnv(r2), cold.NewFastEnv(r2)
	for n := range got.tabs {
		if !reflect.DeepEqual(got.tabs[n], want.tabs[n]) {
			t.Errorf("table %d: the shared layout gives another dense table", n)
		}
	}
	if !got.tabs[3].empty || got.tabs[2].empty {
		t.Error("a shared layout kept another report's emptiness")
	}
}
