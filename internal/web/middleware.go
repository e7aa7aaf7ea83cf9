package web

import (
	"context"
	"errors"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/juesuan/juesuan"
)

const sessionCookie = "juesuan_session"

type ctxKey int

const userKey ctxKey = 1

// userFrom returns the signed-in user, or nil for the public.
func userFrom(ctx context.Context) *juesuan.User {
	u, _ := ctx.Value(userKey).(*juesuan.User)
	return u
}

// pageCSP allows only the workbench's own scripts and styles; no page may
// be framed (clickjacking on the review buttons).
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"

// documentCSP is for rendered disclosure documents: their own inline
// styles and SVG charts, and no script at all.
const documentCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"

// handler is the middleware chain around the routes, outermost first.
func (s *Server) handler() http.Handler {
	return s.recoverer(s.secureHeaders(s.limitBody(s.crossOrigin(s.session(s.mux)))))
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.cfg.Log.Printf("web: %s %s: panic: %v\n%s", r.Method, r.URL.Path, v, debug.Stack())
				http.Error(w, "服务器内部错误，请稍后再试", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.cfg.MaxBody
		if strings.HasSuffix(r.URL.Path, "/import") {
			limit = s.cfg.MaxUpload
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		// A form is read here, whole, so that one over the limit is
		// answered as what it is (413), not later as a form without its
		// fields (which the editor took for a save conflict).
		if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			if err := r.ParseForm(); err != nil {
				s.tooLarge(w, r, err, limit)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses every state-changing request that a browser marks
// as coming from another origin (Sec-Fetch-Site / Origin), the stdlib's
// token-free CSRF protection.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "请求被拒绝：跨站提交的表单不被接受（CSRF 防护）。请在本站页面内操作。", http.StatusForbidden)
	}))
	return cop.Handler(next)
}

// session puts the user of a valid session cookie into the context.
func (s *Server) session(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			u, err := s.st.SessionUser(r.Context(), c.Value, s.cfg.Now())
			switch {
			case err == nil:
				r = r.WithContext(context.WithValue(r.Context(), userKey, u))
			case juesuan.ErrorCode(err) == juesuan.EUNAUTHORIZED:
				s.clearCookie(w, r)
			default:
				// The database is down: keep the cookie, the session is
				// still good once it is back.
				s.unavailable(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) secure(r *http.Request) bool { return s.cfg.Secure || r.TLS != nil }

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

// errStatus maps an application error to its HTTP status.
func errStatus(err error) int {
	switch juesuan.ErrorCode(err) {
	case juesuan.EINVALID:
		return http.StatusBadRequest
	case juesuan.ENOTFOUND:
		return http.StatusNotFound
	case juesuan.ECONFLICT:
		return http.StatusConflict
	case juesuan.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case juesuan.EFORBIDDEN:
		return http.StatusForbidden
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// errMessage is what a user is told: the application's Chinese message,
// never an internal error's text.
func errMessage(err error) string {
	var e *juesuan.Error
	if errors.As(err, &e) {
		return e.Message
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return "提交的内容过大"
	}
	return "服务器内部错误，请稍后再试"
}
