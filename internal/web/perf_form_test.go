package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/web"
)

// TestPerfSheetsEntered: both 绩效自评 sheets are entered on the web —
// added, goals and indicators added and removed, scores declared — and
// the computed score is shown beside them, live before saving.
func TestPerfSheetsEntered(t *testing.T) {
	e := newEnv(t, web.Config{})
	admin := e.as("admin")
	const u, unit = "/reports/002003/2020", "002003" // no report in the demo
	if res, _ := admin.post(u+"/create", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	base := func() string { return itoa(e.current(unit).Current) }
	if _, page := admin.get(u + "?t=perf"); !strings.Contains(page, "本报表还没有绩效自评表") || !strings.Contains(page, `id="add-sheet-project"`) {
		t.Fatal("an empty report offers no way to add a 绩效自评表")
	}
	for _, kind := range []string{"部门整体", "项目"} {
		_, page := admin.get(u + "?t=perf")
		form := formValues(page, "perf-form")
		form.Set("base", base())
		form.Set("op", "add-sheet:"+kind)
		if res, body := admin.post(u+"/perf", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add %s: %d %.300s", kind, res.StatusCode, body)
		}
	}
	_, page := admin.get(u + "?t=perf")
	form := formValues(page, "perf-form")
	form.Set("base", base())
	set := map[string]string{
		"s0.adjusted": "100", "s0.executed": "90", "s0.declared": "18", "s0.g0.title": "履职效能", "s0.g0.weight": "80",
		"s0.g0.text": "完成年度职工服务任务", "s0.g0.i0.name": "服务职工人次", "s0.g0.i0.weight": "80", "s0.g0.i0.target": "≥1000人次",
		"s0.g0.i0.actual": "1200人次", "s0.g0.i0.declared": "80", "s0.total": "98",
		"s1.project": "职工帮扶项目", "s1.adjusted": "20", "s1.executed": "20", "s1.declared": "10", "s1.g0.title": "项目目标", "s1.g0.weight": "90",
		"s1.g0.i0.name": "帮扶人数", "s1.g0.i0.weight": "90", "s1.g0.i0.target": "≥50人", "s1.g0.i0.actual": "40人", "s1.g0.i0.declared": "90",
	}
	for k, v := range set {
		form.Set(k, v)
	}
	// Live: the computed score before saving.
	hx := e.as("admin")
	hx.hdr.Set("HX-Request", "true")
	res, body := hx.post(u+"/perf/score", form)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="score-s1" hx-swap-oob="true">`) {
		t.Fatalf("live score: %d %.300s", res.StatusCode, body)
	}
	live := grab(body, `id="iscore-s1-g0-i0" hx-swap-oob="true">`, "<")
	if live == "" || live == "90" {
		t.Errorf("live computed score of an indicator at 80%% of its target: %q", live)
	}
	// A bad score is refused with the place, keeping what was typed.
	form.Set("s1.g0.i0.declared", "九十")
	if res, body := admin.post(u+"/perf", form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "第 2 张绩效自评表年度目标 1第 1 个指标（帮扶人数）得分") || !strings.Contains(body, `value="九十"`) {
		t.Fatalf("bad score: %d", res.StatusCode)
	}
	form.Set("s1.g0.i0.declared", "90")
	form.Set("op", "add-ind:1.0")
	if res, body := admin.post(u+"/perf", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save with an added indicator: %d %.300s", res.StatusCode, body)
	}
	r, _, err := e.st.LoadReport(context.Background(), juesuan.ReportKey{Unit: unit, Year: 2020, Scope: juesuan.ScopeOwn}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.PerfSheets) != 2 || r.PerfSheets[0].Kind != "部门整体" || r.PerfSheets[1].Kind != "项目" || r.PerfSheets[1].Project != "职工帮扶项目" {
		t.Fatalf("sheets: %+v", r.PerfSheets)
	}
	if n := len(r.PerfSheets[1].Goals[0].Indicators); n != 2 {
		t.Errorf("indicators after adding one: %d", n)
	}
	if d := r.PerfSheets[0].Goals[0].Indicators[0].Declared; d == nil || d.String() != "80" {
		t.Errorf("declared score: %v", d)
	}
	_, page = admin.get(u + "?t=perf")
	if got := grab(page, `id="iscore-s1-g0-i0">`, "<"); got != live {
		t.Errorf("computed score on the page %q, live %q", got, live)
	}
	// Removing the added indicator.
	form = formValues(page, "perf-form")
	form.Set("base", base())
	form.Set("s1.g0.i1.del", "1")
	if res, _ := admin.post(u+"/perf", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	r, _, _ = e.st.LoadReport(context.Background(), juesuan.ReportKey{Unit: unit, Year: 2020, Scope: juesuan.ScopeOwn}, 0)
	if n := len(r.PerfSheets[1].Goals[0].Indicators); n != 1 {
		t.Errorf("indicators after removing one: %d", n)
	}
}

var (
	inputRE    = regexp.MustCompile(`<input([^>]*)>`)
	attrRE     = regexp.MustCompile(`(\w+)="([^"]*)"`)
	textareaRE = regexp.MustCompile(`(?s)<textarea name="([^"]+)"[^>]*>(.*?)</textarea>`)
)

// formValues reads the fields of the form with the given id as a browser
// would submit them (without the buttons).
func formValues(page, id string) url.Values {
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		return url.Values{}
	}
	body := page[i:]
	if j := strings.Index(body, "</form>"); j >= 0 {
		body = body[:j]
	}
	v := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(body, -1) {
		attrs := map[string]string{}
		for _, a := range attrRE.FindAllStringSubmatch(m[1], -1) {
			attrs[a[1]] = html.UnescapeString(a[2])
		}
		if attrs["name"] == "" || attrs["type"] == "checkbox" && !strings.Contains(m[1], " checked") {
			continue
		}
		v.Add(attrs["name"], attrs["value"])
	}
	for _, m := range textareaRE.FindAllStringSubmatch(body, -1) {
		v.Add(m[1], html.UnescapeString(m[2]))
	}
	return v
}
