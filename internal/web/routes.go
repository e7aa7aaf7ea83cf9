package web

import (
	"io/fs"
	"net/http"
	"strings"
)

// routes lists every route of the workbench. Who may do what is checked
// in the handlers with the domain's permission functions (juesuan.Can…);
// requireUser only sends the public to the login page first.
func (s *Server) routes() {
	m := s.mux
	s.inspectRoutes() // 公开检查 (inspect.go)
	// Public: the published reports and the login.
	m.HandleFunc("GET /{$}", s.index)
	m.HandleFunc("GET /login", s.loginForm)
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.logout)
	m.HandleFunc("GET /static/", s.staticFile)
	m.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, s.static["favicon.svg"], http.StatusMovedPermanently)
	})
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })

	// A report page and its documents are public once published; the
	// handlers decide.
	m.HandleFunc("GET /reports/{unit}/{year}", s.reportPage)
	m.HandleFunc("GET /reports/{unit}/{year}/document/{format}", s.document)

	// The workbench.
	m.HandleFunc("GET /dashboard", s.requireUser(s.dashboard))
	m.HandleFunc("POST /reports/{unit}/{year}/create", s.requireUser(s.create))
	m.HandleFunc("POST /reports/{unit}/{year}/cells", s.requireUser(s.saveCells))
	m.HandleFunc("POST /reports/{unit}/{year}/rows", s.requireUser(s.addRow))
	m.HandleFunc("POST /reports/{unit}/{year}/narrative", s.requireUser(s.narrative))
	m.HandleFunc("POST /reports/{unit}/{year}/facts", s.requireUser(s.saveFacts))
	m.HandleFunc("POST /reports/{unit}/{year}/perf", s.requireUser(s.savePerf))
	m.HandleFunc("POST /reports/{unit}/{year}/perf/score", s.requireUser(s.perfScore))
	m.HandleFunc("POST /reports/{unit}/{year}/explain", s.requireUser(s.explain))
	m.HandleFunc("POST /reports/{unit}/{year}/move", s.requireUser(s.move))
	m.HandleFunc("GET /reports/{unit}/{year}/history", s.requireUser(s.history))
	m.HandleFunc("GET /reports/{unit}/{year}/diff", s.requireUser(s.diff))
	m.HandleFunc("GET /reports/{unit}/{year}/compare", s.requireUser(s.compare))
	m.HandleFunc("GET /reports/{unit}/{year}/import", s.requireUser(s.importForm))
	m.HandleFunc("POST /reports/{unit}/{year}/import", s.requireUser(s.importUpload))
	m.HandleFunc("POST /reports/{unit}/{year}/import/save", s.requireUser(s.importSave))
	m.HandleFunc("GET /units/{unit}/aggregate", s.requireUser(s.aggregate))
	m.HandleFunc("POST /units/{unit}/aggregate/save", s.requireUser(s.aggregateSave))
	m.HandleFunc("GET /units/{unit}/aggregate/{year}/document/{format}", s.requireUser(s.aggregateDocument))

	// 系统管理: only a 管理员, and only within the subtrees it manages.
	m.HandleFunc("GET /admin", s.requireAdmin(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/admin/units", http.StatusSeeOther)
	}))
	m.HandleFunc("GET /admin/units", s.requireAdmin(s.adminUnits))
	m.HandleFunc("POST /admin/units", s.requireAdmin(s.adminAddUnit))
	m.HandleFunc("POST /admin/units/move", s.requireAdmin(s.adminMoveUnit))
	m.HandleFunc("POST /admin/units/rename", s.requireAdmin(s.adminRenameUnit))
	m.HandleFunc("POST /admin/units/active", s.requireAdmin(s.adminUnitActive))
	m.HandleFunc("GET /admin/users", s.requireAdmin(s.adminUsers))
	m.HandleFunc("POST /admin/users", s.requireAdmin(s.adminAddUser))
	m.HandleFunc("POST /admin/users/passwd", s.requireAdmin(s.adminPasswd))
	m.HandleFunc("POST /admin/users/grant", s.requireAdmin(s.adminGrant))
	m.HandleFunc("POST /admin/users/revoke", s.requireAdmin(s.adminRevoke))
	m.HandleFunc("POST /admin/users/active", s.requireAdmin(s.adminUserActive))
	m.HandleFunc("GET /admin/years", s.requireAdmin(s.adminYears))
	m.HandleFunc("GET /admin/years/{id}/catalogs/{key}", s.requireAdmin(s.adminCatalog))
	m.HandleFunc("POST /admin/years/{id}/catalogs/{key}/upload", s.requireAdmin(s.adminCatalogUpload))

	if s.cfg.API != nil {
		m.Handle("/api/v1/", s.cfg.API)
	}
}

// staticFile serves an embedded asset by its content-hashed name, cached
// for a year: a changed file has a new name.
func (s *Server) staticFile(w http.ResponseWriter, r *http.Request) {
	name, ok := s.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(staticFS, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	switch {
	case strings.HasSuffix(name, ".js"):
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case strings.HasSuffix(name, ".css"):
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case strings.HasSuffix(name, ".svg"):
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(b)
}
