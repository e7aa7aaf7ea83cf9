package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/storecodec"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
	"github.com/juesuan/juesuan/internal/yearspec"
)

func init() {
	// Cheap hashes keep the tests fast; the format and verification are
	// the same as in production.
	store.PasswordParams = store.Argon2Params{Time: 1, Memory: 64, Threads: 1}
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type env struct {
	t     testing.TB
	st    *store.Store
	srv   *httptest.Server
	clock *clock
}

var (
	seedOnce sync.Once
	seedDB   []byte
	seedErr  error
	tpls     = web.CacheTemplates(yearspec.Default)
)

// seeded returns the bytes of a demo database, made once per test run:
// the store syncs every transaction to disk, and copying a file is much
// faster than seeding again.
func seeded(t testing.TB) []byte {
	seedOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "juesuan-web-seed")
		if err != nil {
			seedErr = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "seed.db")
		st, err := store.OpenMigrated(ctx, path, storecodec.New(tpls))
		if err != nil {
			seedErr = err
			return
		}
		if _, seedErr = demo.Seed(ctx, st, tpls); seedErr == nil {
			seedErr = st.EnsureWebSchema(ctx)
		}
		if seedErr == nil {
			_, seedErr = st.DB().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		}
		st.Close()
		if seedErr == nil {
			seedDB, seedErr = os.ReadFile(path)
		}
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	return seedDB
}

// newEnv starts a workbench over a fresh SQLite database with the demo data.
func newEnv(t testing.TB, cfg web.Config) *env {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "web.db")
	if err := os.WriteFile(path, seeded(t), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenMigrated(ctx, path, storecodec.New(tpls))
	if err != nil {
		t.Fatal(err)
	}
	return newEnvStore(t, cfg, st)
}

// newEnvStore starts a workbench over an open, seeded store, closed when
// the test ends.
func newEnvStore(t testing.TB, cfg web.Config, st *store.Store) *env {
	t.Helper()
	t.Cleanup(func() { st.Close() })
	c := &clock{t: time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)}
	cfg.Now = c.Now
	cfg.Templates = tpls
	_ = demo.Password
	h, err := web.NewServer(cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, st: st, srv: srv, clock: c}
}

// client is a browser-like client without automatic redirects.
type client struct {
	e   *env
	c   *http.Client
	hdr http.Header
}

func (e *env) anon() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, hdr: http.Header{}}
}

// as logs in a demo user.
func (e *env) as(name string) *client {
	e.t.Helper()
	c := e.anon()
	if name == "" {
		return c
	}
	res, _ := c.post("/login", url.Values{"name": {name}, "password": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d", name, res.StatusCode)
	}
	return c
}

func (c *client) do(method, path string, body io.Reader, ctype string) (*http.Response, string) {
	c.e.t.Helper()
	req, err := http.NewRequest(method, c.e.srv.URL+path, body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range c.hdr {
		req.Header[k] = v
	}
	res, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (c *client) get(path string) (*http.Response, string) { return c.do("GET", path, nil, "") }

func (c *client) post(path string, v url.Values) (*http.Response, string) {
	return c.do("POST", path, strings.NewReader(v.Encode()), "application/x-www-form-urlencoded")
}

func (e *env) current(unit string) *juesuan.ReportInfo {
	e.t.Helper()
	in, err := e.st.ReportInfo(context.Background(), juesuan.ReportKey{Unit: unit, Year: 2020, Scope: juesuan.ScopeOwn})
	if err != nil {
		e.t.Fatal(err)
	}
	return in
}

func itoa(n int) string { return strconv.Itoa(n) }
