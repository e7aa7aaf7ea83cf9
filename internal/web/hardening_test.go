package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/api"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
)

// stateChanging is every route that changes data, the API's included.
var stateChanging = []struct{ method, path string }{
	{"POST", "/login"}, {"POST", "/logout"},
	{"POST", refURL + "/create"}, {"POST", refURL + "/cells"}, {"POST", refURL + "/rows"},
	{"POST", refURL + "/narrative"}, {"POST", refURL + "/explain"}, {"POST", refURL + "/move"},
	{"POST", refURL + "/import"}, {"POST", refURL + "/import/save"},
	{"POST", "/api/v1/units"}, {"PUT", "/api/v1" + refURL}, {"POST", "/api/v1" + refURL + "/review"},
}

// A request another site makes the browser send (with the user's cookie)
// is refused on every state-changing route, before any handler runs, and
// writes nothing.
func TestCrossOriginRefusedOnEveryRoute(t *testing.T) {
	e := newEnv(t, web.Config{API: api.NewHandler(nil, api.Options{})})
	before, _ := e.st.AuditLog(context.Background(), 0)
	for _, r := range stateChanging {
		for _, h := range []map[string]string{{"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}} {
			cl := e.as("admin")
			for k, v := range h {
				cl.hdr.Set(k, v)
			}
			res, body := cl.do(r.method, r.path, strings.NewReader("to=已上报&base=1&table=1"), "application/x-www-form-urlencoded")
			if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "跨站") {
				t.Errorf("%s %s with %v: status %d %.120s", r.method, r.path, h, res.StatusCode, body)
			}
		}
	}
	after, _ := e.st.AuditLog(context.Background(), 0)
	// Only the logins of the test clients themselves were recorded.
	for _, l := range after[:len(after)-len(before)] {
		if l.Action != "user.login" {
			t.Errorf("a refused request left an audit entry: %+v", l)
		}
	}
}

// A session id planted before login (session fixation) is not promoted:
// login issues a new one and the planted id stays anonymous.
func TestSessionFixation(t *testing.T) {
	e := newEnv(t, web.Config{})
	planted := "attacker-chosen-session-id-0123456789abcdefghijk"
	cl := e.anon()
	cl.hdr.Set("Cookie", "juesuan_session="+planted)
	res, _ := cl.post("/login", url.Values{"name": {"filler"}, "password": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}
	if c := sessionCookie(t, res); c.Value == planted {
		t.Fatal("the planted session id was kept at login")
	}
	attacker := e.anon()
	attacker.hdr.Set("Cookie", "juesuan_session="+planted)
	if res, _ := attacker.get("/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the planted id opens the dashboard: %d", res.StatusCode)
	}
	// The same for a real but older session of another user.
	other := e.as("reviewer")
	var old string
	for _, c := range other.c.Jar.Cookies(mustURL(e.srv.URL)) {
		old = c.Value
	}
	other.post("/login", url.Values{"name": {"filler"}, "password": {demo.Password}})
	stale := e.anon()
	stale.hdr.Set("Cookie", "juesuan_session="+old)
	if res, _ := stale.get("/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the session before a new login still works: %d", res.StatusCode)
	}
}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

// Every response carries the security headers: pages, static files,
// redirects, errors (404, 405, 413, 403 CSRF, 503 busy) and the API.
func TestSecureHeadersEverywhere(t *testing.T) {
	e := newEnv(t, web.Config{MaxBody: 1 << 10, API: api.NewHandler(nil, api.Options{})})
	_, login := e.anon().get("/login")
	css := regexp.MustCompile(`/static/app\.[0-9a-f]+\.css`).FindString(login)
	evil := e.as("filler")
	evil.hdr.Set("Origin", "http://evil.example")
	checks := []struct {
		name string
		do   func() *http.Response
	}{
		{"page", func() *http.Response { r, _ := e.anon().get("/"); return r }},
		{"static", func() *http.Response { r, _ := e.anon().get(css); return r }},
		{"redirect", func() *http.Response { r, _ := e.anon().get("/dashboard"); return r }},
		{"404", func() *http.Response { r, _ := e.anon().get("/nowhere"); return r }},
		{"404 static", func() *http.Response { r, _ := e.anon().get("/static/nope.js"); return r }},
		{"405", func() *http.Response { r, _ := e.anon().do("DELETE", "/login", nil, ""); return r }},
		{"413", func() *http.Response {
			r, _ := e.as("filler").post(refURL+"/cells", url.Values{"pad": {strings.Repeat("x", 4<<10)}})
			return r
		}},
		{"403 csrf", func() *http.Response { r, _ := evil.post(refURL+"/cells", url.Values{}); return r }},
		{"api 401", func() *http.Response { r, _ := e.anon().get("/api/v1/me"); return r }},
		{"document", func() *http.Response { r, _ := e.anon().get(pubURL + "/document/html"); return r }},
	}
	for _, c := range checks {
		h := c.do().Header
		if h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors") ||
			h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", c.name, h)
		}
	}
}

// Every state change leaves an audit entry naming who did it: logins
// (success, failure, lock), logout, saves, explanations, review moves,
// report creation, units, users, grants and tokens.
func TestAuditLogComplete(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	step := func(what, action, actor string, f func()) {
		t.Helper()
		before, _ := e.st.AuditLog(ctx, 0)
		f()
		after, _ := e.st.AuditLog(ctx, 0)
		for _, l := range after[:len(after)-len(before)] {
			if l.Action == action && l.Actor == actor {
				return
			}
		}
		t.Errorf("%s: no %s entry by %s among %d new entries", what, action, actor, len(after)-len(before))
	}
	var filler *client
	step("login", "user.login", "filler", func() { filler = e.as("filler") })
	step("wrong password", "user.login.fail", "reviewer", func() {
		e.anon().post("/login", url.Values{"name": {"reviewer"}, "password": {"wrong-password"}})
	})
	step("lockout", "user.lock", "filler2", func() {
		for i := 0; i < 5; i++ {
			e.anon().post("/login", url.Values{"name": {"filler2"}, "password": {"wrong-password"}})
		}
	})
	base := e.current("900001").Current
	step("save", "report.save", "filler", func() {
		filler.post(refURL+"/cells", url.Values{"base": {itoa(base)}, "table": {"1"}, "v:1:4:1": {"1.00"}})
	})
	admin := e.as("admin")
	step("create report", "report.save", "admin", func() { admin.post(noneURL+"/create", nil) })
	step("review move", "review.move", "admin", func() {
		admin.post(noneURL+"/move", url.Values{"to": {"已上报"}})
		admin.post(pubURL+"/move", url.Values{"to": {"已退回"}, "comment": {"复核"}})
	})
	step("logout", "user.logout", "filler", func() { filler.post("/logout", nil) })
	step("unit create", "unit.create", "admin", func() {
		e.st.CreateUnit(ctx, &juesuan.Unit{Code: "777", Name: "审计测试单位", Kind: juesuan.KindInstitution}, "admin")
	})
	step("unit move", "unit.move", "admin", func() { e.st.MoveUnit(ctx, "777", demo.RootCode, "admin") })
	step("user create", "user.create", "admin", func() { e.st.CreateUser(ctx, "auditee", "x", "admin") })
	step("password", "user.passwd", "admin", func() { e.st.SetPassword(ctx, "auditee", "x", "admin") })
	step("grant", "user.grant", "admin", func() { e.st.Grant(ctx, "auditee", juesuan.RoleFiller, "777", "admin") })
	step("token", "token.create", "admin", func() { e.st.CreateToken(ctx, "auditee", "t", "admin") })
}
