package pdfimport

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdferr "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"
	"github.com/tetratelabs/wazero/api"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// Limits bound the work spent on one PDF.
type Limits struct {
	MaxBytes    int           // larger files are refused before parsing
	MaxPages    int           // a 部门决算 has tens of pages
	PageTimeout time.Duration // one page's text extraction
}

// DefaultLimits fit any published report with a wide margin.
var DefaultLimits = Limits{MaxBytes: 100 << 20, MaxPages: 1000, PageTimeout: 5 * time.Second} // a real page takes tens of milliseconds

// ErrNoText is returned (wrapped) for a PDF whose pages carry no text
// layer, such as a scanned document.
var ErrNoText = errors.New("no text layer")

type noTextError struct{ msg string }

func (e noTextError) Error() string { return e.msg }
func (e noTextError) Unwrap() error { return ErrNoText }

func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}

// Page is the text of one page: its glyphs grouped into lines.
type Page struct {
	Width, Height float64
	Glyphs        []Glyph
}

// Glyph is one character, its box and its baseline in points (y grows
// upwards, as in PDF user space). The box's vertical extent depends on
// the font's metrics, which embedded subsets report inconsistently; the
// baseline is what the glyphs of one printed line share.
type Glyph struct {
	R                        rune
	Left, Right, Bottom, Top float64
	Base                     float64
}

// Read extracts the positioned lines of a PDF.
func Read(ctx context.Context, name string, data []byte, lim Limits) (*textimport.Doc, error) {
	pages, err := Glyphs(ctx, name, data, lim)
	if err != nil {
		return nil, err
	}
	doc := &textimport.Doc{Name: name, Pages: len(pages), PDF: true}
	for i, p := range pages {
		// The pages are this function's own: their glyphs are sorted in place.
		lines, _, _ := linesGlyphs(i+1, p.Glyphs, true)
		doc.Lines = append(doc.Lines, lines...)
	}
	return doc, nil
}

// Glyphs returns the glyphs of every page.
func Glyphs(ctx context.Context, name string, data []byte, lim Limits) ([]Page, error) {
	return glyphs(ctx, name, data, lim, readOptions{})
}

// readOptions choose how glyphs reads, for the tests and measurements
// that compare the ways; the zero value is what Glyphs does.
//
// Glyphs reads a file on one instance: on the shared two-core machine,
// busy with other builds, reading with two instances took 1.1–2× the
// time of one (BENCHMARKS.md, TestSpeedVsPdftotext), and the pool's
// other instances serve other files read at the same time.
type readOptions struct {
	reference bool // go-pdfium's requests on one instance: the reading before direct calls
	instances int  // instances reading pages in parallel, at most one per core (0: one)
	watched   bool // go-pdfium's module under wazero's termination checks: the reading before stop.go
}

// spareWait is how long a read waits for a second instance of the pool
// before leaving the pages to the instances it has: another import may
// hold them all.
const spareWait = 10 * time.Millisecond

