package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
)

func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t, web.Config{})
	base := e.current("900001").Current
	form := url.Values{"base": {itoa(base)}, "table": {"1"}, "v:1:1:1": {"1.00"}}
	cases := []struct {
		name   string
		hdr    map[string]string
		status int
	}{
		{"other origin", map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"same-site other port", map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"same origin", map[string]string{"Origin": e.srv.URL, "Sec-Fetch-Site": "same-origin"}, http.StatusOK},
	}
	for _, c := range cases {
		cl := e.as("filler")
		for k, v := range c.hdr {
			cl.hdr.Set(k, v)
		}
		res, body := cl.post(refURL+"/cells", form)
		if res.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d: %.200s", c.name, res.StatusCode, c.status, body)
		}
		if c.status == http.StatusForbidden && !strings.Contains(body, "跨站") {
			t.Errorf("%s: refusal does not explain itself: %q", c.name, body)
		}
	}
	// Only the same-origin save was written.
	if got := e.current("900001").Current; got != base+1 {
		t.Errorf("current version %d, want %d", got, base+1)
	}
	// A cross-site login form is refused too (login CSRF).
	cl := e.anon()
	cl.hdr.Set("Origin", "http://evil.example")
	if res, _ := cl.post("/login", url.Values{"name": {"filler"}, "password": {demo.Password}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin login: status %d", res.StatusCode)
	}
}

func TestScriptNamesEscaped(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	const evil = `<script>alert("x")</script>`
	if err := e.st.CreateUnit(ctx, &juesuan.Unit{Code: "666", Name: evil + "单位", Kind: juesuan.KindInstitution, Parent: demo.RootCode}, "test"); err != nil {
		t.Fatal(err)
	}
	hash, _ := store.HashPassword(demo.Password)
	if _, err := e.st.CreateUser(ctx, evil, hash, "test"); err != nil {
		t.Fatal(err)
	}
	if err := e.st.Grant(ctx, evil, juesuan.RoleFiller, "666", "test"); err != nil {
		t.Fatal(err)
	}
	cl := e.anon()
	if res, _ := cl.post("/login", url.Values{"name": {evil}, "password": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}
	if res, body := cl.post("/reports/666/2020/create", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, body)
	}
	for _, path := range []string{"/dashboard", "/reports/666/2020", "/reports/666/2020/history", "/reports/666/2020/document/html"} {
		res, body := cl.get(path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", path, res.StatusCode)
			continue
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("%s: unescaped <script> in the page", path)
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s: the escaped name is missing", path)
		}
	}
	// Documents carry a CSP without scripts, as a second line of defence.
	res, _ := cl.get("/reports/666/2020/document/html")
	if csp := res.Header.Get("Content-Security-Policy"); strings.Contains(csp, "script-src") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("document CSP %q allows scripts", csp)
	}
}

func TestLoginLockout(t *testing.T) {
	e := newEnv(t, web.Config{})
	cl := e.anon()
	login := func(pw string) (int, string) {
		res, body := cl.post("/login", url.Values{"name": {"filler"}, "password": {pw}})
		return res.StatusCode, body
	}
	for i := 1; i <= 4; i++ {
		if st, body := login("wrong-password"); st != http.StatusUnauthorized || !strings.Contains(body, "用户名或密码不正确") {
			t.Fatalf("wrong password %d: status %d", i, st)
		}
	}
	if st, body := login("wrong-password"); st != http.StatusTooManyRequests || !strings.Contains(body, "锁定") {
		t.Fatalf("5th wrong password: status %d, want 429 with a lock message", st)
	}
	// While locked even the right password is refused.
	if st, _ := login(demo.Password); st != http.StatusTooManyRequests {
		t.Fatalf("right password while locked: status %d, want 429", st)
	}
	// Other users are not affected.
	if st, _ := e.anon().post("/login", url.Values{"name": {"reviewer"}, "password": {demo.Password}}); st.StatusCode != http.StatusSeeOther {
		t.Errorf("another user locked out too: %d", st.StatusCode)
	}
	e.clock.Add(16 * time.Minute)
	if st, _ := login(demo.Password); st != http.StatusSeeOther {
		t.Fatalf("after the lock: status %d, want 303", st)
	}
	// The count starts again after a success.
	for i := 1; i <= 4; i++ {
		if st, _ := login("wrong-password"); st != http.StatusUnauthorized {
			t.Fatalf("after unlock, wrong password %d: status %d", i, st)
		}
	}
	if log, _ := e.st.AuditLog(context.Background(), 0); !hasAction(log, "user.lock") {
		t.Error("the lock is not in the audit log")
	}
}

func hasAction(log []*juesuan.AuditEntry, action string) bool {
	for _, l := range log {
		if l.Action == action {
			return true
		}
	}
	return false
}

func sessionCookie(t *testing.T, res *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range res.Cookies() {
		if c.Name == "juesuan_session" {
			return c
		}
	}
	t.Fatal("no session cookie set")
	return nil
}

func TestSessionCookie(t *testing.T) {
	for _, secure := range []bool{false, true} {
		e := newEnv(t, web.Config{Secure: secure})
		cl := e.anon()
		res, _ := cl.post("/login", url.Values{"name": {"filler"}, "password": {demo.Password}})
		c := sessionCookie(t, res)
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge <= 0 || c.Secure != secure {
			t.Errorf("secure=%v: cookie flags %+v", secure, c)
		}
		if len(c.Value) < 40 {
			t.Errorf("session token too short: %d", len(c.Value))
		}
		// Logging in again issues a new token (renewed at login).
		res2, _ := cl.post("/login", url.Values{"name": {"filler"}, "password": {demo.Password}})
		if res2.StatusCode != http.StatusSeeOther {
			// Already signed in users still get a fresh session.
			t.Fatalf("second login: %d", res2.StatusCode)
		}
		if c2 := sessionCookie(t, res2); c2.Value == c.Value {
			t.Error("the session token was not renewed at login")
		}
		// The old token is no longer valid.
		old := e.anon()
		old.hdr.Set("Cookie", "juesuan_session="+c.Value)
		if res, _ := old.get("/dashboard"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("old session still valid: %d", res.StatusCode)
		}
	}
}

func TestSessionExpiresAndLogout(t *testing.T) {
	e := newEnv(t, web.Config{SessionTTL: time.Hour})
	cl := e.as("filler")
	if res, _ := cl.get("/dashboard"); res.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d", res.StatusCode)
	}
	e.clock.Add(61 * time.Minute)
	if res, _ := cl.get("/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("expired session: status %d, want a redirect to the login", res.StatusCode)
	}
	cl = e.as("filler")
	cl.post("/logout", nil)
	if res, _ := cl.get("/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("after logout: status %d", res.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, web.Config{})
	res, _ := e.as("filler").get(refURL)
	h := res.Header
	for k, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Cache-Control":          "no-store",
	} {
		if h.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, h.Get(k), want)
		}
	}
	csp := h.Get("Content-Security-Policy")
	for _, part := range []string{"frame-ancestors 'none'", "script-src 'self'", "object-src 'none'"} {
		if !strings.Contains(csp, part) {
			t.Errorf("CSP %q lacks %s", csp, part)
		}
	}
	if strings.Contains(csp, "unsafe") {
		t.Errorf("page CSP allows unsafe sources: %q", csp)
	}
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t, web.Config{MaxBody: 1 << 10})
	big := url.Values{"base": {"1"}, "table": {"1"}, "pad": {strings.Repeat("x", 4<<10)}}
	if res, _ := e.as("filler").post(refURL+"/cells", big); res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d", res.StatusCode)
	}
}
