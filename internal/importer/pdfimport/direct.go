package pdfimport

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"

	"github.com/klippa-app/go-pdfium"
	pdferr "github.com/klippa-app/go-pdfium/errors"
	"github.com/tetratelabs/wazero/api"
)

// direct calls pdfium's exported C functions in one WebAssembly instance
// without go-pdfium's request layer. go-pdfium wraps every getter in
// mallocs and frees of its out-parameters (nine calls into the sandbox
// per character instead of three). The instance's own context is used,
// so in the fallback without stop.go's host calls (wazero's termination
// checks) killing the instance still interrupts a call in flight.
type direct struct {
	ctx   context.Context
	mem   api.Memory
	stack [4]uint64
	out   uint32 // 32 bytes of sandbox memory for the getters' out-parameters

	malloc, free, lastError                           wasmFunc
	loadDoc, closeDoc, pageCount, loadPage, closePage wasmFunc
	loadText, closeText, countChars                   wasmFunc
	unicode, looseBox, origin                         wasmFunc
}

type wasmFunc interface {
	CallWithStack(ctx context.Context, stack []uint64) error
}

// newDirect reaches the instance's module through go-pdfium's
// GetImplementation. It returns nil when the implementation is not the
// WebAssembly one it knows (another go-pdfium version), and the reader
// then uses go-pdfium's requests.
func newDirect(inst pdfium.Pdfium) (d *direct) {
	defer func() {
		if recover() != nil {
			d = nil
		}
	}()
	impl := reflect.ValueOf(inst.GetImplementation())
	if impl.Kind() != reflect.Pointer || impl.IsNil() || impl.Elem().Kind() != reflect.Struct {
		return nil
	}
	ctx, ok := impl.Elem().FieldByName("Context").Interface().(context.Context)
	if !ok || ctx == nil {
		return nil
	}
	mod := impl.Elem().FieldByName("Module")
	if !mod.IsValid() || mod.IsNil() {
		return nil
	}
	mem, ok := mod.MethodByName("Memory").Call(nil)[0].Interface().(api.Memory)
	if !ok || mem == nil {
		return nil
	}
	lookup := impl.MethodByName("Fn")
	d = &direct{ctx: ctx, mem: mem}
	for name, f := range map[string]*wasmFunc{
		"malloc": &d.malloc, "free": &d.free, "FPDF_GetLastError": &d.lastError,
		"FPDF_LoadMemDocument": &d.loadDoc, "FPDF_CloseDocument": &d.closeDoc,
		"FPDF_GetPageCount": &d.pageCount, "FPDF_LoadPage": &d.loadPage, "FPDF_ClosePage": &d.closePage,
		"FPDFText_LoadPage": &d.loadText, "FPDFText_ClosePage": &d.closeText, "FPDFText_CountChars": &d.countChars,
		"FPDFText_GetUnicode": &d.unicode, "FPDFText_GetLooseCharBox": &d.looseBox, "FPDFText_GetCharOrigin": &d.origin,
	} {
		v := lookup.Call([]reflect.Value{reflect.ValueOf(name)})[0]
		if v.IsNil() {
			return nil
		}
		if *f, ok = v.Interface().(wasmFunc); !ok {
			return nil
		}
	}
	return d
}

// call runs f with up to four i32 arguments and returns its i32 result.
func (d *direct) call(f wasmFunc, args ...uint32) (uint32, error) {
	for i, a := range args {
		d.stack[i] = uint64(a)
	}
	if err := f.CallWithStack(d.ctx, d.stack[:]); err != nil {
		return 0, err
	}
	return uint32(d.stack[0]), nil
}

