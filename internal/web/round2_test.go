package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
)

// Issue 17, item 4: a next= that a browser turns into another site after
// the login (a tab or newline dropped, a backslash read as a slash) must
// land on the dashboard instead.
func TestLoginNextStaysOnSite(t *testing.T) {
	e := newEnv(t, web.Config{})
	for _, next := range []string{"/\t/evil.example/x", "/\n/evil.example/x", "/\r/evil.example", "/ /evil.example",
		"/\\evil.example", "/%09/evil.example/x", "//evil.example", "https://evil.example/", "/\x00/evil.example", "/\u00a0/evil.example"} {
		c := e.anon()
		res, _ := c.post("/login", url.Values{"name": {"filler"}, "password": {demo.Password}, "next": {next}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%q: status %d", next, res.StatusCode)
		}
		loc := res.Header.Get("Location")
		u, err := url.Parse(loc)
		if next == "/%09/evil.example/x" {
			// Escaped: stays a path on this site, harmless.
			if err != nil || u.Host != "" || u.Path == "" || u.Path[0] != '/' || (len(u.Path) > 1 && u.Path[1] == '/') {
				t.Errorf("%q: redirected to %q", next, loc)
			}
			continue
		}
		if loc != "/dashboard" {
			t.Errorf("%q: redirected to %q, want /dashboard", next, loc)
		}
	}
	c := e.anon()
	res, _ := c.post("/login", url.Values{"name": {"filler"}, "password": {demo.Password}, "next": {"/units/900001/2020?tab=2"}})
	if loc := res.Header.Get("Location"); loc != "/units/900001/2020?tab=2" {
		t.Errorf("an ordinary next: %q", loc)
	}
}

// Issue 17, item 2: a text over the limit is refused where it is typed,
// with the text shown again; one at the limit saves and every page that
// shows the report still answers.
func TestNarrativeTextLimit(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.as("filler")
	base := e.current("900001").Current
	marker := "这是标记文字"
	over := marker + strings.Repeat("x", juesuan.MaxTextRunes+1-len([]rune(marker)))
	res, body := c.post(refURL+"/narrative", url.Values{"base": {itoa(base)}, "functions": {over}, "composition": {"组成"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "100001 个字符") || !strings.Contains(body, marker) {
		t.Fatalf("over the limit: status %d, message or text missing: %.300s", res.StatusCode, body)
	}
	if got := e.current("900001").Current; got != base {
		t.Fatalf("a version was saved: %d", got)
	}
	// At the limit, in Chinese (9 bytes a character in the form): saved.
	at := strings.Repeat("职", juesuan.MaxTextRunes)
	res, _ = c.post(refURL+"/narrative", url.Values{"base": {itoa(base)}, "functions": {at}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("at the limit: status %d", res.StatusCode)
	}
	for _, p := range []string{refURL, refURL + "?t=narrative", "/dashboard", refURL + "/document/html"} {
		if res, _ := c.get(p); res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", p, res.StatusCode)
		}
	}
}

// Issue 17, item 8: a form over the body limit is answered 413 with what
// to do, not as a save conflict.
func TestOversizedFormIsNotAConflict(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.as("filler")
	base := e.current("900001").Current
	huge := strings.Repeat("职", 3<<20) // 9 MB of form
	for _, path := range []string{refURL + "/narrative", refURL + "/cells"} {
		res, body := c.post(path, url.Values{"base": {itoa(base)}, "table": {"1"}, "functions": {huge}})
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "提交的内容过大") || strings.Contains(body, "冲突") {
			t.Errorf("%s: status %d: %.300s", path, res.StatusCode, body)
		}
	}
	if got := e.current("900001").Current; got != base {
		t.Fatalf("a version was saved: %d", got)
	}
}