// glyphs reads the pages with up to opt.instances instances of the pool
// that are free, each opening the document and taking the next unread
// page until none is left; pages land at their index, so the result does
// not depend on which instance read which page.
func glyphs(ctx context.Context, name string, data []byte, lim Limits, opt readOptions) ([]Page, error) {
	if lim.MaxBytes > 0 && len(data) > lim.MaxBytes {
		return nil, fmt.Errorf("%s: PDF 文件过大（%s，上限 %s）", name, size(len(data)), size(lim.MaxBytes))
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: 文件是空的", name)
	}
	pool, err := engine()
	watch := poolWatch
	if opt.watched {
		pool, err = watchedEngine()
		watch = true
	}
	if err != nil {
		return nil, fmt.Errorf("%s: PDF 解析组件无法启动: %v", name, err)
	}
	inst, err := pool.GetInstance(time.Minute)
	if err != nil {
		return nil, fmt.Errorf("%s: PDF 解析组件无法启动: %v", name, err)
	}
	first, err := newReader(name, inst, lim, !opt.reference, watch)
	if err != nil {
		return nil, err
	}
	defer first.release()
	n, err := first.open(ctx, data)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("%s: PDF 没有任何页面", name)
	}
	if lim.MaxPages > 0 && n > lim.MaxPages {
		return nil, fmt.Errorf("%s: PDF 有 %d 页，超过上限 %d 页，不像一份部门决算", name, n, lim.MaxPages)
	}
	pages := make([]Page, n)
	q := &pageQueue{n: n, failed: n}
	var wg sync.WaitGroup
	instances := 1
	if !opt.reference && opt.instances > 1 {
		instances = min(poolSize, opt.instances)
	}
	for k := 1; k < min(instances, n); k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			inst, err := pool.GetInstance(spareWait)
			if err != nil {
				return
			}
			r, err := newReader(name, inst, lim, true, watch)
			if err != nil {
				return
			}
			defer r.release()
			if q.exhausted() {
				return
			}
			// The first instance opened the file in time; a failure here
			// leaves the pages to the others.
			if _, err := r.open(ctx, data); err == nil {
				r.run(ctx, q, pages)
			}
		}()
	}
	first.run(ctx, q, pages)
	wg.Wait()
	if q.err != nil {
		return nil, q.err
	}
	glyphs := 0
	for _, p := range pages {
		glyphs += len(p.Glyphs)
	}
	if glyphs == 0 {
		return nil, noTextError{fmt.Sprintf("%s: PDF 的 %d 页都没有文字层（可能是扫描件或图片），无法读取表格；请先做文字识别（OCR）或取得原始电子版", name, n)}
	}
	return pages, nil
}

// pageQueue hands out page indexes in order. After a page fails no
// later page is handed out, but the earlier ones are still read, so the
// error returned is that of the first failing page, as when reading in
// order.
type pageQueue struct {
	mu      sync.Mutex
	next, n int
	failed  int
	err     error
}

func (q *pageQueue) take() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.next >= q.n || q.next >= q.failed {
		return 0, false
	}
	q.next++
	return q.next - 1, true
}

func (q *pageQueue) exhausted() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.next >= q.n || q.next >= q.failed
}

func (q *pageQueue) fail(i int, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if i < q.failed {
		q.failed, q.err = i, err
	}
}

type reader struct {
	name   string
	inst   pdfium.Pdfium
	lim    Limits
	killed bool
	// mod is the instance's module and limit what its calls into the
	// host check (stop.go); mod is nil when the pool uses wazero's
	// termination checks instead.
	mod   api.Module
	limit *callLimit
	// Either direct calls into the instance (d, with the document and
	// its buffer in sandbox memory) or go-pdfium's requests (doc).
	d           *direct
	rawDoc, buf uint32
	doc         *references.FPDF_DOCUMENT
}

// newReader reads with inst; watch says that its pool uses wazero's
// termination checks instead of stop.go's calls into the host.
func newReader(name string, inst pdfium.Pdfium, lim Limits, fast, watch bool) (*reader, error) {
	r := &reader{name: name, inst: inst, lim: lim}
	if !watch {
		// Without its module the host could not tell the instance's
		// calls apart, and a page over its time limit could not be
		// stopped: refuse to read rather than risk running forever.
		if r.mod = instanceModule(inst); r.mod == nil {
			inst.Close()
			return nil, fmt.Errorf("%s: PDF 解析组件无法启动: 无法设置解析时限", name)
		}
		r.limit = &callLimit{}
		callLimits.Store(r.mod, r.limit)
	}
	if fast {
		r.d = newDirect(inst)
	}
	return r, nil
}

func (r *reader) release() {
	if r.killed {
		return
	}
	if r.d != nil {
		r.d.close(r.rawDoc, r.buf)
	}
	if r.doc != nil {
		r.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: *r.doc})
	}
	r.forget()
	r.inst.Close()
}

