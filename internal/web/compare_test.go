package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/web"
)

// TestComparePerCode: 同比 lists every 科目 (类, 款, 项) with both years,
// the change and its rate, amounts right-aligned, and a chart; no
// developer address column.
func TestComparePerCode(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	k := juesuan.ReportKey{Unit: "900001", Year: 2020, Scope: juesuan.ScopeOwn}
	r, _, err := e.st.LoadReport(ctx, k, 0)
	if err != nil {
		t.Fatal(err)
	}
	prev := r.Clone()
	prev.Year = 2019
	prev.Cells[juesuan.CellRef{Table: 3, Row: "2012903", Col: "1"}] = 2000 * juesuan.Cent // 20.00
	k.Year = 2019
	if _, err := e.st.SaveReport(ctx, k, 0, prev, "test", "上年度"); err != nil {
		t.Fatal(err)
	}
	_, page := e.as("reviewer").get("/reports/900001/2020/compare")
	if strings.Contains(page, "<th>地址</th>") {
		t.Error("the developer address column is shown")
	}
	row := grab(page, `<td title="3:2012903:1">`, "</tr>")
	if !strings.Contains(row, "2012903 机关服务") || !strings.Contains(row, `<td class="num">20.00</td><td class="num">25.25</td><td class="num">5.25</td><td class="num">26.25%</td>`) {
		t.Errorf("the 项 row: %q", row)
	}
	for _, code := range []string{"3:201:1", "3:20129:1", "3:2080502:1"} {
		if !strings.Contains(page, `<td title="`+code+`">`) {
			t.Errorf("科目 %s not compared", code)
		}
	}
	if strings.Contains(page, `<td title="3:total:1">`) {
		t.Error("the 合计 row is listed as a 科目")
	}
	if !strings.Contains(page, "<svg") || !strings.Contains(page, "按科目对比") {
		t.Error("no chart or no per-科目 table")
	}
}

func TestFavicon(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.anon()
	res, _ := c.get("/favicon.ico")
	loc := res.Header.Get("Location")
	if res.StatusCode != 301 || !strings.HasPrefix(loc, "/static/favicon") {
		t.Fatalf("favicon: %d %q", res.StatusCode, loc)
	}
	res, body := c.get(loc)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(body, "<svg") {
		t.Errorf("favicon file: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if _, page := c.get("/"); !strings.Contains(page, `rel="icon"`) {
		t.Error("no icon link")
	}
}