// open copies the file into the sandbox and opens it; the returned
// handles are released by close.
func (d *direct) open(data []byte) (doc, buf uint32, err error) {
	if d.out == 0 {
		if d.out, err = d.call(d.malloc, 32); err != nil {
			return 0, 0, err
		}
		if d.out == 0 {
			return 0, 0, errors.New("out of sandbox memory")
		}
	}
	if uint64(len(data)) > math.MaxInt32 {
		return 0, 0, pdferr.ErrFile
	}
	if buf, err = d.call(d.malloc, uint32(len(data))); err != nil {
		return 0, 0, err
	}
	if buf == 0 || !d.mem.Write(buf, data) {
		return 0, 0, errors.New("out of sandbox memory")
	}
	if doc, err = d.call(d.loadDoc, buf, uint32(len(data)), 0); err != nil {
		return 0, buf, err
	}
	if doc != 0 {
		return doc, buf, nil
	}
	code, err := d.call(d.lastError)
	if err != nil {
		return 0, buf, err
	}
	// FPDF_ERR_* of fpdfview.h, the errors go-pdfium's OpenDocument gives.
	switch code {
	case 0:
		return 0, buf, pdferr.ErrSuccess
	case 1:
		return 0, buf, pdferr.ErrUnknown
	case 2:
		return 0, buf, pdferr.ErrFile
	case 3:
		return 0, buf, pdferr.ErrFormat
	case 4:
		return 0, buf, pdferr.ErrPassword
	case 5:
		return 0, buf, pdferr.ErrSecurity
	case 6:
		return 0, buf, pdferr.ErrPage
	}
	return 0, buf, pdferr.ErrUnexpected
}

func (d *direct) close(doc, buf uint32) {
	if doc != 0 {
		d.call(d.closeDoc, doc)
	}
	if buf != 0 {
		d.call(d.free, buf)
	}
	if d.out != 0 {
		d.call(d.free, d.out)
		d.out = 0
	}
}

func (d *direct) pages(doc uint32) (int, error) {
	n, err := d.call(d.pageCount, doc)
	return int(n), err
}

// page gives the same glyphs as reader.page's go-pdfium requests, in the
// same order, with the same conversions (float32 boxes, float64 origin).
func (d *direct) page(doc uint32, i int) (Page, error) {
	pg, err := d.call(d.loadPage, doc, uint32(i))
	if err != nil {
		return Page{}, err
	}
	if pg == 0 {
		return Page{}, pdferr.ErrPage
	}
	defer d.call(d.closePage, pg)
	tp, err := d.call(d.loadText, pg)
	if err != nil {
		return Page{}, err
	}
	if tp == 0 {
		return Page{}, errors.New("could not load text page")
	}
	defer d.call(d.closeText, tp)
	cnt, err := d.call(d.countChars, tp)
	if err != nil {
		return Page{}, err
	}
	if int32(cnt) == -1 {
		return Page{}, errors.New("could not get char count")
	}
	var p Page
	box, x, y := d.out, d.out+16, d.out+24
	for k := uint32(0); int32(k) < int32(cnt); k++ {
		u, err := d.call(d.unicode, tp, k)
		if err != nil {
			return Page{}, err
		}
		ch := rune(u)
		if !printable(ch) {
			continue
		}
		ok, err := d.call(d.looseBox, tp, k, box)
		if err != nil {
			return Page{}, err
		}
		if ok == 0 {
			return Page{}, errors.New("could not get loose char box")
		}
		if ok, err = d.call(d.origin, tp, k, x, y); err != nil {
			return Page{}, err
		}
		if ok == 0 {
			return Page{}, errors.New("could not get char origin")
		}
		var r [4]float32 // FS_RECTF: left, top, right, bottom
		for j := range r {
			v, ok := d.mem.ReadFloat32Le(box + uint32(4*j))
			if !ok {
				return Page{}, fmt.Errorf("sandbox memory out of range")
			}
			r[j] = v
		}
		base, ok2 := d.mem.ReadFloat64Le(y)
		if !ok2 {
			return Page{}, fmt.Errorf("sandbox memory out of range")
		}
		if g, keep := glyph(ch, r[0], r[2], r[3], r[1], base); keep {
			if p.Glyphs == nil {
				p.Glyphs = make([]Glyph, 0, cnt-k)
			}
			p.Glyphs = append(p.Glyphs, g)
		}
	}
	return p, nil
}
