// Package web is the server-rendered workbench: finance staff fill the
// nine tables with live audit, reviewers return, approve and publish, and
// the public reads published reports. Pages are html/template with htmx
// for partial updates; templates and assets are embedded in the binary.
package web

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/doccache"
	"github.com/juesuan/juesuan/internal/lru"
	"github.com/juesuan/juesuan/internal/yearspec"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is how the workbench runs. The zero value is usable.
type Config struct {
	// Secure marks session cookies Secure even on plain HTTP (behind a
	// TLS-terminating proxy); a TLS request always gets it.
	Secure bool
	// SessionTTL is how long a login lasts (default 8 h).
	SessionTTL time.Duration
	// MaxLoginFailures wrong passwords in a row lock the login for LockFor
	// (defaults 5 and 15 min).
	MaxLoginFailures int
	LockFor          time.Duration
	// MaxLoginFailuresPerAddr failed logins from one address within
	// LockFor, whatever the names, lock that address (default 20).
	MaxLoginFailuresPerAddr int
	// MaxBody bounds a request body (default juesuan.MaxFormBytes, room
	// for every text of the 情况说明 at its limit; uploads: MaxUpload).
	MaxBody   int64
	MaxUpload int64
	// MaxImports bounds the uploads read at the same time (default: half
	// the CPUs, at least 1); more get 503 with Retry-After.
	MaxImports int
	// Now is the clock (tests replace it).
	Now func() time.Time
	// Templates loads year templates (default: the embedded years); they
	// are cached (see CachedTemplates).
	Templates Templates
	// API, when set, is served under /api/v1/ (internal/api).
	API http.Handler
	// Log receives server errors (default: the standard logger).
	Log *log.Logger
	// Documents caches rendered documents of immutable versions on disk
	// (internal/doccache); nil renders every request.
	Documents *doccache.Cache
}

func (c *Config) defaults() {
	if c.SessionTTL == 0 {
		c.SessionTTL = 8 * time.Hour
	}
	if c.MaxLoginFailures == 0 {
		c.MaxLoginFailures = 5
	}
	if c.MaxLoginFailuresPerAddr == 0 {
		c.MaxLoginFailuresPerAddr = 4 * c.MaxLoginFailures
	}
	if c.LockFor == 0 {
		c.LockFor = 15 * time.Minute
	}
	if c.MaxBody == 0 {
		c.MaxBody = juesuan.MaxFormBytes
	}
	if c.MaxUpload == 0 {
		c.MaxUpload = juesuan.MaxUploadBytes
	}
	if c.MaxImports <= 0 {
		c.MaxImports = defaultMaxImports()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Templates == nil {
		c.Templates = yearspec.Default
	}
	c.Templates = CacheTemplates(c.Templates)
	if c.Log == nil {
		c.Log = log.Default()
	}
}

// Server is the workbench.
type Server struct {
	cfg     Config
	st      Store
	pages   map[string]*template.Template
	static  map[string]string // name → hashed URL
	files   map[string]string // hashed URL path → name
	mux     *http.ServeMux
	h       http.Handler
	audits  *auditCache
	pdf     printer
	imports importSlots
	cpu     *gate // the editor's views and saves computing at once (gate.go)

	pendingMu sync.Mutex
	pending   map[string]*pendingImport
}

// NewServer makes the workbench handler over an open, migrated store. It
// creates the workbench's own tables when they are missing.
func NewServer(cfg Config, st Store) (http.Handler, error) {
	s, err := New(context.Background(), cfg, st)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// New is NewServer returning the *Server.
func New(ctx context.Context, cfg Config, st Store) (*Server, error) {
	cfg.defaults()
	if err := st.EnsureWebSchema(ctx); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, st: st, mux: http.NewServeMux(), pending: map[string]*pendingImport{}, imports: make(importSlots, cfg.MaxImports), cpu: newGate(0)}
	s.audits = lru.New[auditKey, *audited](auditCacheBytes)
	if err := s.hashStatic(); err != nil {
		return nil, err
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.routes()
	s.h = s.handler()
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

// hashStatic names every asset by a hash of its content, so it can be
// cached forever and a new binary's assets are fetched anew.
func (s *Server) hashStatic() error {
	s.static, s.files = map[string]string{}, map[string]string{}
	return fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		hashed := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		s.static[name] = hashed
		s.files[hashed] = p
		return nil
	})
}

func (s *Server) parseTemplates() error {
	s.pages = map[string]*template.Template{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || base == "partials.html" {
			continue
		}
		t, err := template.New(base).Funcs(s.funcs()).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return fmt.Errorf("模板 %s: %w", base, err)
		}
		s.pages[strings.TrimSuffix(base, ".html")] = t
	}
	return nil
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"static":   func(name string) string { return s.static[name] },
		"wan":      func(a juesuan.Amount) string { return a.Wan() },
		"gridHTML": gridHTML,
		"wanp": func(a *juesuan.Amount) string {
			if a == nil {
				return ""
			}
			return a.Wan()
		},
		"sev":      sevLabel,
		"sevClass": func(sv juesuan.Severity) string { return string(sv) },
		"stateClass": func(st juesuan.ReviewState) string {
			return map[juesuan.ReviewState]string{juesuan.StateDraft: "draft", juesuan.StateSubmitted: "submitted",
				juesuan.StateReturned: "returned", juesuan.StateApproved: "approved", juesuan.StatePublished: "published"}[st]
		},
		"when": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(cst).Format("2006-01-02 15:04")
		},
		"cellID":   cellID,
		"canAdmin": juesuan.CanAdminister,
		"add":      func(a, b int) int { return a + b },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
	}
}

// cst is China Standard Time, fixed so that no tz database is needed.
var cst = time.FixedZone("CST", 8*3600)

func sevLabel(sv juesuan.Severity) string {
	switch sv {
	case juesuan.SevError:
		return "错误"
	case juesuan.SevWarning:
		return "警告"
	}
	return "提示"
}

func cellID(c juesuan.CellRef) string { return "c-" + strings.ReplaceAll(c.String(), ":", "-") }
