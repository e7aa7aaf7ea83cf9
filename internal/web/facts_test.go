package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/web"
)

// TestFactsForms: 概况, 说明数据 and 重点工作/名词解释 are entered on the
// web; a bad value refuses the save with the place named and keeps all
// that was typed.
func TestFactsForms(t *testing.T) {
	e := newEnv(t, web.Config{})
	filler := e.as("filler")
	const unit = "900001"
	base := e.current(unit).Current
	bad := url.Values{"base": {itoa(base)}, "section": {"profile"}, "unit.functions": {"负责全区职工服务工作。"},
		"staff.in_service": {"十二"}, "staff.retired": {"3"}}
	res, body := filler.post(refURL+"/facts", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "在职实有人数：应为不小于 0 的整数，而不是“十二”") ||
		!strings.Contains(body, "负责全区职工服务工作。") || !strings.Contains(body, `value="十二"`) {
		t.Fatalf("bad 人员构成: %d", res.StatusCode)
	}
	if e.current(unit).Current != base {
		t.Fatal("a refused form was saved")
	}
	bad.Set("staff.in_service", "12")
	if res, body := filler.post(refURL+"/facts", bad); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile: %d %.300s", res.StatusCode, body)
	}
	facts := url.Values{"base": {itoa(base + 1)}, "section": {"facts"}, "prior.total": {"110.5"}, "operating": {"3.50"},
		"proc.total": {"12.00"}, "proc.goods": {"12"}, "proc.sme": {"8.40"}, "assets.vehicles": {"1"}, "sg.receptions": {"2"},
		"b.code": {"2012950", ""}, "b.name": {"", ""}, "b.amount": {"60.00", ""}, "b.reason": {"年中追加人员经费", ""}}
	if res, body := filler.post(refURL+"/facts", facts); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("facts: %d %.400s", res.StatusCode, body)
	}
	kw := url.Values{"base": {itoa(base + 2)}, "section": {"keywork"}, "kw.title": {"一、职工服务"}, "kw.text": {"第一段。\n\n第二段。"},
		"g.title": {""}, "g.text": {""}, "op": {"glossary-fill"}}
	if res, body := filler.post(refURL+"/facts", kw); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("keywork: %d %.400s", res.StatusCode, body)
	}
	r, v, err := e.st.LoadReport(context.Background(), juesuan.ReportKey{Unit: unit, Year: 2020, Scope: juesuan.ScopeOwn}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Unit.Staff.InService != 12 || r.Unit.Staff.Retired != 3 || r.Unit.Functions != "负责全区职工服务工作。" {
		t.Errorf("profile: %+v", r.Unit.Staff)
	}
	if r.Prior.Total == nil || r.Prior.Total.Wan() != "110.50" || r.Operating == nil || r.Operating.Wan() != "3.50" || r.Procurement.SME.Wan() != "8.40" || r.Assets.Vehicles != 1 || r.SanGong.Receptions != 2 {
		t.Errorf("facts not saved: prior %v operating %v", r.Prior.Total, r.Operating)
	}
	if len(r.Budgets) != 1 || r.Budgets[0].Name != "事业运行" || r.Budgets[0].Amount.Wan() != "60.00" {
		t.Errorf("budgets: %+v", r.Budgets)
	}
	if len(r.KeyWork.Sections) != 1 || len(r.KeyWork.Sections[0].Paragraphs) != 2 {
		t.Errorf("key work: %+v", r.KeyWork)
	}
	if len(r.Glossary.Terms) == 0 || !strings.Contains(r.Glossary.Terms[0].Title, "（项）") {
		t.Errorf("glossary not filled from the codes: %+v", r.Glossary.Terms)
	}
	if !strings.Contains(v.Reason, "按使用的科目生成名词解释") {
		t.Errorf("version note: %s", v.Reason)
	}
}

// TestCompositionFromTree: the 单位构成 is written from the unit tree on
// request, naming 本级 and each unit under it.
func TestCompositionFromTree(t *testing.T) {
	e := newEnv(t, web.Config{})
	admin := e.as("admin")
	const u = "/reports/900000/2020" // the demo 部门, no report yet
	if res, _ := admin.post(u+"/create", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	_, page := admin.get(u + "?t=profile")
	form := formValues(page, "facts-profile")
	form.Set("op", "composition-fill")
	if res, body := admin.post(u+"/facts", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("fill: %d %.300s", res.StatusCode, body)
	}
	r, v, err := e.st.LoadReport(context.Background(), juesuan.ReportKey{Unit: "900000", Year: 2020, Scope: juesuan.ScopeOwn}, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := r.Unit.Composition
	if !strings.Contains(c, "共 8 个") || !strings.Contains(c, "1. 演示市（部门决算汇总）（本级）") || !strings.Contains(c, "某市教育局所属第1中心（事业单位）") {
		t.Errorf("composition: %q", c)
	}
	if !strings.Contains(v.Reason, "按单位树生成部门决算单位构成") {
		t.Errorf("note: %s", v.Reason)
	}
}
