package web_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
	"github.com/juesuan/juesuan/internal/storecodec"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
)

var baseRE = regexp.MustCompile(`id="base" name="base" value="(\d+)"`)

// TestLoad is a bounded load test on loopback: N users (default 50) each
// edit their own report (save a cell: recompute, store a version, audit)
// and view it, for a fixed time (default 30 s) or, with
// JUESUAN_LOADTEST_SAVES, until that many saves are done. It reports save
// and view latencies, the database's growth per save and the process's
// resident memory. With JUESUAN_LOADTEST_PAUSE_MS each user pauses
// between one save and the next view, drawn evenly from half to one and a
// half times that (people read and type between saves); without it they
// save without pause, which measures the server saturated. With
// JUESUAN_LOADTEST_DB=postgres the store is a schema of its own on the
// test PostgreSQL server (storetest) instead of a SQLite file. It runs
// only with JUESUAN_LOADTEST=1; the results go to BENCHMARKS.md by hand.
func TestLoad(t *testing.T) {
	if os.Getenv("JUESUAN_LOADTEST") != "1" {
		t.Skip("负载测试只在 JUESUAN_LOADTEST=1 时运行")
	}
	users := envInt("JUESUAN_LOADTEST_USERS", 50)
	dur := time.Duration(envInt("JUESUAN_LOADTEST_SECONDS", 30)) * time.Second
	maxSaves := int64(envInt("JUESUAN_LOADTEST_SAVES", 0))
	pause := time.Duration(envInt("JUESUAN_LOADTEST_PAUSE_MS", 0)) * time.Millisecond
	if maxSaves > 0 {
		dur = 24 * time.Hour // the count ends the run
	}
	var started atomic.Int64
	ctx := context.Background()
	var e *env
	if os.Getenv("JUESUAN_LOADTEST_DB") == "postgres" {
		// A schema of its own on the test server (storetest), seeded.
		st, err := store.OpenMigrated(ctx, storetest.DSN(t, "postgres"), storecodec.New(tpls))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(ctx, st, tpls); err != nil {
			t.Fatal(err)
		}
		e = newEnvStore(t, web.Config{}, st)
	} else {
		e = newEnv(t, web.Config{})
	}
	ref, _, err := e.st.LoadReport(ctx, juesuan.ReportKey{Unit: demo.RefCode, Year: 2020}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < users; i++ {
		code := fmt.Sprintf("L%03d", i)
		if err := e.st.CreateUnit(ctx, &juesuan.Unit{Code: code, Name: "负载测试单位" + code, Kind: juesuan.KindInstitution, Parent: demo.RootCode}, "load"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.SaveReport(ctx, juesuan.ReportKey{Unit: code, Year: 2020}, 0, ref, "load", "负载测试"); err != nil {
			t.Fatal(err)
		}
	}
	type sample struct {
		kind string
		d    time.Duration
		err  string
	}
	var mu sync.Mutex
	var samples []sample
	size0 := dbBytes(t, e)
	stop := time.Now().Add(dur)
	t0 := time.Now()
	more := func() bool {
		if maxSaves > 0 {
			return started.Add(1) <= maxSaves
		}
		return time.Now().Before(stop)
	}
	var wg sync.WaitGroup
	for i := 0; i < users; i++ {
		cl := e.as("admin")
		cl.hdr.Set("HX-Request", "true")
		u := fmt.Sprintf("/reports/L%03d/2020", i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			n := 0
			for more() {
				if pause > 0 && n > 0 {
					time.Sleep(pause/2 + time.Duration(rng.Int64N(int64(pause))))
				}
				t0 := time.Now()
				res, body := cl.get(u + "?t=1")
				s := sample{kind: "view", d: time.Since(t0)}
				m := baseRE.FindStringSubmatch(body)
				if res.StatusCode != http.StatusOK || m == nil {
					s.err = "view " + strconv.Itoa(res.StatusCode)
				}
				mu.Lock()
				samples = append(samples, s)
				mu.Unlock()
				if m == nil {
					if maxSaves > 0 {
						started.Add(-1)
					}
					continue
				}
				n++
				t0 = time.Now()
				res, body = cl.post(u+"/cells", url.Values{"base": {m[1]}, "table": {"1"}, "v:1:4:1": {fmt.Sprintf("%d.%02d", n%100, n%97)}})
				s = sample{kind: "save", d: time.Since(t0)}
				if res.StatusCode != http.StatusOK {
					s.err = fmt.Sprintf("save %d %.80s", res.StatusCode, body)
				}
				mu.Lock()
				samples = append(samples, s)
				mu.Unlock()
			}
		}()
	}
	// With JUESUAN_LOADTEST_HOSTILE=1 a hostile PDF (a million drawing
	// operations, no text) is imported over and over at the same time.
	hostile := os.Getenv("JUESUAN_LOADTEST_HOSTILE") == "1"
	var imports, busy int
	if hostile {
		pdf := hostilePDF()
		cl := e.as("filler")
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) && (maxSaves == 0 || started.Load() < maxSaves) {
				res, body := cl.uploadBytes(refURL+"/import", "hostile.pdf", pdf)
				switch res.StatusCode {
				case http.StatusUnprocessableEntity:
					imports++
				case http.StatusServiceUnavailable:
					busy++
				default:
					t.Errorf("hostile import: %d %.100s", res.StatusCode, body)
				}
			}
		}()
	}
	wg.Wait()
	dur = time.Since(t0)
	if hostile {
		t.Logf("LOAD hostile: %d hostile PDF imports refused with a message while the users worked (%d refused as busy)", imports, busy)
	}
	saves := 0
	for _, s := range samples {
		if s.kind == "save" && s.err == "" {
			saves++
		}
	}
	if grown := dbBytes(t, e) - size0; saves > 0 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if p := os.Getenv("JUESUAN_LOADTEST_HEAPPROFILE"); p != "" {
			// Written here, before the server is closed, so that it shows
			// what the server holds after the saves.
			if f, err := os.Create(p); err == nil {
				pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
		t.Logf("LOAD storage: %d saves, database grew %d bytes, %.2f KB per one-cell save; RSS of the test process (server and clients) %d MiB now, %d MiB peak; Go heap in use after GC %d MiB",
			saves, grown, float64(grown)/float64(saves)/1024, procStatus("VmRSS:")>>20, procStatus("VmHWM:")>>20, ms.HeapInuse>>20)
	}
	for _, kind := range []string{"view", "save", ""} {
		var ds []time.Duration
		errs := 0
		for _, s := range samples {
			if kind == "" || s.kind == kind {
				ds = append(ds, s.d)
				if s.err != "" {
					errs++
					if errs <= 3 {
						t.Errorf("%s", s.err)
					}
				}
			}
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		if len(ds) == 0 {
			continue
		}
		name := kind
		if name == "" {
			name = "all"
		}
		t.Logf("LOAD %s: users=%d pause=%s duration=%s requests=%d (%.1f/s) p50=%s p99=%s max=%s errors=%d",
			name, users, pause, dur, len(ds), float64(len(ds))/dur.Seconds(), ds[len(ds)/2].Round(time.Millisecond),
			ds[len(ds)*99/100].Round(time.Millisecond), ds[len(ds)-1].Round(time.Millisecond), errs)
	}
}

func envInt(k string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(k)); err == nil && n > 0 {
		return n
	}
	return def
}

// dbBytes is the SQLite database's size after a checkpoint (pages in use
// and free); on PostgreSQL the size of the test schema's tables.
func dbBytes(t *testing.T, e *env) int64 {
	db := e.st.DB()
	if e.st.Dialect() == "postgres" {
		var n int64
		if err := db.QueryRow(`SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	var pages, size int64
	if err := db.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	db.QueryRow("PRAGMA page_size").Scan(&size)
	return pages * size
}

// procStatus is a size in bytes from /proc/self/status: VmHWM (peak
// resident set), VmRSS (resident set now).
func procStatus(field string) int64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
