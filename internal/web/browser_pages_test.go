package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/web"
)

// TestBrowserNewPages opens the pages this work added or changed and, with
// -screenshots, writes them to docs/images: readable findings with a 强制
// one, a given total beside its computed value, the 汇总 selection, the
// per-科目 同比, the 更正说明 and the admin unit forms.
func TestBrowserNewPages(t *testing.T) {
	chromium(t)
	e := newEnv(t, web.Config{})
	// A 更正 in progress on a published report, for its page.
	e.addFiller("filler1", "001001").post("/reports/001001/2020/move", url.Values{"to": {"已退回"}, "comment": {"表7 公务接待费填列有误，予以更正"}})
	// Last year's report, for the per-科目 同比.
	k := juesuan.ReportKey{Unit: "900001", Year: 2020, Scope: juesuan.ScopeOwn}
	if r, _, err := e.st.LoadReport(context.Background(), k, 0); err == nil {
		prev := r.Clone()
		prev.Year, k.Year = 2019, 2019
		prev.Cells[juesuan.CellRef{Table: 3, Row: "2012903", Col: "1"}] = 2000 * juesuan.Cent
		e.st.SaveReport(context.Background(), k, 0, prev, "test", "上年度")
	}
	b := newBrowser(t, e.srv.URL)
	b.login("filler2")
	b.do(chromedp.Navigate(b.url + "/reports/001002/2020?t=5"))
	b.waitFor("the 强制 finding", `!!document.querySelector('#findings .badge.mandatory') && !!document.querySelector('td.given-total small.calc')`)
	b.eval(`(() => { document.querySelector('td.given-total').scrollIntoView({block: 'center'}); return ''; })()`)
	b.shot("findings")
	b.logout()
	b.login("reviewer")
	b.do(chromedp.Navigate(b.url + "/units/900000/aggregate?year=2020"))
	b.waitFor("the 汇总 selection", `!!document.getElementById('agg-left')`)
	b.shot("aggregate-select")
	b.do(chromedp.Navigate(b.url + "/reports/900001/2020/compare"))
	b.waitFor("the 同比 page", `document.body.innerText.includes('主要指标')`)
	b.shot("compare")
	b.logout()
	b.do(chromedp.Navigate(b.url + "/reports/001001/2020"))
	b.waitFor("the 更正说明", `!!document.getElementById('corrections')`)
	b.shot("correction")
	b.login("admin")
	b.do(chromedp.Navigate(b.url + "/admin/units"))
	b.waitFor("the unit forms", `!!document.getElementById('unit-active')`)
	b.eval(`(() => { document.getElementById('unit-rename').scrollIntoView(); return ''; })()`)
	b.shot("admin-units-edit")
	b.do(chromedp.Navigate(b.url + "/admin/users"))
	b.waitFor("the user forms", `!!document.getElementById('user-active')`)
	b.eval(`(() => { document.getElementById('user-active').scrollIntoView(); return ''; })()`)
	b.shot("admin-users-active")
	b.do(chromedp.Navigate(b.url + "/admin/years/national/catalogs/function"))
	b.waitFor("the catalog upload", `!!document.getElementById('catalog-upload')`)
	b.shot("catalog-upload")
}
