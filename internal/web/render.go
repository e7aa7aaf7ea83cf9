package web

import (
	"bytes"
	"net/http"
	"net/url"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
)

// page is what the layout needs besides the page's own data P.
type page struct {
	Title string
	User  *juesuan.User
	Nav   string // dashboard, public …
	P     any
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// render executes a page (or, with block set, one named template of it,
// for an htmx fragment) into a buffer first, so a template error never
// sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, block string, p page) {
	t, ok := s.pages[name]
	if !ok {
		s.cfg.Log.Printf("web: no template %q", name)
		http.Error(w, "服务器内部错误", http.StatusInternalServerError)
		return
	}
	if p.User == nil {
		p.User = userFrom(r.Context())
	}
	if block == "" {
		block = "layout"
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, block, p); err != nil {
		s.cfg.Log.Printf("web: template %s/%s: %v", name, block, err)
		http.Error(w, "服务器内部错误", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// fail shows an error: a page for a navigation, a fragment for htmx.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if msg, ok := store.Unavailable(err); ok {
		s.cfg.Log.Printf("web: %s %s: %v", r.Method, r.URL.Path, err)
		w.Header().Set("Retry-After", "5")
		w.Header().Set("Cache-Control", "no-store")
		if isHTMX(r) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(msg))
			return
		}
		s.render(w, r, http.StatusServiceUnavailable, "error", "", page{Title: "请稍后再试", P: struct {
			Status  int
			Message string
		}{http.StatusServiceUnavailable, msg}})
		return
	}
	status := errStatus(err)
	if status == http.StatusInternalServerError {
		s.cfg.Log.Printf("web: %s %s: %v", r.Method, r.URL.Path, err)
	}
	msg := errMessage(err)
	if r.Header.Get("HX-Request") == "true" {
		// htmx does not swap error responses by default; the client
		// script shows this text in the status line instead.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte(msg))
		return
	}
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.render(w, r, status, "error", "", page{Title: "出错了", P: struct {
		Status  int
		Message string
	}{status, msg}})
}

// isHTMX reports a partial-update request.
func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }
