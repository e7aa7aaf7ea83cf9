package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
)

// addFiller creates a 填报人 of a unit with the demo password.
func (e *env) addFiller(name, unit string) *client {
	e.t.Helper()
	ctx := context.Background()
	hash, err := store.HashPassword(demo.Password)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.st.CreateUser(ctx, name, hash, "test"); err != nil {
		e.t.Fatal(err)
	}
	if err := e.st.Grant(ctx, name, juesuan.RoleFiller, unit, "test"); err != nil {
		e.t.Fatal(err)
	}
	return e.as(name)
}

// TestWithdraw: the unit takes a submitted report back (撤回) before it is
// reviewed; not after, and a reviewer cannot.
func TestWithdraw(t *testing.T) {
	e := newEnv(t, web.Config{})
	const unit, u = "001003", "/reports/001003/2020" // 已上报 in the demo
	filler, reviewer := e.addFiller("filler3", unit), e.as("reviewer")
	if _, page := filler.get(u); !strings.Contains(page, `id="move-withdraw"`) || !strings.Contains(page, ">撤回<") {
		t.Fatal("a submitted report offers its filler no 撤回")
	}
	if _, page := reviewer.get(u); strings.Contains(page, `id="move-withdraw"`) {
		t.Error("the reviewer is offered 撤回")
	}
	if res, _ := reviewer.post(u+"/move", url.Values{"to": {"草稿"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("reviewer 撤回: %d, want 403", res.StatusCode)
	}
	if res, _ := filler.post(u+"/move", url.Values{"to": {"草稿"}}); res.StatusCode != http.StatusSeeOther || e.current(unit).State != juesuan.StateDraft {
		t.Fatalf("撤回: %d, state %s", res.StatusCode, e.current(unit).State)
	}
	// Editable again; submitted again, reviewed: no 撤回 any more.
	if res, body := filler.post(u+"/cells", url.Values{"base": {itoa(e.current(unit).Current)}, "table": {"7"}, "v:7:1:2": {"0.41"}}); res.StatusCode != http.StatusOK || !strings.Contains(body, "已保存第") {
		t.Fatalf("save after 撤回: %d %.200s", res.StatusCode, body)
	}
	if res, body := filler.post(u+"/move", url.Values{"to": {"已上报"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit again: %d %.300s", res.StatusCode, body)
	}
	if res, _ := reviewer.post(u+"/move", url.Values{"to": {"已审核"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	if res, _ := filler.post(u+"/move", url.Values{"to": {"草稿"}}); res.StatusCode < 400 || e.current(unit).State != juesuan.StateApproved {
		t.Errorf("撤回 after review: %d, state %s", res.StatusCode, e.current(unit).State)
	}
}

// TestCorrectPublished: a published report is corrected with a reason;
// the published version stays public meanwhile, and after the new
// publication both versions are public with the 更正说明.
func TestCorrectPublished(t *testing.T) {
	e := newEnv(t, web.Config{})
	const unit, u = "001001", "/reports/001001/2020" // 已公开 in the demo
	filler, reviewer, anon := e.addFiller("filler1", unit), e.as("reviewer"), e.anon()
	earlier := e.current(unit).Current
	if _, page := filler.get(u); !strings.Contains(page, `id="move-correct"`) {
		t.Fatal("a published report offers no 更正")
	}
	if res, body := filler.post(u+"/move", url.Values{"to": {"已退回"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "更正原因") {
		t.Fatalf("更正 without a reason: %d", res.StatusCode)
	}
	const reason = "表7 公务接待费决算数填列有误，予以更正"
	if res, _ := filler.post(u+"/move", url.Values{"to": {"已退回"}, "comment": {reason}}); res.StatusCode != http.StatusSeeOther || e.current(unit).State != juesuan.StateReturned {
		t.Fatalf("更正: %d, state %s", res.StatusCode, e.current(unit).State)
	}
	res, body := filler.post(u+"/cells", url.Values{"base": {itoa(earlier)}, "table": {"7"}, "v:7:1:12": {"0.50"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "已保存第") {
		t.Fatalf("correcting a cell: %d %.300s", res.StatusCode, body)
	}
	// Meanwhile the public still sees the published version.
	if res, page := anon.get(u); res.StatusCode != http.StatusOK || !strings.Contains(page, "更正尚未完成") || strings.Contains(page, "已退回") {
		t.Fatalf("public page during the correction: %d (must say 已公开, not 已退回)", res.StatusCode)
	}
	if _, page := anon.get("/"); !strings.Contains(page, u) {
		t.Error("the report under correction left the public list")
	}
	res, _ = anon.get(u + "/document/html")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), url.PathEscape("第"+itoa(earlier)+"版")) {
		t.Fatalf("public document during the correction: %d %s", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	for _, to := range []string{"已上报", "已审核", "已公开"} {
		c := reviewer
		if to == "已上报" {
			c = filler
		}
		if res, body := c.post(u+"/move", url.Values{"to": {to}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %.300s", to, res.StatusCode, body)
		}
	}
	now := e.current(unit).Current
	_, page := anon.get(u)
	for _, want := range []string{"更正说明", reason, "更正前公开的第 " + itoa(earlier) + " 版", "更正后公开的为第 " + itoa(now) + " 版"} {
		if !strings.Contains(page, want) {
			t.Errorf("public page lacks %q", want)
		}
	}
	res, _ = anon.get(u + "/document/html?v=" + itoa(earlier))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), url.PathEscape("第"+itoa(earlier)+"版")) {
		t.Errorf("the earlier version is not public: %d %s", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	res, _ = anon.get(u + "/document/html")
	if !strings.Contains(res.Header.Get("Content-Disposition"), url.PathEscape("第"+itoa(now)+"版")) {
		t.Errorf("the corrected version is not the one shown: %s", res.Header.Get("Content-Disposition"))
	}
	// A version never published stays private.
	res, _ = anon.get(u + "/document/html?v=" + itoa(earlier+1))
	if now != earlier+1 && strings.Contains(res.Header.Get("Content-Disposition"), url.PathEscape("第"+itoa(earlier+1)+"版")) {
		t.Error("an unpublished version is public")
	}
}

// TestSubmitBlocked: an empty report cannot be 上报; a 强制 finding blocks
// it even with a 出错说明.
func TestSubmitBlocked(t *testing.T) {
	e := newEnv(t, web.Config{})
	admin := e.as("admin")
	const u = "/reports/002003/2020" // no report in the demo
	if res, _ := admin.post(u+"/create", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	// Even empty, totals are computed, not typed.
	if _, page := admin.get(u + "?t=1"); strings.Contains(page, `name="v:1:27:1"`) || !strings.Contains(page, `id="c-1-27-1"`) || !strings.Contains(page, `name="v:1:1:1"`) {
		t.Error("the totals of an empty 表1 are editable")
	}
	if res, body := admin.post(u+"/move", url.Values{"to": {"已上报"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "报表还是空的") {
		t.Fatalf("empty report submitted: %d", res.StatusCode)
	}
	// 001002 carries a broken table identity: explain every error, still refused.
	const v = "/reports/001002/2020"
	filler := e.as("filler2")
	_, page := filler.get(v)
	if !strings.Contains(page, "badge mandatory") || !strings.Contains(page, "个强制审核错误") {
		t.Fatal("the 强制 finding is not marked")
	}
	// Readable: the rule's name, row labels, two decimals, no rule ids or row keys.
	panel := page[strings.Index(page, `id="findings"`):]
	for _, bad := range []string{"2346.728961", "T5.row-sum</", "表5 20113行"} {
		if strings.Contains(panel, bad) {
			t.Errorf("the findings show %q", bad)
		}
	}
	if !strings.Contains(panel, "表5 小计应等于基本支出与项目支出之和") || !strings.Contains(panel, "2346.73") || !strings.Contains(panel, "表5「20113 商贸事务」") {
		t.Error("the findings lack the rule name, the row label or two decimals")
	}
	if !strings.Contains(page, "强制审核公式：请修改数据") {
		t.Error("a 强制 finding offers a 出错说明")
	}
	for _, k := range errorKeys(page) {
		filler.post(v+"/explain", url.Values{"key": {k}, "text": {"经核实无误"}})
	}
	if res, body := filler.post(v+"/move", url.Values{"to": {"已上报"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "强制审核错误") {
		t.Fatalf("submit with an explained 强制 error: %d", res.StatusCode)
	}
	if e.current("001002").State != juesuan.StateDraft {
		t.Error("state changed")
	}
}

// TestReturnNoteOnDashboard: the 退回意见 is on the filler's dashboard.
func TestReturnNoteOnDashboard(t *testing.T) {
	e := newEnv(t, web.Config{})
	const unit, u = "001003", "/reports/001003/2020" // 已上报 in the demo
	filler, reviewer := e.addFiller("filler3", unit), e.as("reviewer")
	const note = "表3 项目支出与表5 不一致，请核对后重新上报"
	if res, _ := reviewer.post(u+"/move", url.Values{"to": {"已退回"}, "comment": {note}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("return: %d", res.StatusCode)
	}
	if _, page := filler.get("/dashboard?year=2020"); !strings.Contains(page, "退回意见："+note) {
		t.Error("the return comment is not on the filler's dashboard")
	}
}
