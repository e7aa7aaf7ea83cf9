package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/api"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
	"github.com/juesuan/juesuan/internal/yearspec"
)

const example = "../../examples/wuhan-zhigong-2020.yaml"

var ctx = context.Background()

type fixture struct {
	st     *store.Store
	h      http.Handler
	tokens map[string]string // user → token
	body   string            // the example report file
}

// setup builds 部门 D with units A and B, a draft report for each, and a
// user per role on A plus an administrator of D.
func setup(t *testing.T, dialect string) *fixture {
	t.Helper()
	st := storetest.Open(t, dialect)
	for _, u := range []juesuan.Unit{{Code: "D", Name: "部门"}, {Code: "A", Name: "甲单位", Parent: "D"}, {Code: "B", Name: "乙单位", Parent: "D"}} {
		u.Kind = juesuan.KindInstitution
		if err := st.CreateUnit(ctx, &u, "setup"); err != nil {
			t.Fatal(err)
		}
	}
	r, _, err := reportfile.ReadFile(example, yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"A", "B"} {
		if _, err := st.SaveReport(ctx, juesuan.ReportKey{Unit: c, Year: 2020}, 0, r, "setup", "录入"); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{st: st, h: api.NewHandler(st, api.Options{}), tokens: map[string]string{}}
	grants := map[string]juesuan.Grant{
		"fillerA":   {Role: juesuan.RoleFiller, Unit: "A"},
		"reviewerA": {Role: juesuan.RoleReviewer, Unit: "A"},
		"adminA":    {Role: juesuan.RoleAdmin, Unit: "A"},
		"adminD":    {Role: juesuan.RoleAdmin, Unit: "D"},
	}
	for name, g := range grants {
		if _, err := st.CreateUser(ctx, name, "x", "setup"); err != nil {
			t.Fatal(err)
		}
		if err := st.Grant(ctx, name, g.Role, g.Unit, "setup"); err != nil {
			t.Fatal(err)
		}
		tok, err := st.CreateToken(ctx, name, "test", "setup")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[name] = tok
	}
	b, _ := os.ReadFile(example)
	f.body = string(b)
	return f
}

func (f *fixture) do(t *testing.T, user, method, path, body string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[user])
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req)
	return w
}

type endpoint struct {
	method, path, body string
	hdr                map[string]string
}

// endpointsOn lists every endpoint aimed at unit u's 2020 report.
func endpointsOn(u, other, reportBody string) []endpoint {
	p := "/api/v1/reports/" + u + "/2020"
	return []endpoint{
		{"GET", "/api/v1/units/" + u, "", nil},
		{"POST", "/api/v1/units", `{"code":"` + u + `9","name":"新单位","kind":"事业单位","parent":"` + u + `"}`, nil},
		{"GET", p, "", nil},
		{"PUT", p, reportBody, map[string]string{"If-Match": "1"}},
		{"GET", p + "/findings", "", nil},
		{"GET", p + "/document", "", nil},
		{"GET", p + "/versions", "", nil},
		{"GET", p + "/versions/1", "", nil},
		{"GET", p + "/review", "", nil},
		{"POST", p + "/review", `{"to":"已上报","comment":"请审核"}`, nil},
		{"GET", "/api/v1/aggregate/" + u + "/2020", "", nil},
		{"GET", "/api/v1/aggregate/" + other + "/2020?units=" + u, "", nil},
	}
}

// A user of unit A cannot read or change unit B's unpublished report:
// every endpoint × every role.
func TestAccessAcrossUnits(t *testing.T) {
	f := setup(t, "sqlite")
	for _, user := range []string{"", "fillerA", "reviewerA", "adminA"} {
		for _, e := range endpointsOn("B", "A", f.body) {
			w := f.do(t, user, e.method, e.path, e.body, e.hdr)
			want := http.StatusForbidden
			if user == "" {
				want = http.StatusUnauthorized
			}
			if w.Code != want {
				t.Errorf("%q %s %s: %d, want %d: %s", user, e.method, e.path, w.Code, want, w.Body)
			}
		}
	}
	// Nothing of B changed.
	if info, _ := f.st.ReportInfo(ctx, juesuan.ReportKey{Unit: "B", Year: 2020}); info.Current != 1 || info.State != juesuan.StateDraft {
		t.Fatalf("B changed: %+v", info)
	}
	if _, err := f.st.Unit(ctx, "B9"); juesuan.ErrorCode(err) != juesuan.ENOTFOUND {
		t.Fatalf("unit created under B: %v", err)
	}
	// The unit list of an A user does not show B.
	w := f.do(t, "fillerA", "GET", "/api/v1/units", "", nil)
	if w.Code != 200 || strings.Contains(w.Body.String(), `"B"`) || !strings.Contains(w.Body.String(), `"A"`) {
		t.Errorf("unit list: %d %s", w.Code, w.Body)
	}
	if w := f.do(t, "", "GET", "/api/v1/units", "", nil); w.Code != 401 {
		t.Errorf("anonymous unit list: %d", w.Code)
	}
}

