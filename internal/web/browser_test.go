package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
)

var screenshots = flag.Bool("screenshots", false, "write screenshots of the key pages to docs/images/web-*.png")

func chromium(t *testing.T) string {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" {
		t.Fatal("chromium 未安装（JUESUAN_REQUIRE_TOOLS=1 要求运行浏览器测试）")
	}
	t.Skip("chromium 未安装，跳过浏览器测试")
	return ""
}

// browser drives one headless Chromium session (one user's cookies).
type browser struct {
	t   *testing.T
	ctx context.Context
	url string
}

func newBrowser(t *testing.T, base string) *browser {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "zh-CN"), chromedp.WindowSize(1440, 960),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	// The first run starts the browser; a timeout on it would stop the
	// whole browser, so it has none.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return &browser{t: t, ctx: ctx, url: base}
}

func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(b.ctx, chromedp.Location())
		b.t.Fatalf("browser (at %s): %v", loc, err)
	}
}

func (b *browser) eval(js string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("eval %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition, across page loads.
func (b *browser) waitFor(what, cond string) {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		v, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { try { return !!(`+cond+`); } catch (e) { return false; } })()`))
		if err == nil && v {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	text, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
	b.t.Fatalf("waiting for %s: timed out\npage text: %.800s", what, text)
}

// within reports whether a JavaScript condition becomes true in time.
func (b *browser) within(d time.Duration, cond string) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		v, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { try { return !!(`+cond+`); } catch (e) { return false; } })()`))
		if err == nil && v {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

func (b *browser) login(name string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.url+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), name),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), demo.Password),
		chromedp.Click(chromedp.CSS(`#login-button`)),
		chromedp.WaitVisible(chromedp.CSS(`table.dash`)))
}

