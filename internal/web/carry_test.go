package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
)

// A report started for the next year is opened from last year's: 上年数
// for the 说明, and 年初结转和结余 = 上年年末结转和结余 by name.
func TestCreateCarriesLastYearForward(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	k2020 := juesuan.ReportKey{Unit: demo.RefCode, Year: 2020, Scope: juesuan.ScopeOwn}
	prev, _, err := e.st.LoadReport(ctx, k2020, 0)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := tpls.Load("national@2020")
	if err != nil {
		t.Fatal(err)
	}
	// Give last year a closing balance so that there is one to carry.
	closing, _ := tpl.ResolveKey("summary:59:2")
	next := prev.Clone()
	next.Cells[closing] = juesuan.Amount(1234)
	if _, err := e.st.SaveReport(ctx, k2020, 1, next, "admin", "测试：年末结转"); err != nil {
		t.Fatal(err)
	}
	res, body := e.as("filler").post("/reports/"+demo.RefCode+"/2021/create", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, body)
	}
	cur, _, err := e.st.LoadReport(ctx, juesuan.ReportKey{Unit: demo.RefCode, Year: 2021, Scope: juesuan.ScopeOwn}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Template != "national" || cur.Year != 2021 {
		t.Errorf("template %s year %d", cur.Template, cur.Year)
	}
	total, _ := tpl.Key("income_total")
	if cur.Prior.Total == nil || *cur.Prior.Total != prev.Cells[total] {
		t.Errorf("上年总计 = %v, want %v", cur.Prior.Total, prev.Cells[total])
	}
	opening, _ := tpl.ResolveKey("summary:29:1")
	if v := cur.Cells[opening]; v != 1234 {
		t.Errorf("年初结转和结余 = %v, want 12.34 (last year's 年末)", v)
	}
}