// The same endpoints on the user's own unit: what each role may do.
func TestAccessOwnUnit(t *testing.T) {
	// status by endpoint index (see endpointsOn) for each role on A.
	want := map[string][]int{
		"fillerA":   {200, 403, 200, 201, 200, 501, 200, 200, 200, 200, 403, 403}, // 汇总: 审核人 or 管理员 (issue 17)
		"reviewerA": {200, 403, 200, 403, 200, 501, 200, 200, 200, 403, 200, 403},
		"adminA":    {200, 201, 200, 201, 200, 501, 200, 200, 200, 200, 200, 403},
		"adminD":    {200, 201, 200, 201, 200, 501, 200, 200, 200, 200, 200, 200},
	}
	for _, user := range []string{"fillerA", "reviewerA", "adminA", "adminD"} {
		f := setup(t, "sqlite")
		for i, e := range endpointsOn("A", "D", f.body) {
			w := f.do(t, user, e.method, e.path, e.body, e.hdr)
			if w.Code != want[user][i] {
				t.Errorf("%s %s %s: %d, want %d: %s", user, e.method, e.path, w.Code, want[user][i], w.Body)
			}
		}
	}
}

// Published reports are public; drafts are not.
func TestPublishedIsPublic(t *testing.T) {
	f := setup(t, "sqlite")
	p := "/api/v1/reports/B/2020"
	if w := f.do(t, "", "GET", p, "", nil); w.Code != 401 {
		t.Fatalf("draft to public: %d", w.Code)
	}
	for _, to := range []string{"已上报", "已审核", "已公开"} {
		if w := f.do(t, "adminD", "POST", p+"/review", `{"to":"`+to+`"}`, nil); w.Code != 200 {
			t.Fatalf("move to %s: %d %s", to, w.Code, w.Body)
		}
	}
	for _, user := range []string{"", "fillerA"} {
		w := f.do(t, user, "GET", p, "", nil)
		if w.Code != 200 {
			t.Fatalf("%q published report: %d %s", user, w.Code, w.Body)
		}
		var rep struct {
			State string           `json:"state"`
			Cells map[string]int64 `json:"cells"`
		}
		json.Unmarshal(w.Body.Bytes(), &rep)
		if rep.State != "已公开" || rep.Cells["1:30:1"] != 122400000 {
			t.Errorf("published report: %s %v", rep.State, rep.Cells["1:30:1"])
		}
		if w := f.do(t, user, "GET", p+"/findings", "", nil); w.Code != 200 {
			t.Errorf("%q published findings: %d", user, w.Code)
		}
	}
	// History and older versions stay internal.
	if w := f.do(t, "", "GET", p+"/versions", "", nil); w.Code != 401 {
		t.Errorf("public versions: %d", w.Code)
	}
	if w := f.do(t, "fillerA", "GET", p+"/versions", "", nil); w.Code != 403 {
		t.Errorf("A's versions of B: %d", w.Code)
	}
	if w := f.do(t, "bogus", "GET", p, "", nil); w.Code != 401 {
		t.Errorf("bad token: %d", w.Code)
	}
}

func TestConflictOverAPI(t *testing.T) {
	f := setup(t, "sqlite")
	p := "/api/v1/reports/A/2020"
	h := map[string]string{"If-Match": "1"}
	if w := f.do(t, "fillerA", "PUT", p, f.body, h); w.Code != 201 {
		t.Fatalf("first save: %d %s", w.Code, w.Body)
	}
	if w := f.do(t, "fillerA", "PUT", p, f.body, h); w.Code != 409 {
		t.Fatalf("stale save: %d %s", w.Code, w.Body)
	}
	if w := f.do(t, "fillerA", "PUT", p, "format: nope\n", map[string]string{"If-Match": "2"}); w.Code != 400 {
		t.Fatalf("bad body: %d %s", w.Code, w.Body)
	}
}
