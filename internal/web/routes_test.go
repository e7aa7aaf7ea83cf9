package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/juesuan/juesuan/internal/web"
)

// The demo tree: 900001 is the reference unit (草稿, filler's), 001001 is
// published, 001002 is filler2's draft, 002003 has no report.
const (
	refURL  = "/reports/900001/2020"
	pubURL  = "/reports/001001/2020"
	noneURL = "/reports/002003/2020"
)

var roles = []string{"", "filler", "reviewer", "filler2", "admin"} // "" = logged out

// TestRoutesByRole checks every route for every role: logged out,
// 填报人, 审核人, another unit's 填报人 and 管理员.
func TestRoutesByRole(t *testing.T) {
	e := newEnv(t, web.Config{})
	base := strconv.Itoa(e.current("900001").Current)
	_, css := e.anon().get("/login")
	cssURL := regexp.MustCompile(`/static/app\.[0-9a-f]+\.css`).FindString(css)
	if cssURL == "" {
		t.Fatal("no hashed stylesheet URL in the login page")
	}
	type want [5]int // by roles order: anon, filler, reviewer, filler2, admin
	const (
		ok, see, bad, unauth, forb, notf, conf, unproc = 200, 303, 400, 401, 403, 404, 409, 422
	)
	cases := []struct {
		method, path string
		form         url.Values
		want         want
	}{
		{"GET", "/", nil, want{ok, ok, ok, ok, ok}},
		{"GET", "/login", nil, want{ok, see, see, see, see}},
		{"GET", "/healthz", nil, want{ok, ok, ok, ok, ok}},
		{"GET", cssURL, nil, want{ok, ok, ok, ok, ok}},
		{"GET", "/static/app.css", nil, want{notf, notf, notf, notf, notf}},
		{"GET", "/nowhere", nil, want{notf, notf, notf, notf, notf}},
		{"GET", "/dashboard", nil, want{see, ok, ok, ok, ok}},
		{"GET", "/dashboard?filter=errors", nil, want{see, ok, ok, ok, ok}},
		{"GET", refURL, nil, want{see, ok, ok, forb, ok}},
		{"GET", refURL + "?t=6", nil, want{see, ok, ok, forb, ok}},
		{"GET", refURL + "?t=narrative", nil, want{see, ok, ok, forb, ok}},
		{"GET", refURL + "?t=perf", nil, want{see, ok, ok, forb, ok}},
		{"GET", pubURL, nil, want{ok, ok, ok, ok, ok}},
		{"GET", noneURL, nil, want{see, forb, ok, forb, ok}},
		{"GET", "/reports/nosuch/2020", nil, want{see, notf, notf, notf, notf}}, // the public cannot tell a missing unit (issue 17)
		{"GET", "/reports/900001/abc", nil, want{notf, notf, notf, notf, notf}},
		{"GET", refURL + "/history", nil, want{see, ok, ok, forb, ok}},
		{"GET", refURL + "/diff?a=1&b=1", nil, want{see, ok, ok, forb, ok}},
		{"GET", refURL + "/compare", nil, want{see, ok, ok, forb, ok}},
		{"GET", pubURL + "/history", nil, want{see, forb, ok, forb, ok}},
		{"GET", refURL + "/import", nil, want{see, ok, forb, forb, ok}},
		{"GET", refURL + "/document/html", nil, want{see, ok, ok, forb, ok}},
		{"GET", refURL + "/document/xlsx", nil, want{see, ok, ok, forb, ok}},
		{"GET", refURL + "/document/exe", nil, want{see, notf, notf, forb, notf}},
		{"GET", pubURL + "/document/html", nil, want{ok, ok, ok, ok, ok}},
		{"GET", pubURL + "/document/docx", nil, want{ok, ok, ok, ok, ok}},
		{"GET", "/units/900000/aggregate?year=2020", nil, want{see, forb, ok, forb, ok}},
		{"GET", "/units/001001/aggregate?year=2020&t=3", nil, want{see, forb, ok, forb, ok}},
		// State changes (each leaves the data as it was).
		{"POST", refURL + "/cells", url.Values{"base": {base}, "table": {"1"}}, want{unauth, ok, forb, forb, ok}},
		{"POST", refURL + "/cells", url.Values{"base": {"0"}, "table": {"1"}}, want{unauth, conf, forb, forb, conf}},
		{"POST", refURL + "/cells", url.Values{"base": {base}, "table": {"1"}, "v:1:1:1": {"abc"}}, want{unauth, bad, forb, forb, bad}},
		{"POST", refURL + "/explain", url.Values{"key": {"nope"}, "text": {"x"}}, want{unauth, notf, forb, forb, notf}},
		{"POST", refURL + "/move", url.Values{"to": {"已审核"}}, want{unauth, bad, bad, forb, bad}},
		{"POST", "/reports/001002/2020/move", url.Values{"to": {"已上报"}}, want{unauth, forb, forb, unproc, unproc}},
		{"POST", pubURL + "/move", url.Values{"to": {"已审核"}, "comment": {"x"}}, want{unauth, bad, bad, bad, bad}},
		{"POST", refURL + "/rows", url.Values{"base": {base}, "table": {"2"}, "code": {"12"}}, want{unauth, unproc, forb, forb, unproc}},
		{"POST", refURL + "/narrative", url.Values{"base": {"0"}}, want{unauth, conf, forb, forb, conf}},
		{"POST", refURL + "/import/save", url.Values{"token": {"x"}}, want{unauth, notf, forb, forb, notf}},
		{"POST", pubURL + "/cells", url.Values{"base": {"1"}, "table": {"1"}}, want{unauth, forb, forb, forb, forb}},
		{"POST", noneURL + "/create", nil, want{unauth, forb, forb, forb, see}},
		// 系统管理: only the 管理员; the posts are refused, so the data stays.
		{"GET", "/admin", nil, want{see, forb, forb, forb, see}},
		{"GET", "/admin/units", nil, want{see, forb, forb, forb, ok}},
		{"GET", "/admin/users", nil, want{see, forb, forb, forb, ok}},
		{"GET", "/admin/years", nil, want{see, forb, forb, forb, ok}},
		{"GET", "/admin/years/national/catalogs/function?q=201&page=2", nil, want{see, forb, forb, forb, ok}},
		{"GET", "/admin/years/national/catalogs/nope", nil, want{see, forb, forb, forb, notf}},
		{"GET", "/admin/years/1999/catalogs/function", nil, want{see, forb, forb, forb, notf}},
		{"POST", "/admin/units", url.Values{"code": {"900001"}, "name": {"x"}, "kind": {"事业单位"}, "parent": {"900000"}}, want{unauth, forb, forb, forb, conf}},
		{"POST", "/admin/units", url.Values{"code": {"990001"}, "name": {"x"}, "kind": {"事业单位"}, "parent": {"nosuch"}}, want{unauth, forb, forb, forb, notf}},
		{"POST", "/admin/units/move", url.Values{"unit": {"900000"}, "parent": {"900001"}}, want{unauth, forb, forb, forb, bad}},
		{"POST", "/admin/users", url.Values{"name": {"newbie"}, "password": {"short"}, "password2": {"short"}}, want{unauth, forb, forb, forb, bad}},
		{"POST", "/admin/users/passwd", url.Values{"user": {"nosuch"}, "password": {"long-enough-1"}, "password2": {"long-enough-1"}}, want{unauth, forb, forb, forb, notf}},
		{"POST", "/admin/users/grant", url.Values{"user": {"filler"}, "role": {"超级"}, "unit": {"900000"}}, want{unauth, forb, forb, forb, bad}},
		{"POST", "/admin/users/revoke", url.Values{"user": {"admin"}, "role": {"管理员"}, "unit": {"900000"}}, want{unauth, forb, forb, forb, forb}},
		{"POST", "/logout", nil, want{see, see, see, see, see}},
	}
	clients := make([]*client, len(roles))
	for i, role := range roles {
		clients[i] = e.as(role)
	}
	for _, c := range cases {
		for i, role := range roles {
			cl := clients[i]
			var res *http.Response
			var body string
			if c.method == "GET" {
				res, body = cl.get(c.path)
			} else {
				res, body = cl.post(c.path, c.form)
			}
			if res.StatusCode != c.want[i] {
				who := role
				if who == "" {
					who = "未登录"
				}
				t.Errorf("%s %s as %s: status %d, want %d\n%.300s", c.method, c.path, who, res.StatusCode, c.want[i], body)
			}
		}
	}
}
