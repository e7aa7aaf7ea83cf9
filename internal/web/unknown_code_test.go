package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/web"
)

// TestUnknownCodeAccepted: a code the shipped catalog lacks is accepted
// with the name typed, as a warning (未见于目录); without a name the
// user is asked for one, on the same table, with the code kept.
func TestUnknownCodeAccepted(t *testing.T) {
	e := newEnv(t, web.Config{})
	filler := e.as("filler")
	base := e.current("900001").Current
	res, body := filler.post(refURL+"/rows", url.Values{"base": {itoa(base)}, "table": {"3"}, "code": {"2050299"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "未见于本年度科目目录") ||
		!strings.Contains(body, `value="2050299"`) || !strings.Contains(body, `<h2>支出决算表`) {
		t.Fatalf("unknown code without a name: %d (must ask for the name on 表3, code kept)", res.StatusCode)
	}
	res, body = filler.post(refURL+"/rows", url.Values{"base": {itoa(base)}, "table": {"3"}, "code": {"2050299"}, "name": {"其他普通教育支出"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unknown code with a name: %d %.300s", res.StatusCode, body)
	}
	res, body = filler.post(refURL+"/cells", url.Values{"base": {itoa(base + 1)}, "table": {"3"}, "v:3:2050299:2": {"1.00"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "已保存第") {
		t.Fatalf("entering the new row: %d %.300s", res.StatusCode, body)
	}
	_, page := filler.get(refURL + "?t=3")
	if !strings.Contains(page, "其他普通教育支出") {
		t.Error("the typed name is not shown")
	}
	if strings.Contains(page, "2050299行") {
		t.Error("a row is named by its key")
	}
	i := strings.Index(page, "2050299")
	if !strings.Contains(page, "未见于目录：科目编码应在本年度科目目录中") || i < 0 || strings.Contains(page, "2050299.00") {
		t.Error("no 未见于目录 warning")
	}

}

// TestUnknownCodeLearned: a code another stored report prints is offered
// with that report's name and source, not added behind the user's back.
func TestUnknownCodeLearned(t *testing.T) {
	e := newEnv(t, web.Config{})
	filler := e.as("filler")
	base := e.current("900001").Current
	if res, _ := filler.post(refURL+"/rows", url.Values{"base": {itoa(base)}, "table": {"3"}, "code": {"2050299"}, "name": {"其他普通教育支出"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	// filler2 may not read the reference unit's draft: nothing is offered.
	res, body := e.as("filler2").post("/reports/001002/2020/rows", url.Values{"base": {itoa(e.current("001002").Current)}, "table": {"2"}, "code": {"2050299"}})
	if res.StatusCode != http.StatusUnprocessableEntity || strings.Contains(body, "其他普通教育支出") {
		t.Fatalf("a name from an unreadable report is offered: %d", res.StatusCode)
	}
	other := e.as("admin")
	res, body = other.post("/reports/001002/2020/rows", url.Values{"base": {itoa(e.current("001002").Current)}, "table": {"2"}, "code": {"2050299"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "印为“其他普通教育支出”") || !strings.Contains(body, `value="其他普通教育支出"`) {
		t.Fatalf("learned name not offered: %d", res.StatusCode)
	}
	if !strings.Contains(body, "职工服务中心 2020 年度报表") {
		t.Error("the source of the learned name is not named")
	}
}
