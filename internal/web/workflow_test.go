package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/web"
)

var keyRE = regexp.MustCompile(`name="key" value="([^"]+)"`)

// errorKeys returns the finding keys of the error findings on a report page.
func errorKeys(body string) []string {
	var keys []string
	for _, chunk := range strings.Split(body, `<li class="finding `)[1:] {
		if strings.HasPrefix(chunk, "error") {
			if m := keyRE.FindStringSubmatch(chunk); m != nil {
				keys = append(keys, m[1])
			}
		}
	}
	return keys
}

func TestWorkflow(t *testing.T) {
	e := newEnv(t, web.Config{})
	const u = "/reports/001002/2020"
	filler, reviewer, anon := e.as("filler2"), e.as("reviewer"), e.anon()
	state := func() juesuan.ReviewState { return e.current("001002").State }

	// Submit is refused while a 强制 finding stands: the generated fault
	// (表5 20113 第1栏 raised by 22.00) breaks a table identity, which no
	// 出错说明 can excuse.
	res, body := filler.post(u+"/move", url.Values{"to": {"已上报"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "强制审核错误") {
		t.Fatalf("submit with a 强制 error: %d", res.StatusCode)
	}
	// The given total keeps its printed value, shows the computed one beside
	// it and can be corrected.
	_, page := filler.get(u + "?t=5")
	m := regexp.MustCompile(`name="v:5:20113:1" value="([0-9.]+)"[^>]*><small class="calc">计算数 ([0-9.]+)</small>`).FindStringSubmatch(page)
	if m == nil || m[1] == m[2] {
		t.Fatalf("表5 20113 is not shown as a given total beside its computed value")
	}
	if res, body := filler.post(u+"/cells", url.Values{"base": {itoa(e.current("001002").Current)}, "table": {"5"}, "v:5:20113:1": {m[2]}}); res.StatusCode != http.StatusOK || !strings.Contains(body, "已保存第") {
		t.Fatalf("correcting the total: %d %.300s", res.StatusCode, body)
	}
	// What errors remain are not 强制: each needs a 出错说明.
	_, page = filler.get(u)
	if strings.Contains(page, `badge mandatory`) {
		t.Fatal("a 强制 finding is left after the correction")
	}
	keys := errorKeys(page)
	for i, k := range keys {
		hx := e.as("filler2")
		hx.hdr.Set("HX-Request", "true")
		res, body := hx.post(u+"/explain", url.Values{"key": {k}, "text": {"经核实，该数据按财政批复填列，无误。"}})
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "更新说明") {
			t.Fatalf("explain %d: %d %.300s", i, res.StatusCode, body)
		}
		if i < len(keys)-1 {
			if res, _ := filler.post(u+"/move", url.Values{"to": {"已上报"}}); res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("submit with %d of %d errors explained: %d", i+1, len(keys), res.StatusCode)
			}
		}
	}
	if res, _ := filler.post(u+"/move", url.Values{"to": {"已上报"}}); res.StatusCode != http.StatusSeeOther || state() != juesuan.StateSubmitted {
		t.Fatalf("submit: %d, state %s", res.StatusCode, state())
	}
	// The filler cannot change a submitted report.
	if res, _ := filler.post(u+"/cells", url.Values{"base": {itoa(e.current("001002").Current)}, "table": {"1"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("save while submitted: %d", res.StatusCode)
	}
	// Return needs a comment.
	if res, body := reviewer.post(u+"/move", url.Values{"to": {"已退回"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "退回意见") {
		t.Fatalf("return without a comment: %d", res.StatusCode)
	}
	if res, _ := reviewer.post(u+"/move", url.Values{"to": {"已退回"}, "comment": {"表3 项目支出请核对"}}); res.StatusCode != http.StatusSeeOther || state() != juesuan.StateReturned {
		t.Fatalf("return: %d, state %s", res.StatusCode, state())
	}
	// The filler fixes a cell and resubmits.
	base := e.current("001002").Current
	if res, body := filler.post(u+"/cells", url.Values{"base": {itoa(base)}, "table": {"7"}, "v:7:1:2": {"0.37"}}); res.StatusCode != http.StatusOK || !strings.Contains(body, "已保存第") {
		t.Fatalf("save after return: %d %q", res.StatusCode, body)
	}
	if res, _ := filler.post(u+"/move", url.Values{"to": {"已上报"}}); res.StatusCode != http.StatusSeeOther {
		_, page := filler.get(u)
		t.Fatalf("resubmit: %d (unexplained: %v)", res.StatusCode, errorKeys(page))
	}
	// The reviewer approves: the version is locked.
	if res, _ := reviewer.post(u+"/move", url.Values{"to": {"已审核"}}); res.StatusCode != http.StatusSeeOther || state() != juesuan.StateApproved {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	if res, _ := filler.post(u+"/cells", url.Values{"base": {itoa(e.current("001002").Current)}, "table": {"1"}, "v:1:1:1": {"1.00"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("save after approval: %d, want 403", res.StatusCode)
	}
	// Not public before publication; public after.
	if _, body := anon.get("/"); strings.Contains(body, "001002") {
		t.Error("an approved but unpublished report is on the public page")
	}
	if res, _ := reviewer.post(u+"/move", url.Values{"to": {"已公开"}}); res.StatusCode != http.StatusSeeOther || state() != juesuan.StatePublished {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if _, body := anon.get("/"); !strings.Contains(body, "/reports/001002/2020") {
		t.Error("the published report is not on the public page")
	}
	if res, body := anon.get(u); res.StatusCode != http.StatusOK || strings.Contains(body, "审核结果") {
		t.Errorf("public report page: %d (internal findings shown: %v)", res.StatusCode, strings.Contains(body, "审核结果"))
	}
	// Every transition is in the history, with the return comment.
	hist, err := e.st.ReviewHistory(context.Background(), juesuan.ReportKey{Unit: "001002", Year: 2020})
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, h := range hist {
		steps = append(steps, string(h.From)+"→"+string(h.To)+h.Comment)
	}
	want := "草稿→已上报 已上报→已退回表3 项目支出请核对 已退回→已上报 已上报→已审核 已审核→已公开"
	if got := strings.Join(steps, " "); got != want {
		t.Errorf("history:\n got %s\nwant %s", got, want)
	}
	if _, body := reviewer.get(u + "/history"); !strings.Contains(body, "表3 项目支出请核对") {
		t.Error("the history page does not show the return comment")
	}
}

func TestConflictNeverOverwrites(t *testing.T) {
	e := newEnv(t, web.Config{})
	a, b := e.as("filler"), e.as("admin")
	a.hdr.Set("HX-Request", "true")
	b.hdr.Set("HX-Request", "true")
	base := e.current("900001").Current
	res, body := a.post(refURL+"/cells", url.Values{"base": {itoa(base)}, "table": {"1"}, "v:1:1:1": {"130"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("first save: %d %s", res.StatusCode, body)
	}
	// The totals are recomputed on the server and sent back.
	for _, want := range []string{`id="c-1-27-1" hx-swap-oob="true">130.00<`, `id="c-1-30-1" hx-swap-oob="true">130.00<`, "T1.balance"} {
		if !strings.Contains(body, want) {
			t.Errorf("save response lacks %s", want)
		}
	}
	res, body = b.post(refURL+"/cells", url.Values{"base": {itoa(base)}, "table": {"1"}, "v:1:2:1": {"5.00"}})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second save from the same base: status %d, want 409", res.StatusCode)
	}
	diff := "/reports/900001/2020/diff?a=" + itoa(base) + "&amp;b=" + itoa(base+1)
	for _, want := range []string{"保存冲突", "filler", "没有保存", "查看对方的修改", diff} {
		if !strings.Contains(body, want) {
			t.Errorf("conflict message lacks %q:\n%s", want, body)
		}
	}
	in := e.current("900001")
	if in.Current != base+1 {
		t.Errorf("current version %d, want %d", in.Current, base+1)
	}
	cells, err := e.st.VersionCells(context.Background(), in.Key, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v := cells[juesuan.CellRef{Table: 1, Row: "1", Col: "1"}]; v != 130*juesuan.Wanyuan {
		t.Errorf("1:1:1 = %s, want 130.00", v.Wan())
	}
	if _, ok := cells[juesuan.CellRef{Table: 1, Row: "2", Col: "1"}]; ok {
		t.Error("the refused save was written")
	}
	// The link shows the other change.
	b.hdr.Del("HX-Request")
	res, body = b.get(strings.ReplaceAll(diff, "&amp;", "&"))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "130.00") || !strings.Contains(body, "122.40") {
		t.Errorf("diff page: %d", res.StatusCode)
	}
}

func TestTotalsAreNotEditable(t *testing.T) {
	e := newEnv(t, web.Config{})
	a := e.as("filler")
	base := e.current("900001").Current
	// A total posted by a (tampered) browser is ignored: totals are computed.
	res, body := a.post(refURL+"/cells", url.Values{"base": {itoa(base)}, "table": {"1"}, "v:1:27:1": {"999.00"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "没有修改") {
		t.Fatalf("posting a total: %d %.200s", res.StatusCode, body)
	}
	if e.current("900001").Current != base {
		t.Error("a posted total created a version")
	}
	_, page := a.get(refURL + "?t=1")
	if strings.Contains(page, `name="v:1:27:1"`) || !strings.Contains(page, `<span class="computed" id="c-1-27-1">122.40</span>`) {
		t.Error("the total 1:27:1 is not shown read-only")
	}
	if !strings.Contains(page, `name="v:1:1:1"`) {
		t.Error("the input cell 1:1:1 is not editable")
	}
}
