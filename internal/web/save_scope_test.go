package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/web"
)

// shownCells loads a stored version with its blank totals derived, as the
// editor shows it.
func shownCells(t *testing.T, e *env, unit string, version int) (map[juesuan.CellRef]juesuan.Amount, string) {
	t.Helper()
	r, v, err := e.st.LoadReport(context.Background(), juesuan.ReportKey{Unit: unit, Year: 2020, Scope: juesuan.ScopeOwn}, version)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := tpls.Load(juesuan.TemplateRef(r.Template, r.Year))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := audit.Check(tpl, r); err != nil {
		t.Fatal(err)
	}
	return r.Cells, v.Reason
}

var noteRefRE = regexp.MustCompile(`\((\d+:[^:()]+:\d+)\)`)

// TestSaveOneCell: saving one cell changes that cell and the totals
// computed from it, nothing else (the reference report's 表6 302 = 3.50
// disagrees with its items by rounding and must keep its printed value),
// and the version note names exactly the changed cells.
func TestSaveOneCell(t *testing.T) {
	e := newEnv(t, web.Config{})
	const unit, u = "900001", "/reports/900001/2020"
	filler := e.as("filler")
	base := e.current(unit).Current
	before, _ := shownCells(t, e, unit, base)
	res, body := filler.post(u+"/cells", url.Values{"base": {itoa(base)}, "table": {"1"}, "v:1:1:1": {"130"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "已保存第") {
		t.Fatalf("save: %d %.300s", res.StatusCode, body)
	}
	after, note := shownCells(t, e, unit, base+1)
	var changed []string
	for ref, v := range before {
		if w, ok := after[ref]; !ok || w != v {
			changed = append(changed, ref.String())
		}
	}
	for ref := range after {
		if _, ok := before[ref]; !ok {
			changed = append(changed, ref.String())
		}
	}
	sort.Strings(changed)
	// 1:1:1 is typed; 27 (本年收入合计) and 30 (总计) are the totals above it.
	want := []string{"1:1:1", "1:27:1", "1:30:1"}
	if strings.Join(changed, " ") != strings.Join(want, " ") {
		t.Errorf("changed cells %v, want %v", changed, want)
	}
	for _, ref := range []string{"6:302:1", "6:public:1"} {
		r, _ := juesuan.ParseCellRef(ref)
		if before[r] != after[r] {
			t.Errorf("%s changed from %s to %s", ref, before[r].Wan(), after[r].Wan())
		}
	}
	var named []string
	for _, m := range noteRefRE.FindAllStringSubmatch(note, -1) {
		named = append(named, m[1])
	}
	sort.Strings(named)
	if strings.Join(named, " ") != strings.Join(want, " ") {
		t.Errorf("version note names %v, want %v: %s", named, want, note)
	}
	t.Log(note)
	if !strings.Contains(note, "122.40 → 130.00") {
		t.Errorf("version note lacks the old and new value: %s", note)
	}
}

// TestFindingCellsGrouped: a finding about many cells names the first and
// how many, the links folded under it.
func TestFindingCellsGrouped(t *testing.T) {
	e := newEnv(t, web.Config{})
	_, page := e.as("filler").get(refURL + "?t=6")
	if !strings.Contains(page, "<summary>表6 302 商品和服务支出 等 8 个单元格</summary>") {
		t.Errorf("the 8 cells of the 表6 302 finding are not grouped")
	}
	if strings.Contains(page, "<code>T6.public-items</code>") {
		t.Error("a rule id is shown as the finding's name")
	}
}

// TestSaveUpdatesTabs: the error badges of the table tabs are sent again
// with every save, so they never go stale.
func TestSaveUpdatesTabs(t *testing.T) {
	e := newEnv(t, web.Config{})
	hx := e.as("filler")
	hx.hdr.Set("HX-Request", "true")
	base := e.current("900001").Current
	_, body := hx.post(refURL+"/cells", url.Values{"base": {itoa(base)}, "table": {"1"}, "v:1:1:1": {"130"}})
	tabs := grab(body, `<nav class="tabs" id="tabs" hx-swap-oob="true">`, "</nav>")
	if !strings.Contains(tabs, `?t=1" class="on">表1<span class="badge error">`) {
		t.Errorf("the tabs after a save that breaks 表1: %q", tabs)
	}
	_, body = hx.post(refURL+"/cells", url.Values{"base": {itoa(base + 1)}, "table": {"1"}, "v:1:1:1": {"122.40"}})
	if tabs := grab(body, `<nav class="tabs" id="tabs" hx-swap-oob="true">`, "</nav>"); strings.Contains(tabs, "badge error") || tabs == "" {
		t.Errorf("the tabs after the fix: %q", tabs)
	}
}