// forget removes the instance's limit before the instance goes back to
// the pool or is killed; only its own, should the instance already serve
// another reader.
func (r *reader) forget() {
	if r.mod != nil {
		callLimits.CompareAndDelete(r.mod, r.limit)
	}
}

// open opens the document and returns its page count.
func (r *reader) open(ctx context.Context, data []byte) (int, error) {
	var doc, buf uint32
	var opened *responses.OpenDocument
	err := r.bounded(ctx, 0, func() error {
		var err error
		if r.d != nil {
			doc, buf, err = r.d.open(data)
			return err
		}
		opened, err = r.inst.OpenDocument(&requests.OpenDocument{File: &data})
		return err
	})
	if !r.killed {
		r.rawDoc, r.buf = doc, buf
		if opened != nil {
			r.doc = &opened.Document
		}
	}
	if err != nil {
		return 0, r.openError(err)
	}
	var n int
	err = r.bounded(ctx, 0, func() error {
		if r.d != nil {
			c, err := r.d.pages(doc)
			n = c
			return err
		}
		c, err := r.inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: *r.doc})
		if err == nil {
			n = c.PageCount
		}
		return err
	})
	if err != nil {
		return 0, r.openError(err)
	}
	return n, nil
}

// run reads pages from q until none is left or a page fails.
func (r *reader) run(ctx context.Context, q *pageQueue, pages []Page) {
	for {
		i, ok := q.take()
		if !ok {
			return
		}
		var p Page
		err := r.bounded(ctx, i+1, func() error {
			var err error
			if r.d != nil {
				p, err = r.d.page(r.rawDoc, i)
			} else {
				p, err = r.page(i)
			}
			return err
		})
		if err != nil {
			q.fail(i, err)
			return
		}
		pages[i] = p
	}
}

// bounded runs f with the per-page time limit. On timeout the call in
// flight is stopped (by the host function of stop.go, or, in the
// fallback, the sandbox closing on its context), the instance is killed
// and the document abandoned: pdfium's state after an interrupted call is
// unknown.
//
// With stop.go's module, f runs on the calling goroutine and the call
// itself keeps the limit: about every 100 µs of work it calls
// yieldHost, which compares the time with the deadline set here and
// looks at ctx. No timer, goroutine, channel or context per call, no hand-over
// of the page between threads (on a loaded machine each hand-over waits
// for the scheduler), and the limit holds even when no other goroutine
// can run (one P, or a collection waiting to stop the world).
func (r *reader) bounded(ctx context.Context, page int, f func() error) error {
	if r.lim.PageTimeout <= 0 {
		return r.wrap(page, f())
	}
	if r.mod == nil {
		return r.boundedWatched(ctx, page, f)
	}
	if err := ctx.Err(); err != nil {
		return r.abandon(page, err)
	}
	l := r.limit
	l.ctx, l.deadline, l.why = ctx, time.Now().Add(r.lim.PageTimeout), nil
	err := recovered(f)
	stopped := l.why
	l.ctx = nil
	if stopped != nil {
		// The instance is closed only now that the call has returned,
		// since closing frees the memory the call was using.
		return r.abandon(page, stopped)
	}
	return r.wrap(page, err)
}

// recovered runs f, turning a panic into an error.
func recovered(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return f()
}

// boundedWatched is bounded for the fallback without stop.go's host calls:
// killing the instance closes its module, and wazero's termination
// checks end the call, which runs on a goroutine of its own so that the
// time limit can be kept while it runs.
func (r *reader) boundedWatched(ctx context.Context, page int, f func() error) error {
	ctx, cancel := context.WithTimeout(ctx, r.lim.PageTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- recovered(f) }()
	select {
	case err := <-done:
		return r.wrap(page, err)
	case <-ctx.Done():
		return r.abandon(page, ctx.Err())
	}
}

// abandon kills the instance after a call stopped for err (a deadline,
// the page's or the caller's, or a cancellation) and says so.
func (r *reader) abandon(page int, err error) error {
	r.killed = true
	r.inst.Kill()
	r.forget()
	where := "打开文件"
	if page > 0 {
		where = fmt.Sprintf("第 %d 页", page)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %s解析超时（超过 %s），文件可能已损坏或过于复杂", r.name, where, r.lim.PageTimeout)
	}
	return fmt.Errorf("%s: %s解析被取消", r.name, where)
}

