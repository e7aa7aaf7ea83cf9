package pdfimport

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdferr "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"

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
		doc.Lines = append(doc.Lines, Lines(i+1, p.Glyphs)...)
	}
	return doc, nil
}

// Glyphs returns the glyphs of every page.
func Glyphs(ctx context.Context, name string, data []byte, lim Limits) ([]Page, error) {
	if lim.MaxBytes > 0 && len(data) > lim.MaxBytes {
		return nil, fmt.Errorf("%s: PDF 文件过大（%s，上限 %s）", name, size(len(data)), size(lim.MaxBytes))
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: 文件是空的", name)
	}
	pool, err := engine()
	if err != nil {
		return nil, fmt.Errorf("%s: PDF 解析组件无法启动: %v", name, err)
	}
	inst, err := pool.GetInstance(time.Minute)
	if err != nil {
		return nil, fmt.Errorf("%s: PDF 解析组件无法启动: %v", name, err)
	}
	r := &reader{name: name, inst: inst, lim: lim}
	defer r.release()
	return r.read(ctx, data)
}

type reader struct {
	name   string
	inst   pdfium.Pdfium
	lim    Limits
	doc    *references.FPDF_DOCUMENT
	killed bool
}

func (r *reader) release() {
	if r.killed {
		return
	}
	if r.doc != nil {
		r.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: *r.doc})
	}
	r.inst.Close()
}

func (r *reader) read(ctx context.Context, data []byte) ([]Page, error) {
	var opened *responses.OpenDocument
	err := r.bounded(ctx, 0, func() error {
		var err error
		opened, err = r.inst.OpenDocument(&requests.OpenDocument{File: &data})
		return err
	})
	if err != nil {
		return nil, r.openError(err)
	}
	r.doc = &opened.Document
	var n int
	err = r.bounded(ctx, 0, func() error {
		c, err := r.inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: *r.doc})
		if err == nil {
			n = c.PageCount
		}
		return err
	})
	if err != nil {
		return nil, r.openError(err)
	}
	if n == 0 {
		return nil, fmt.Errorf("%s: PDF 没有任何页面", r.name)
	}
	if r.lim.MaxPages > 0 && n > r.lim.MaxPages {
		return nil, fmt.Errorf("%s: PDF 有 %d 页，超过上限 %d 页，不像一份部门决算", r.name, n, r.lim.MaxPages)
	}
	pages := make([]Page, n)
	glyphs := 0
	for i := range pages {
		err := r.bounded(ctx, i+1, func() error {
			var err error
			pages[i], err = r.page(i)
			return err
		})
		if err != nil {
			return nil, err
		}
		glyphs += len(pages[i].Glyphs)
	}
	if glyphs == 0 {
		return nil, noTextError{fmt.Sprintf("%s: PDF 的 %d 页都没有文字层（可能是扫描件或图片），无法读取表格；请先做文字识别（OCR）或取得原始电子版", r.name, n)}
	}
	return pages, nil
}

// bounded runs f with the per-page time limit. pdfium cannot be stopped
// from outside a call, so on timeout the instance is killed (the
// sandbox closes on its context) and the document is abandoned.
func (r *reader) bounded(ctx context.Context, page int, f func() error) error {
	if r.lim.PageTimeout <= 0 {
		return r.wrap(page, f())
	}
	ctx, cancel := context.WithTimeout(ctx, r.lim.PageTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("%v", p)
			}
		}()
		done <- f()
	}()
	select {
	case err := <-done:
		return r.wrap(page, err)
	case <-ctx.Done():
		r.killed = true
		r.inst.Kill()
		where := "打开文件"
		if page > 0 {
			where = fmt.Sprintf("第 %d 页", page)
		}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("%s: %s解析超时（超过 %s），文件可能已损坏或过于复杂", r.name, where, r.lim.PageTimeout)
		}
		return fmt.Errorf("%s: %s解析被取消", r.name, where)
	}
}

func (r *reader) wrap(page int, err error) error {
	if err == nil || page == 0 {
		return err
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
		if ch <= ' ' || ch == 0xA0 || ch == 0x3000 || ch == 0xFFFE || ch == 0xFFFD || ch > 0x10FFFF {
			continue
		}
		// The loose box spans the font's ascent to descent and the glyph's
		// advance: glyphs of one line share it (a comma sits as high as a
		// digit), and the gaps between boxes are the real spacing, not the
		// ink's (a "1" is narrow ink in a full digit width).
		b, err := r.inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: k})
		if err != nil {
			return Page{}, err
		}
		o, err := r.inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp.TextPage, Index: k})
		if err != nil {
			return Page{}, err
		}
		g := Glyph{R: ch, Left: float64(b.Rect.Left), Right: float64(b.Rect.Right), Bottom: float64(b.Rect.Bottom), Top: float64(b.Rect.Top), Base: o.Y}
		if g.Bottom > g.Top {
			g.Bottom, g.Top = g.Top, g.Bottom
		}
		if !(g.Right > g.Left) || !(g.Top > g.Bottom) || math.IsInf(g.Left+g.Right+g.Top+g.Bottom+g.Base, 0) || math.IsNaN(g.Base) {
			continue
		}
		p.Glyphs = append(p.Glyphs, g)
	}
	return p, nil
}
