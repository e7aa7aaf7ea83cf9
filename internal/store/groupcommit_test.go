package store_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
	"github.com/juesuan/juesuan/internal/storecodec"
)

// queue starts each save in a goroutine once the previous one waits in
// the group queue, so that they are committed as one group, in order.
func queue(t *testing.T, st *store.Store, saves ...func() error) []error {
	t.Helper()
	errs := make([]error, len(saves))
	var wg sync.WaitGroup
	release := st.HoldWrites()
	for i, f := range saves {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = f() }()
		for st.Queued() != i+1 {
			time.Sleep(time.Millisecond)
		}
	}
	release()
	wg.Wait()
	return errs
}

func logged(t *testing.T, st *store.Store, actor string) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE actor = '` + actor + `'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func logRow(actor string) string {
	return fmt.Sprintf(`INSERT INTO audit_log(at, actor, action, target, detail) VALUES ('2026-01-01T00:00:00Z', '%s', 'test', 'x', '')`, actor)
}

// A save that fails inside a group is undone alone; one that breaks the
// whole transaction makes each save of the group run again alone, so
// that each still gets its own answer and nothing is kept twice.
func TestGroupCommitSavepoints(t *testing.T) {
	st := storetest.Open(t, "sqlite")
	var sizes []int
	var mu sync.Mutex
	store.SetGroupHook(func(n int) { mu.Lock(); sizes = append(sizes, n); mu.Unlock() })
	defer store.SetGroupHook(nil)

	errs := queue(t, st,
		func() error { return st.GroupExec(ctx, logRow("a")) },
		func() error { return st.GroupExec(ctx, logRow("d"), "FAIL") },
		func() error { return st.GroupExec(ctx, logRow("e"), `INSERT INTO no_such_table VALUES (1)`) },
		func() error { return st.GroupExec(ctx, logRow("c")) },
	)
	if errs[0] != nil || errs[3] != nil || code(errs[1]) != juesuan.EINVALID || errs[2] == nil {
		t.Fatalf("errors %v", errs)
	}
	for actor, want := range map[string]int{"a": 1, "c": 1, "d": 0, "e": 0} {
		if n := logged(t, st, actor); n != want {
			t.Errorf("%s: %d rows, want %d", actor, n, want)
		}
	}
	mu.Lock()
	if len(sizes) != 1 || sizes[0] != 4 {
		t.Errorf("groups %v, want one of 4", sizes)
	}
	sizes = nil
	mu.Unlock()

	// ROLLBACK ends the shared transaction: its savepoint is gone.
	errs = queue(t, st,
		func() error { return st.GroupExec(ctx, logRow("f")) },
		func() error { return st.GroupExec(ctx, logRow("g"), `ROLLBACK`) },
		func() error { return st.GroupExec(ctx, logRow("h")) },
	)
	if errs[0] != nil || errs[1] == nil || errs[2] != nil {
		t.Fatalf("errors %v", errs)
	}
	for actor, want := range map[string]int{"f": 1, "g": 0, "h": 1} {
		if n := logged(t, st, actor); n != want {
			t.Errorf("%s: %d rows, want %d", actor, n, want)
		}
	}

	// A save given up while it waits leaves the queue unwritten.
	release := st.HoldWrites()
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- st.GroupExec(cctx, logRow("gone")) }()
	for st.Queued() != 1 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	err := <-done
	release()
	if err == nil || st.Queued() != 0 || logged(t, st, "gone") != 0 {
		t.Fatalf("cancelled save: %v, %d queued, %d rows", err, st.Queued(), logged(t, st, "gone"))
	}
}

