package web_test

import (
	"net/http"
	"net/url"
	"testing"

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
