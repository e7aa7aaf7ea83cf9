package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/juesuan/juesuan/internal/web"
)

// TestBrowserAdmin: a 管理员 reaches 单位管理 from the top navigation and
// adds a unit with the form; the new unit appears in the tree.
func TestBrowserAdmin(t *testing.T) {
	chromium(t)
	e := newEnv(t, web.Config{})
	b := newBrowser(t, e.srv.URL)
	b.login("admin")
	b.do(chromedp.Click(chromedp.CSS(`header nav a[href="/admin/units"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/admin/units"]`)),
		chromedp.SendKeys(chromedp.CSS(`form[action="/admin/units"] input[name=code]`), "900009"),
		chromedp.SendKeys(chromedp.CSS(`form[action="/admin/units"] input[name=name]`), "新设服务中心"),
		chromedp.SetValue(chromedp.CSS(`form[action="/admin/units"] select[name=parent]`), "900001"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/units"] button`)))
	b.waitFor("the notice", `document.querySelector('p.notice') && document.querySelector('p.notice').textContent.includes('900009 新设服务中心')`)
	if got := b.eval(`[...document.querySelectorAll('td')].filter(td => td.textContent === '900009').length + ''`); got != "1" {
		t.Errorf("new unit rows in the tree: %s", got)
	}
	b.shot("admin")
}