func (r *reader) wrap(page int, err error) error {
	if err == nil || page == 0 {
		return err
	}
	if strings.Contains(err.Error(), "wasm error: unreachable") {
		// pdfium aborts when an allocation fails: almost always the
		// memory cap (a compressed stream that expands hugely).
		return fmt.Errorf("%s: 第 %d 页无法读取：解析所需内存超过上限 %d MB（压缩内容解压后过大），或文件已损坏，不像一份部门决算", r.name, page, juesuan.ImportMemoryBudget>>20)
	}
	return fmt.Errorf("%s: 第 %d 页无法读取（PDF 可能已损坏）: %v", r.name, page, err)
}

func (r *reader) openError(err error) error {
	switch {
	case errors.Is(err, pdferr.ErrPassword):
		return fmt.Errorf("%s: PDF 已加密，需要密码才能打开；请提供未加密的文件", r.name)
	case errors.Is(err, pdferr.ErrSecurity):
		return fmt.Errorf("%s: PDF 的加密方式不受支持；请提供未加密的文件", r.name)
	case errors.Is(err, pdferr.ErrFormat), errors.Is(err, pdferr.ErrFile):
		return fmt.Errorf("%s: 不是有效的 PDF 文件（文件已损坏或不完整）", r.name)
	}
	if r.killed {
		return err
	}
	return fmt.Errorf("%s: PDF 无法打开（文件可能已损坏）: %v", r.name, err)
}

// page reads page i through go-pdfium's requests: the reference that
// direct.page must match, and the path when direct calls are unavailable.
func (r *reader) page(i int) (Page, error) {
	lp, err := r.inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: *r.doc, Index: i})
	if err != nil {
		return Page{}, err
	}
	defer r.inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: lp.Page})
	ref := requests.Page{ByReference: &lp.Page}
	tp, err := r.inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return Page{}, err
	}
	defer r.inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	cnt, err := r.inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return Page{}, err
	}
	var p Page
	for k := 0; k < cnt.Count; k++ {
		u, err := r.inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: k})
		if err != nil {
			return Page{}, err
		}
		ch := rune(u.Unicode)
		if !printable(ch) {
			continue
		}
		b, err := r.inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: k})
		if err != nil {
			return Page{}, err
		}
		o, err := r.inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp.TextPage, Index: k})
		if err != nil {
			return Page{}, err
		}
		if g, keep := glyph(ch, b.Rect.Left, b.Rect.Right, b.Rect.Bottom, b.Rect.Top, o.Y); keep {
			p.Glyphs = append(p.Glyphs, g)
		}
	}
	return p, nil
}

func printable(ch rune) bool {
	return !(ch <= ' ' || ch == 0xA0 || ch == 0x3000 || ch == 0xFFFE || ch == 0xFFFD || ch > 0x10FFFF)
}

// glyph makes a character's glyph from its loose box and baseline, or
// reports that it has no usable box. The loose box spans the font's
// ascent to descent and the glyph's advance: glyphs of one line share it
// (a comma sits as high as a digit), and the gaps between boxes are the
// real spacing, not the ink's (a "1" is narrow ink in a full digit width).
func glyph(ch rune, left, right, bottom, top float32, base float64) (Glyph, bool) {
	g := Glyph{R: ch, Left: float64(left), Right: float64(right), Bottom: float64(bottom), Top: float64(top), Base: base}
	if g.Bottom > g.Top {
		g.Bottom, g.Top = g.Top, g.Bottom
	}
	if !(g.Right > g.Left) || !(g.Top > g.Bottom) || math.IsInf(g.Left+g.Right+g.Top+g.Bottom+g.Base, 0) || math.IsNaN(g.Base) {
		return Glyph{}, false
	}
	return g, true
}
