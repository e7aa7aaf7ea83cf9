// Package pdf prints the HTML document to an A4 PDF with headless
// Chromium (Debian package chromium) through chromedp, so HTML and PDF
// share one layout: repeated table headers, page numbers from the CSS
// margin boxes, embedded fonts, extractable Chinese text.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/render/html"
)

// browserPath is the configured browser (Configure); "" finds one.
var browserPath atomic.Value

// Configure takes the browser from the program's configuration
// (JUESUAN_CHROMIUM).
func Configure(c juesuan.Config) { browserPath.Store(c.Chromium) }

// ErrNoBrowser is returned when no Chromium is installed.
var ErrNoBrowser = errors.New("找不到 Chromium 浏览器，无法生成 PDF：请安装 chromium（apt-get install chromium fonts-noto-cjk），或用环境变量 JUESUAN_CHROMIUM 指定浏览器程序路径")

// Browser returns the path of the Chromium binary: JUESUAN_CHROMIUM or
// the first of chromium, chromium-browser, google-chrome on PATH.
func Browser() (string, error) {
	if p, _ := browserPath.Load().(string); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("JUESUAN_CHROMIUM 指定的浏览器 %s 不存在", p)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// timeout bounds one print: a document is a few seconds of work.
const timeout = 2 * time.Minute

// Render prints d to PDF bytes.
func Render(ctx context.Context, d *disclosure.Document) ([]byte, error) {
	var page bytes.Buffer
	if err := html.Render(&page, d); err != nil {
		return nil, err
	}
	return PrintHTML(ctx, page.Bytes())
}

// PrintHTML prints an HTML page to PDF bytes with a browser of its own.
func PrintHTML(ctx context.Context, page []byte) ([]byte, error) {
	p, err := NewPrinter(ctx)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.Print(ctx, page)
}

// Printer keeps one headless Chromium running so that a batch of
// documents pays the browser's start-up once; each Print opens a tab.
type Printer struct {
	dir     string
	actx    context.Context
	acancel context.CancelFunc
	bctx    context.Context
	bcancel context.CancelFunc
	seq     atomic.Int64
	noFit   bool // tests print without page fitting to see what it changes
}

// NewPrinter starts the browser.
func NewPrinter(ctx context.Context) (*Printer, error) {
	bin, err := Browser()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "juesuan-pdf-")
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
	}
	p := &Printer{dir: dir}
	p.actx, p.acancel = chromedp.NewExecAllocator(context.WithoutCancel(ctx), opts...)
	p.bctx, p.bcancel = chromedp.NewContext(p.actx)
	if err := chromedp.Do(p.bctx); err != nil { // start the browser now
		p.Close()
		return nil, fmt.Errorf("无法启动 Chromium：%v", err)
	}
	return p, nil
}

// Print prints one HTML page; it is safe for concurrent use.
func (p *Printer) Print(ctx context.Context, page []byte) ([]byte, error) {
	file := filepath.Join(p.dir, fmt.Sprintf("document-%d.html", p.seq.Add(1)))
	if err := os.WriteFile(file, page, 0o600); err != nil {
		return nil, err
	}
	defer os.Remove(file)
	tctx, tcancel := chromedp.NewContext(p.bctx) // a new tab
	defer tcancel()
	tctx, cancel := context.WithTimeout(tctx, timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	if err := chromedp.Do(tctx, chromedp.Navigate("file://"+file)); err != nil {
		return nil, fmt.Errorf("Chromium 无法打开文档：%v", err)
	}
	if !p.noFit {
		if err := p.fit(tctx); err != nil {
			return nil, err
		}
	}
	out, err := chromedp.Run(tctx, chromedp.PrintToPDF(
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFOutlineAndTagged(),
	))
	if err != nil {
		return nil, fmt.Errorf("Chromium 打印 PDF 失败：%v", err)
	}
	return out, nil
}

// LastFit is what page fitting did to the tables of the last document
// printed (JSON from html.FitScript), for tests and diagnostics.
var LastFit atomic.Value

// fit runs the page-fitting script once the fonts are loaded, so that a
// table a few rows too long for its page is tightened or its break moved.
func (p *Printer) fit(ctx context.Context) error {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return fmt.Errorf("Chromium 无法排版文档（字体未载入）：%v", err)
	}
	report, err := chromedp.Run(ctx, chromedp.Evaluate[string](html.FitScript))
	if err != nil {
		return fmt.Errorf("Chromium 无法排版文档（分页调整失败）：%v", err)
	}
	LastFit.Store(report)
	return nil
}

// Close stops the browser and removes its profile.
func (p *Printer) Close() {
	if p.bcancel != nil {
		p.bcancel()
	}
	if p.acancel != nil {
		p.acancel()
	}
	os.RemoveAll(p.dir)
}