func (b *browser) logout() {
	b.do(chromedp.Click(chromedp.CSS(`header form button`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/login"]`)))
}

func (b *browser) shot(name string) {
	b.t.Helper()
	if !*screenshots {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatal(err)
	}
	dir := filepath.Join("..", "..", "docs", "images")
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, "web-"+name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// typeInto replaces the value of an input as a person would: focus, type,
// leave with Tab (which fires change and the htmx save).
func (b *browser) typeInto(id, text string) {
	b.eval(`(() => { const el = document.getElementById('` + id + `'); el.focus(); el.select(); return ''; })()`)
	b.do(chromedp.KeyEvent(kb.Delete), chromedp.SendKeys(chromedp.CSS("#"+id), text+kb.Tab))
}

// fetch downloads a URL in the page (with its cookies) and returns the
// status and the first bytes.
func (b *browser) fetch(path string) (string, []byte) {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(async () => { const r = await fetch(`+"`"+path+"`"+`); const buf = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (let i = 0; i < Math.min(buf.length, 8); i++) s += String.fromCharCode(buf[i]);
		return r.status + " " + buf.length + " " + btoa(s); })()`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("fetch %s: %v", path, err)
	}
	f := strings.Fields(v)
	if len(f) != 3 {
		b.t.Fatalf("fetch %s: %q", path, v)
	}
	head, _ := base64.StdEncoding.DecodeString(f[2])
	return f[0] + " " + f[1], head
}

func TestBrowserWorkflow(t *testing.T) {
	chromium(t)
	e := newEnv(t, web.Config{})
	b := newBrowser(t, e.srv.URL)

	// 填报人: change a cell; the total and the findings update.
	b.do(chromedp.Navigate(b.url + "/login"))
	b.shot("login")
	b.login("filler")
	b.do(chromedp.Navigate(b.url+refURL+"?t=1"), chromedp.WaitVisible(chromedp.CSS(`#c-1-1-1`)))
	if got := b.eval(`document.getElementById('c-1-27-1').textContent`); got != "122.40" {
		t.Fatalf("total before the change: %q", got)
	}
	b.typeInto("c-1-1-1", "130")
	b.waitFor("the recomputed total", `document.getElementById('c-1-27-1').textContent === '130.00'`)
	b.waitFor("the balance finding", `!!document.querySelector('#findings li.finding.error[data-sev=error]') && document.getElementById('findings').textContent.includes('收支平衡')`)
	b.waitFor("the flagged cell", `document.getElementById('c-1-30-1').closest('td').classList.contains('flag-error')`)
	if !strings.Contains(b.eval(`document.getElementById('save-status').textContent`), "已保存第 2 版") {
		t.Errorf("save status: %q", b.eval(`document.getElementById('save-status').textContent`))
	}
	// A click on a finding's cell jumps to the cell.
	b.do(chromedp.Click(chromedp.CSS(`#findings li.finding.error a.cellref[data-target="c-1-1-1"]`)))
	b.waitFor("focus on the cell", `document.activeElement && document.activeElement.id === 'c-1-1-1'`)
	b.shot("editor")

	// Explain every error finding (出错说明), then submit.
	nErr := b.eval(`String(document.querySelectorAll('#findings li.finding.error').length)`)
	for i := 0; ; i++ {
		left := b.eval(`String(Array.from(document.querySelectorAll('#findings li.finding.error textarea')).filter(x => !x.value).length)`)
		if left == "0" {
			break
		}
		if i > 40 {
			t.Fatal("explanations do not stick")
		}
		// The panel may be mid-swap (htmx replacing it after the last
		// save): then there is no textarea for a moment; look again.
		if b.eval(`(() => { const ta = Array.from(document.querySelectorAll('#findings li.finding.error textarea')).find(x => !x.value);
			if (!ta || !ta.form) return 'none';
			htmx.process(ta.form); ta.value = '本年收入含上级补助 7.60 万元，已与财政核对。'; ta.form.querySelector('button').click(); return ''; })()`) == "none" {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		if v := e.current("900001").Current; v != 2 {
			t.Fatalf("version %d before explanation %d", v, i)
		}
		// A click that lands while htmx is still settling the previous
		// swap is dropped by htmx; the loop simply tries again.
		b.within(5*time.Second, `Array.from(document.querySelectorAll('#findings li.finding.error textarea')).filter(x => !x.value).length < `+left)
	}
	t.Logf("explained %s error findings, version %d", nErr, e.current("900001").Current)
	// 收支平衡 is 强制 in the rule set: explained or not, it blocks 上报.
	b.do(chromedp.Click(chromedp.CSS(`#move-submitted`)))
	b.waitFor("上报 refused for the 强制 errors", `document.readyState === 'complete' && document.body.innerText.includes('强制审核错误')`)
	time.Sleep(300 * time.Millisecond) // the refused move's page settles before we leave it
	if in := e.current("900001"); in.State == juesuan.StateSubmitted {
		t.Fatal("a report breaking a 强制 rule was submitted")
	}
	b.do(chromedp.Navigate(b.url+refURL+"?t=1"), chromedp.WaitVisible(chromedp.CSS(`#c-1-1-1`)))
	b.typeInto("c-1-1-1", "122.40")
	b.waitFor("the total corrected", `document.getElementById('c-1-27-1').textContent === '122.40'`)
	b.waitFor("no error left before 上报", `document.querySelector('#findings .badge.error').textContent.trim() === '0 错误'`)
	b.do(chromedp.Click(chromedp.CSS(`#move-submitted`)))
	b.waitFor("the submitted state", `document.querySelector('.report-head .state').textContent === '已上报'`)
	b.logout()

	// 审核人 returns it with a comment.
	b.login("reviewer")
	b.shot("dashboard")
	b.do(chromedp.Navigate(b.url + refURL))
	b.do(chromedp.SendKeys(chromedp.CSS(`form.move textarea[name=comment]`), "收入总计与支出总计不平衡，请核对表1。"))
	b.shot("review")
	b.do(chromedp.Click(chromedp.CSS(`#move-returned`)))
	b.waitFor("the returned state", `document.querySelector('.report-head .state').textContent === '已退回'`)
	b.logout()

	// 填报人 fixes and resubmits.
	b.login("filler")
	b.do(chromedp.Navigate(b.url+refURL+"?t=1"), chromedp.WaitVisible(chromedp.CSS(`#c-1-1-1`)))
	b.waitFor("the return comment", `document.body.innerText.includes('请核对表1')`)
	b.typeInto("c-1-1-1", "122.40")
	b.waitFor("the total back", `document.getElementById('c-1-27-1').textContent === '122.40'`)
	b.waitFor("no error left", `document.querySelector('#findings .badge.error').textContent.trim() === '0 错误'`)
	b.do(chromedp.Click(chromedp.CSS(`#move-submitted`)))
	b.waitFor("resubmitted", `document.querySelector('.report-head .state').textContent === '已上报'`)
	b.logout()

	// 审核人 approves and publishes.
	b.login("reviewer")
	b.do(chromedp.Navigate(b.url + refURL))
	b.do(chromedp.Click(chromedp.CSS(`#move-approved`)))
	b.waitFor("approved", `document.querySelector('.report-head .state').textContent === '已审核'`)
	b.do(chromedp.Click(chromedp.CSS(`#move-published`)))
	b.waitFor("published", `document.querySelector('.report-head .state').textContent === '已公开'`)
	b.do(chromedp.Navigate(b.url + refURL + "/history"))
	b.shot("history")
	b.do(chromedp.Navigate(b.url + "/units/900000/aggregate?year=2020"))
	b.shot("aggregate")
	b.logout()

	// The public page shows it; the documents download without a login.
	b.do(chromedp.Navigate(b.url + "/"))
	b.waitFor("the published report on the public page", `!!document.querySelector('a[href="/reports/900001/2020"]')`)
	b.shot("public")
	b.do(chromedp.Navigate(b.url + refURL))
	b.waitFor("the public report page", `document.body.innerText.includes('职工服务中心')`)
	for _, c := range []struct{ format, magic string }{{"pdf", "%PDF"}, {"docx", "PK"}, {"xlsx", "PK"}} {
		status, head := b.fetch(refURL + "/document/" + c.format)
		if !strings.HasPrefix(status, "200 ") || !bytes.HasPrefix(head, []byte(c.magic)) {
			t.Errorf("download %s: %s %q", c.format, status, head)
		}
	}
	if in := e.current("900001"); in.State != juesuan.StatePublished {
		t.Errorf("final state %s", in.State)
	}
}
