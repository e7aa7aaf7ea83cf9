package web_test

import (
	"bytes"
	"image"
	"image/color/palette"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/image/draw"

	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
)

// TestBrowserInspect drives 公开检查 in headless Chromium: a reviewer
// uploads published reports, confirms the unit of one the tree does not
// name, opens the page view with the findings boxed, marks a finding
// 误报, and downloads the region's 检查报告; a 填报人 sees none of it.
func TestBrowserInspect(t *testing.T) {
	chromium(t)
	e := newEnv(t, web.Config{})
	b := newBrowser(t, e.srv.URL)
	b.login("reviewer")
	testdata := filepath.Join("..", "importer", "testdata")
	pdf, _ := filepath.Abs(filepath.Join(testdata, "putuo-shehuigongzuobu-2024-final.pdf"))
	txt, _ := filepath.Abs(filepath.Join(testdata, "putuo-caizhengju-2024-final.txt"))

	b.do(chromedp.Navigate(b.url+"/inspect"), chromedp.WaitVisible(chromedp.CSS(`#inspect-files`)))
	shotSmall(b, "inspect-upload")
	b.do(chromedp.SetUploadFiles(chromedp.CSS(`#inspect-files`), []string{pdf, txt}),
		chromedp.Click(chromedp.CSS(`#inspect-start`)))
	// The progress is polled until the batch is done, then the page reloads.
	waitLong(b, `document.querySelector('#region') && document.body.innerText.includes('已完成') && document.querySelectorAll('#docs tr').length == 3`, 90*time.Second)
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	batch := regexp.MustCompile(`/inspect/([^/?#]+)`).FindStringSubmatch(loc)[1]
	text := b.eval(`document.body.innerText`)
	for _, want := range []string{"上海市普陀区财政局", "中共上海市普陀区委社会工作部", "部门决算 2024", "未匹配", "缺报"} {
		if !strings.Contains(text, want) {
			t.Errorf("batch page lacks %q", want)
		}
	}

	// Neither unit is in the demo tree: confirm the PDF's unit by hand.
	b.do(chromedp.SetValue(chromedp.CSS(`#docs tr:nth-child(2) select[name=unit]`), demo.RefCode),
		chromedp.Click(chromedp.CSS(`#docs tr:nth-child(2) form.confirm button`)))
	waitLong(b, `document.querySelector('#docs tr:nth-child(2) td.match-已匹配')`, 20*time.Second)
	shotSmall(b, "inspect-region")

	// The page view: the page image with the findings' boxes.
	b.do(chromedp.Click(chromedp.CSS(`#docs tr:nth-child(2) a.doc`)))
	waitLong(b, `document.querySelectorAll('#pageview rect.box').length > 0 && document.querySelectorAll('#findings li form.mark').length > 0`, 20*time.Second)
	img := b.eval(`document.querySelector('#pageview image').getAttribute('href')`)
	if status, head := b.fetch(img); !strings.HasPrefix(status, "200 ") || string(head[1:4]) != "PNG" {
		t.Errorf("page image %s: %s %q", img, status, head)
	}
	shotSmall(b, "inspect-page")

	// Mark the first finding 误报: who and when are shown.
	first := b.eval(`document.querySelector('#findings li').id`)
	b.do(chromedp.Click(chromedp.CSS(`#findings li:first-child button[data-status="误报"]`)))
	waitLong(b, `document.querySelector('#`+first+` .status') && document.querySelector('#`+first+` .status').innerText.includes('误报')`, 20*time.Second)
	if s := b.eval(`document.querySelector('#` + first + ` .status').innerText`); !strings.Contains(s, "reviewer") || !regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d`).MatchString(s) {
		t.Errorf("mark shows %q, want who and when", s)
	}

	// The region's 检查报告.
	for _, name := range []string{"检查报告.xlsx", "检查报告.docx"} {
		status, head := b.fetch("/inspect/" + batch + "/download/" + name)
		if !strings.HasPrefix(status, "200 ") || string(head[:2]) != "PK" {
			t.Errorf("%s: %s %q", name, status, head)
		}
	}
	status, _ := b.fetch("/inspect/" + batch + "/download/findings.csv")
	if !strings.HasPrefix(status, "200 ") {
		t.Errorf("findings.csv: %s", status)
	}

	// Access: a 填报人 has no 公开检查; the public is sent to log in.
	if res, _ := e.as("filler2").get("/inspect/" + batch); res.StatusCode != http.StatusForbidden {
		t.Errorf("filler2: status %d, want 403", res.StatusCode)
	}
	if res, _ := e.anon().get("/inspect/" + batch + "/download/findings.csv"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("public: status %d, want a redirect to the login", res.StatusCode)
	}
}

// waitLong waits for a JavaScript condition, failing with the page text.
func waitLong(b *browser, cond string, d time.Duration) {
	b.t.Helper()
	if !b.within(d, cond) {
		b.t.Fatalf("waiting for %s: timed out\npage text: %.1500s", cond, b.eval(`document.body ? document.body.innerText : ''`))
	}
}

// shotSmall writes a screenshot scaled to 70 % (docs/images stays small).
func shotSmall(b *browser, name string) {
	b.t.Helper()
	if !*screenshots {
		return
	}
	raw, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatal(err)
	}
	src, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		b.t.Fatal(err)
	}
	r := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, r.Dx()*7/10, r.Dy()*7/10))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, r, draw.Over, nil)
	pal := image.NewPaletted(dst.Bounds(), palette.WebSafe)
	draw.Draw(pal, pal.Bounds(), dst, image.Point{}, draw.Src)
	var out bytes.Buffer
	(&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, pal)
	if err := os.WriteFile(filepath.Join("..", "..", "docs", "images", "web-"+name+".png"), out.Bytes(), 0o644); err != nil {
		b.t.Fatal(err)
	}
}
