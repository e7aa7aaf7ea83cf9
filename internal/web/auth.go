package web

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
)

type loginPage struct {
	Name, Next, Error string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if userFrom(r.Context()) != nil {
		http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", "", page{Title: "登录", P: loginPage{Next: safeNext(r.URL.Query().Get("next"))}})
}

// safeNext keeps a post-login redirect on this site: a path that starts
// with one "/" and holds no backslash, space or control character
// (browsers drop tabs and newlines from a URL, so "/\t/evil.example"
// would become "//evil.example"), with no scheme or host when parsed.
func safeNext(n string) string {
	const home = "/dashboard"
	if !strings.HasPrefix(n, "/") || strings.HasPrefix(n, "//") {
		return home
	}
	for _, c := range n {
		if c <= ' ' || c == 0x7f || c == '\\' || unicode.IsSpace(c) || unicode.IsControl(c) {
			return home
		}
	}
	u, err := url.Parse(n)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return home
	}
	return n
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name := strings.TrimSpace(r.PostFormValue("name"))
	pw := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	again := func(status int, msg string) {
		s.render(w, r, status, "login", "", page{Title: "登录", P: loginPage{Name: name, Next: next, Error: msg}})
	}
	now := s.cfg.Now()
	addr := clientAddr(r)
	lim := store.LoginLimits{Max: s.cfg.MaxLoginFailures, PerAddr: s.cfg.MaxLoginFailuresPerAddr, Window: s.cfg.LockFor}
	// A locked login is refused before the password is even checked (and
	// before anything is written), so guessing goes no faster while
	// locked and a locked address adds no rows.
	if until, locked, err := s.st.LoginLockedUntil(ctx, name, addr, now); err != nil {
		s.fail(w, r, err)
		return
	} else if locked {
		again(http.StatusTooManyRequests, fmt.Sprintf("登录失败次数过多（同一用户名连续 %d 次，或同一地址 %d 次），已暂停从此地址登录，请于 %s 后再试", s.cfg.MaxLoginFailures, s.cfg.MaxLoginFailuresPerAddr, until.In(cst).Format("15:04")))
		return
	}
	u, err := s.st.Authenticate(ctx, name, pw)
	if err != nil {
		if juesuan.ErrorCode(err) != juesuan.EUNAUTHORIZED {
			s.fail(w, r, err)
			return
		}
		locked, err := s.st.RecordLoginFailure(ctx, name, addr, now, lim)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		short := juesuan.TruncateName(name)
		s.st.Record(ctx, short, "user.login.fail", "user/"+short, "密码错误，来自 "+addr)
		if locked {
			again(http.StatusTooManyRequests, fmt.Sprintf("登录失败次数过多，已暂停从此地址登录 %d 分钟", int(s.cfg.LockFor.Minutes())))
			return
		}
		again(http.StatusUnauthorized, "用户名或密码不正确")
		return
	}
	if err := s.st.ResetLoginFailures(ctx, name, addr); err != nil {
		s.fail(w, r, err)
		return
	}
	// A new token at every login: a session id planted before login is
	// never promoted (session fixation).
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.st.DeleteSession(ctx, c.Value)
	}
	tok, err := newToken()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	exp := now.Add(s.cfg.SessionTTL)
	if err := s.st.CreateSession(ctx, tok, u.Name, exp); err != nil {
		s.fail(w, r, err)
		return
	}
	s.st.Record(ctx, u.Name, "user.login", "user/"+u.Name, "")
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", Expires: exp, MaxAge: int(s.cfg.SessionTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.st.DeleteSession(r.Context(), c.Value)
	}
	if u := userFrom(r.Context()); u != nil {
		s.st.Record(r.Context(), u.Name, "user.logout", "user/"+u.Name, "")
	}
	s.clearCookie(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// clientAddr is the address failed logins are counted by: the peer's IP
// (a proxy in front should be configured to pass distinct peers; forwarded
// headers are not trusted, since anyone can set them).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
