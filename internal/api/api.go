// Package api serves the JSON API under /api/v1: units, reports and their
// versions, findings, review and aggregation. Requests carry an API token
// (Authorization: Bearer …); access follows the same permission functions
// as the web workbench (juesuan.CanReadReport …). Only published reports
// are served without a token.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
)

// Renderer writes a rendered document (HTML, PDF …) of a report. The
// document issue plugs its renderer in here; without one the endpoint
// answers 501.
type Renderer func(w http.ResponseWriter, r *http.Request, tpl *juesuan.Template, rep *juesuan.Report) error

// Options configure the handler.
type Options struct {
	Render Renderer
	Log    *log.Logger
}

type server struct {
	st   Store
	agg  *store.Store // for the 汇总 only (aggregate.FromStore)
	opts Options
}

// NewHandler returns the API handler; mount it at "/api/v1/" (its routes
// carry the full path).
func NewHandler(st *store.Store, opts Options) http.Handler {
	s := &server{st: st, agg: st, opts: opts}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/me", s.auth(s.me))
	mux.HandleFunc("GET /api/v1/units", s.auth(s.listUnits))
	mux.HandleFunc("POST /api/v1/units", s.auth(s.createUnit))
	mux.HandleFunc("GET /api/v1/units/{code}", s.auth(s.getUnit))
	mux.HandleFunc("GET /api/v1/reports/{unit}/{year}", s.report(s.getReport))
	mux.HandleFunc("PUT /api/v1/reports/{unit}/{year}", s.auth(s.putReport))
	mux.HandleFunc("GET /api/v1/reports/{unit}/{year}/findings", s.report(s.findings))
	mux.HandleFunc("GET /api/v1/reports/{unit}/{year}/document", s.report(s.document))
	mux.HandleFunc("GET /api/v1/reports/{unit}/{year}/versions", s.auth(s.versions))
	mux.HandleFunc("GET /api/v1/reports/{unit}/{year}/versions/{n}", s.auth(s.version))
	mux.HandleFunc("GET /api/v1/reports/{unit}/{year}/review", s.auth(s.reviewHistory))
	mux.HandleFunc("POST /api/v1/reports/{unit}/{year}/review", s.auth(s.move))
	mux.HandleFunc("GET /api/v1/aggregate/{unit}/{year}", s.auth(s.aggregate))
	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		writeErr(w, juesuan.Errorf(juesuan.ENOTFOUND, "没有这个接口：%s %s", r.Method, r.URL.Path))
	})
	return mux
}

type ctxKey struct{}

// userOf returns the signed-in user, or nil for the public.
func userOf(r *http.Request) *juesuan.User {
	u, _ := r.Context().Value(ctxKey{}).(*juesuan.User)
	return u
}

// identify resolves the bearer token; a wrong token is an error, a
// missing one means the public.
func (s *server) identify(r *http.Request) (*http.Request, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return r, nil
	}
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return nil, juesuan.Errorf(juesuan.EUNAUTHORIZED, "Authorization 头应为 Bearer <令牌>")
	}
	u, err := s.st.UserByToken(r.Context(), strings.TrimSpace(tok))
	if err != nil {
		return nil, err
	}
	return r.WithContext(context.WithValue(r.Context(), ctxKey{}, u)), nil
}

// auth requires a signed-in user.
func (s *server) auth(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, err := s.identify(r)
		if err == nil && userOf(r) == nil {
			err = juesuan.Errorf(juesuan.EUNAUTHORIZED, "需要登录：请在请求头加 Authorization: Bearer <令牌>")
		}
		if err == nil {
			err = h(w, r)
		}
		s.finish(w, r, err)
	}
}

// report serves endpoints that the public may use on published reports.
func (s *server) report(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, err := s.identify(r)
		if err == nil {
			err = h(w, r)
		}
		s.finish(w, r, err)
	}
}

func (s *server) finish(w http.ResponseWriter, r *http.Request, err error) {
	if err == nil {
		return
	}
	if juesuan.ErrorCode(err) == juesuan.EINTERNAL && s.opts.Log != nil {
		s.opts.Log.Printf("api %s %s: %v", r.Method, r.URL.Path, err)
	}
	writeErr(w, err)
}

// codeNotImplemented answers 501 (no document renderer configured).
const codeNotImplemented = "not_implemented"

var statusOf = map[string]int{
	codeNotImplemented:    http.StatusNotImplemented,
	juesuan.EINVALID:      http.StatusBadRequest,
	juesuan.ENOTFOUND:     http.StatusNotFound,
	juesuan.ECONFLICT:     http.StatusConflict,
	juesuan.EUNAUTHORIZED: http.StatusUnauthorized,
	juesuan.EFORBIDDEN:    http.StatusForbidden,
}

func writeErr(w http.ResponseWriter, err error) {
	code := juesuan.ErrorCode(err)
	st, ok := statusOf[code]
	msg := err.Error()
	var bad badInput
	if errors.As(err, &bad) {
		st, code, ok = http.StatusBadRequest, juesuan.EINVALID, true
	}
	if m, down := store.Unavailable(err); down && !ok {
		w.Header().Set("Retry-After", "5")
		st, code, msg, ok = http.StatusServiceUnavailable, "EUNAVAILABLE", m, true
	}
	if !ok {
		st, msg = http.StatusInternalServerError, "内部错误"
	}
	if st == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="juesuan"`)
	}
	writeJSON(w, st, map[string]string{"error": code, "message": msg})
}

// badInput marks an error in what the client sent (a report file that
// does not parse).
type badInput struct{ error }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func forbidden() error {
	return juesuan.Errorf(juesuan.EFORBIDDEN, "没有权限访问该单位的数据")
}

// reportKey reads {unit}/{year} and ?scope=.
func reportKey(r *http.Request) (juesuan.ReportKey, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 1900 || y > 9999 {
		return juesuan.ReportKey{}, juesuan.Errorf(juesuan.EINVALID, "年度 %q 无效", r.PathValue("year"))
	}
	k := juesuan.ReportKey{Unit: r.PathValue("unit"), Year: y, Scope: juesuan.Scope(r.URL.Query().Get("scope"))}
	if k.Scope == "" {
		k.Scope = juesuan.ScopeOwn
	}
	if !juesuan.ValidScope(k.Scope) {
		return k, juesuan.Errorf(juesuan.EINVALID, "口径 %q 无效（应为 本级 或 汇总）", k.Scope)
	}
	return k, nil
}

// denied is 401 for the public (signing in may help) and 403 otherwise.
func denied(u *juesuan.User) error {
	if u == nil {
		return juesuan.Errorf(juesuan.EUNAUTHORIZED, "该报表尚未公开：需要登录")
	}
	return forbidden()
}