// Saves of many reports at once, several from the same base version:
// on each report exactly one save from a base wins, the others are told
// of the conflict, and what each winner saved is what is read back.
// SQLite commits them in groups; PostgreSQL each alone.
func TestConcurrentSavesGrouped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		var largest atomic.Int64
		store.SetGroupHook(func(n int) {
			if int64(n) > largest.Load() {
				largest.Store(int64(n))
			}
		})
		defer store.SetGroupHook(nil)
		const units, rivals = 6, 4
		ref := juesuan.CellRef{Table: 1, Row: "1", Col: "1"}
		for u := 0; u < units; u++ {
			mustUnit(t, st, fmt.Sprintf("G%02d", u), "")
			if u == units-1 {
				continue // no report yet: rivals race to create it
			}
			r, _ := readExample(t)
			if _, err := st.SaveReport(ctx, juesuan.ReportKey{Unit: fmt.Sprintf("G%02d", u), Year: 2020}, 0, r, "seed", "v1"); err != nil {
				t.Fatal(err)
			}
		}
		// The report of G04 is submitted: every save of it is refused.
		if err := st.Move(ctx, juesuan.ReportKey{Unit: "G04", Year: 2020, Scope: juesuan.ScopeOwn}, juesuan.StateSubmitted, "seed", ""); err != nil {
			t.Fatal(err)
		}
		for round := 0; round < 3; round++ {
			type save struct {
				unit   string
				base   int
				reason string
				value  juesuan.Amount
				err    error
			}
			var saves []*save
			for u := 0; u < units; u++ {
				k := juesuan.ReportKey{Unit: fmt.Sprintf("G%02d", u), Year: 2020}
				info, err := st.ReportInfo(ctx, k)
				base := 0
				if err == nil {
					base = info.Current
				}
				for i := 0; i < rivals; i++ {
					b := base
					if i == rivals-1 && base > 0 {
						b = base - 1 // stale
					}
					saves = append(saves, &save{unit: k.Unit, base: b, reason: fmt.Sprintf("r%d-%s-%d", round, k.Unit, i),
						value: juesuan.Amount(1000*round + 10*u + i)})
				}
			}
			start := make(chan struct{})
			var wg sync.WaitGroup
			for _, sv := range saves {
				r, _ := readExample(t)
				r.Cells[ref] = sv.value
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, sv.err = st.SaveReport(ctx, juesuan.ReportKey{Unit: sv.unit, Year: 2020}, sv.base, r, "w", sv.reason)
				}()
			}
			close(start)
			wg.Wait()
			for u := 0; u < units; u++ {
				k := juesuan.ReportKey{Unit: fmt.Sprintf("G%02d", u), Year: 2020, Scope: juesuan.ScopeOwn}
				vs, err := st.Versions(ctx, k)
				if err != nil && u != units-1 {
					t.Fatal(err)
				}
				reasons := map[string]int{}
				for _, v := range vs {
					reasons[v.Reason] = v.Number
				}
				var won []*save
				for _, sv := range saves {
					if sv.unit != k.Unit {
						continue
					}
					switch {
					case sv.err == nil:
						won = append(won, sv)
						if reasons[sv.reason] != sv.base+1 {
							t.Errorf("%s: saved as version %d, listed as %d", sv.reason, sv.base+1, reasons[sv.reason])
						}
					case code(sv.err) != juesuan.ECONFLICT:
						t.Errorf("%s: %v", sv.reason, sv.err)
					case reasons[sv.reason] != 0:
						t.Errorf("%s: refused (%v) yet stored as version %d", sv.reason, sv.err, reasons[sv.reason])
					}
				}
				if k.Unit == "G04" {
					if len(won) != 0 {
						t.Errorf("submitted report: %d saves accepted", len(won))
					}
					continue
				}
				if len(won) != 1 {
					t.Fatalf("round %d, %s: %d saves won, want 1", round, k.Unit, len(won))
				}
				got, v, err := st.LoadReport(ctx, k, 0)
				if err != nil || v.Reason != won[0].reason || got.Cells[ref] != won[0].value {
					t.Errorf("round %d, %s: current %v %v, want %q with %v", round, k.Unit, v, err, won[0].reason, won[0].value)
				}
				if cells, err := st.VersionCells(ctx, k, 0); err != nil || cells[ref] != won[0].value {
					t.Errorf("round %d, %s: stored cell %v (%v), want %v", round, k.Unit, cells[ref], err, won[0].value)
				}
			}
		}
		if st.Dialect() == "sqlite" && largest.Load() < 2 {
			t.Logf("no two saves were committed together (largest group %d)", largest.Load())
		}
	})
}

// A save's base cells come from the version this process saved (kept in
// memory) or, in a fresh process, from the database: both give the same
// stored cells, version by version, with cells changed, blanked, added.
func TestSaveFromKeptBaseCells(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			warm, err := store.OpenMigrated(ctx, dsn, storecodec.Default)
			if err != nil {
				t.Fatal(err)
			}
			defer warm.Close()
			mustUnit(t, warm, "K1", "")
			mustUnit(t, warm, "K2", "")
			r, _ := readExample(t)
			var refs []juesuan.CellRef
			for c := range r.Cells {
				refs = append(refs, c)
			}
			sort.Slice(refs, func(i, j int) bool { return refs[i].String() < refs[j].String() })
			versions := []*juesuan.Report{r}
			for i := 0; i < 4; i++ {
				next := versions[len(versions)-1].Clone()
				next.Cells[refs[i]] += juesuan.Cent * juesuan.Amount(i+1) // changed
				delete(next.Cells, refs[10+i])                            // blanked
				if i > 0 {
					next.Cells[refs[10+i-1]] = juesuan.Amount(7 * i) // back again
				}
				versions = append(versions, next)
			}
			k1 := juesuan.ReportKey{Unit: "K1", Year: 2020, Scope: juesuan.ScopeOwn}
			k2 := juesuan.ReportKey{Unit: "K2", Year: 2020, Scope: juesuan.ScopeOwn}
			for n, v := range versions {
				if _, err := warm.SaveReport(ctx, k1, n, v, "w", "warm"); err != nil {
					t.Fatal(err)
				}
				// Each save of K2 from a store just opened: nothing kept.
				cold, err := store.Open(ctx, dsn, storecodec.Default)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := cold.SaveReport(ctx, k2, n, v, "c", "cold"); err != nil {
					t.Fatal(err)
				}
				cold.Close()
			}
			for n := 1; n <= len(versions); n++ {
				a, err1 := warm.VersionCells(ctx, k1, n)
				b, err2 := warm.VersionCells(ctx, k2, n)
				if err1 != nil || err2 != nil || !reflect.DeepEqual(a, b) {
					t.Fatalf("version %d: cells differ (%d against %d; %v %v)", n, len(a), len(b), err1, err2)
				}
			}
		})
	}
}
