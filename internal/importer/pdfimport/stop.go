package pdfimport

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/klippa-app/go-pdfium"
	"github.com/tetratelabs/wazero/api"
)

// The per-page time limit must be able to stop pdfium in the middle of a
// call (a hostile PDF can make it loop). wazero offers this as
// WithCloseOnContextDone, but its compiled code then leaves WebAssembly
// for Go at the head of every loop iteration to look at the module's
// state, and starts a goroutine that watches the context on every call
// into the sandbox: pdfium ran 3–5× slower with it (BENCHMARKS.md, Import).
//
// Instead, the module is rewritten once when the engine starts: a new
// mutable global, exported as stopExport, is read at the entry of every
// function and at the head of every loop, and when it is not zero the
// code executes `unreachable`, which traps. Straight-line code between
// two such checks is finite, so setting the global stops any call within
// microseconds; reading a global is one load and a branch in compiled code.
// The global is only written from Go (pdfium's code cannot address
// globals it was not compiled with), so a PDF cannot clear it.
const stopExport = "juesuan_stop"

// stopCheck is the instruction sequence inserted at each check:
// global.get g; if; unreachable; end.
func stopCheck(g uint32) []byte {
	b := []byte{0x23}
	b = appendULEB(b, uint64(g))
	return append(b, 0x04, 0x40, 0x00, 0x0b)
}

// instrument returns a copy of the WebAssembly module mod with the stop
// checks above. It fails on anything it does not understand (the caller
// then uses wazero's own termination checks); the instructions it does
// not change are copied byte for byte, so a misread length would make the
// module invalid, which wazero's validation refuses, rather than change
// what it computes.
func instrument(mod []byte) ([]byte, error) {
	if len(mod) < 8 || !bytes.Equal(mod[:8], []byte("\x00asm\x01\x00\x00\x00")) {
		return nil, errors.New("not a WebAssembly 1 module")
	}
	type section struct {
		id   byte
		body []byte
	}
	var secs []section
	r := &wasmReader{b: mod, p: 8}
	for r.p < len(r.b) {
		id := r.byte()
		n := r.u32()
		body := r.bytes(int(n))
		if r.err != nil {
			return nil, r.err
		}
		secs = append(secs, section{id, body})
	}
	// The new global's index follows the imported and the defined globals.
	var importedGlobals, definedGlobals uint32
	hasGlobals, hasExports, hasCode := false, false, false
	for _, s := range secs {
		switch s.id {
		case 2:
			n, err := countImportedGlobals(s.body)
			if err != nil {
				return nil, err
			}
			importedGlobals = n
		case 6:
			hasGlobals = true
			sr := &wasmReader{b: s.body}
			definedGlobals = sr.u32()
			if sr.err != nil {
				return nil, sr.err
			}
		case 7:
			hasExports = true
		case 10:
			hasCode = true
		}
	}
	if !hasGlobals || !hasExports || !hasCode {
		return nil, errors.New("module without globals, exports or code")
	}
	g := importedGlobals + definedGlobals
	check := stopCheck(g)
	out := append(make([]byte, 0, len(mod)+len(mod)/32), mod[:8]...)
	for _, s := range secs {
		body := s.body
		var err error
		switch s.id {
		case 6: // one more global: mutable i32, initially 0
			body, err = appendToVector(body, []byte{0x7f, 0x01, 0x41, 0x00, 0x0b})
		case 7: // exported under stopExport
			e := appendULEB(nil, uint64(len(stopExport)))
			e = append(e, stopExport...)
			e = append(e, 0x03)
			e = appendULEB(e, uint64(g))
			body, err = appendToVector(body, e)
		case 10:
			body, err = instrumentCode(body, check)
		}
		if err != nil {
			return nil, fmt.Errorf("section %d: %w", s.id, err)
		}
		out = append(out, s.id)
		out = appendULEB(out, uint64(len(body)))
		out = append(out, body...)
	}
	return out, nil
}

// appendToVector adds one encoded element to a section that is a vector.
func appendToVector(body, elem []byte) ([]byte, error) {
	r := &wasmReader{b: body}
	n := r.u32()
	if r.err != nil {
		return nil, r.err
	}
	out := appendULEB(nil, uint64(n)+1)
	out = append(out, body[r.p:]...)
	return append(out, elem...), nil
}

func countImportedGlobals(body []byte) (uint32, error) {
	r := &wasmReader{b: body}
	var globals uint32
	for n := r.u32(); n > 0 && r.err == nil; n-- {
		r.bytes(int(r.u32())) // module
		r.bytes(int(r.u32())) // name
		switch r.byte() {
		case 0x00: // function
			r.u32()
		case 0x01: // table
			r.byte()
			r.limits()
		case 0x02: // memory
			r.limits()
		case 0x03: // global
			r.byte()
			r.byte()
			globals++
		case 0x04: // tag
			r.byte()
			r.u32()
		default:
			r.fail("unknown import kind")
		}
	}
	return globals, r.err
}

// instrumentCode rewrites the code section: every function body gets a
// check at its start and after every loop instruction.
func instrumentCode(body, check []byte) ([]byte, error) {
	r := &wasmReader{b: body}
	n := r.u32()
	out := appendULEB(make([]byte, 0, len(body)+len(body)/32), uint64(n))
	var fn []byte
	for i := uint32(0); i < n && r.err == nil; i++ {
		size := r.u32()
		start := r.p
		end := start + int(size)
		if r.err != nil || end > len(r.b) {
			return nil, errors.New("function body out of bounds")
		}
		f := &wasmReader{b: r.b[:end], p: start}
		for locals := f.u32(); locals > 0 && f.err == nil; locals-- {
			f.u32()
			f.byte()
		}
		if f.err != nil {
			return nil, f.err
		}
		fn = append(fn[:0], r.b[start:f.p]...)
		fn = append(fn, check...)
		run := f.p // instructions not yet copied
		for f.p < end && f.err == nil {
			op := f.b[f.p]
			f.p++
			// The commonest instructions inline: none or one byte of operand.
			if k := opImm[op]; k == immNone {
				continue
			} else if (k == immU32 || k == immLEB) && f.p < end && f.b[f.p] < 0x80 {
				f.p++
				continue
			}
			f.immediates(op)
			if op == 0x03 { // loop: check on each iteration
				fn = append(fn, r.b[run:f.p]...)
				fn = append(fn, check...)
				run = f.p
			}
		}
		fn = append(fn, r.b[run:min(f.p, end)]...)
		if f.err != nil {
			return nil, fmt.Errorf("function %d: %w", i, f.err)
		}
		if f.p != end {
			return nil, fmt.Errorf("function %d: instructions overrun its body", i)
		}
		out = appendULEB(out, uint64(len(fn)))
		out = append(out, fn...)
		r.p = end
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.p != len(r.b) {
		return nil, errors.New("trailing bytes after the code")
	}
	return out, nil
}

// wasmReader reads the binary format; the first error sticks.
type wasmReader struct {
	b   []byte
	p   int
	err error
}

func (r *wasmReader) fail(msg string) {
	if r.err == nil {
		r.err = fmt.Errorf("at byte %d: %s", r.p, msg)
	}
	r.p = len(r.b)
}

func (r *wasmReader) byte() byte {
	if r.p >= len(r.b) {
		r.fail("unexpected end")
		return 0
	}
	r.p++
	return r.b[r.p-1]
}

func (r *wasmReader) bytes(n int) []byte {
	if n < 0 || r.p+n > len(r.b) {
		r.fail("unexpected end")
		return nil
	}
	r.p += n
	return r.b[r.p-n : r.p]
}

// leb reads an LEB128 number of up to 10 bytes, signed or not.
func (r *wasmReader) leb() uint64 {
	if r.p < len(r.b) && r.b[r.p] < 0x80 { // most are one byte
		r.p++
		return uint64(r.b[r.p-1])
	}
	var v uint64
	for shift := 0; shift < 70; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.fail("LEB128 too long")
	return 0
}

func (r *wasmReader) u32() uint32 { return uint32(r.leb()) }

func (r *wasmReader) limits() {
	flags := r.byte()
	r.leb()
	if flags&1 != 0 {
		r.leb()
	}
}

func (r *wasmReader) memarg() {
	if r.u32()&0x40 != 0 { // multi-memory: a memory index follows
		r.u32()
	}
	r.leb()
}

// blockType skips a block type: empty, a value type or a type index.
func (r *wasmReader) blockType() {
	if r.p < len(r.b) {
		switch r.b[r.p] {
		case 0x40, 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f, 0x69:
			r.p++
			return
		}
	}
	r.leb()
}

// Immediate operands of the one-byte opcodes, for immediates.
const (
	immNone    = iota
	immU32     // one index or label
	immU32x2   // call_indirect, return_call_indirect
	immMemarg  // loads and stores
	immBlock   // block, loop, if
	immLEB     // i32.const, i64.const
	immBytes4  // f32.const
	immBytes8  // f64.const
	immByte    // ref.null
	immOther   // decoded case by case
	immUnknown // not an opcode this reader knows
)

var opImm = func() (t [256]uint8) {
	for op := range t {
		t[op] = immUnknown
	}
	for _, op := range []byte{0x00, 0x01, 0x05, 0x0a, 0x0b, 0x0f, 0x1a, 0x1b, 0xd1} {
		t[op] = immNone // unreachable, nop, else, throw_ref, end, return, drop, select, ref.is_null
	}
	for op := 0x45; op <= 0xc4; op++ {
		t[op] = immNone // numeric instructions
	}
	for _, op := range []byte{0x08, 0x0c, 0x0d, 0x10, 0x12, 0xd2, 0x3f, 0x40} {
		t[op] = immU32 // throw, br, br_if, call, return_call, ref.func, memory.size, memory.grow
	}
	for op := 0x20; op <= 0x26; op++ {
		t[op] = immU32 // locals, globals, tables
	}
	t[0x11], t[0x13] = immU32x2, immU32x2
	for op := 0x28; op <= 0x3e; op++ {
		t[op] = immMemarg
	}
	t[0x02], t[0x03], t[0x04] = immBlock, immBlock, immBlock
	t[0x41], t[0x42] = immLEB, immLEB
	t[0x43], t[0x44], t[0xd0] = immBytes4, immBytes8, immByte
	for _, op := range []byte{0x0e, 0x1c, 0x1f, 0xfc, 0xfd, 0xfe} {
		t[op] = immOther // br_table, select t*, try_table, prefixed instructions
	}
	return t
}()

// immediates skips the immediate operands of the instruction op.
func (r *wasmReader) immediates(op byte) {
	switch opImm[op] {
	case immNone:
	case immU32, immLEB:
		r.leb()
	case immU32x2:
		r.leb()
		r.leb()
	case immMemarg:
		r.memarg()
	case immBlock:
		r.blockType()
	case immBytes4:
		r.bytes(4)
	case immBytes8:
		r.bytes(8)
	case immByte:
		r.byte()
	case immOther:
		r.otherImmediates(op)
	default:
		r.fail(fmt.Sprintf("unknown opcode 0x%02x", op))
	}
}

func (r *wasmReader) otherImmediates(op byte) {
	switch op {
	case 0x0e: // br_table
		for n := r.u32(); n > 0 && r.err == nil; n-- {
			r.u32()
		}
		r.u32()
	case 0x1c: // select t*
		for n := r.u32(); n > 0 && r.err == nil; n-- {
			r.byte()
		}
	case 0x1f: // try_table
		r.blockType()
		for n := r.u32(); n > 0 && r.err == nil; n-- {
			switch r.byte() {
			case 0x00, 0x01: // catch, catch_ref: tag, label
				r.u32()
				r.u32()
			case 0x02, 0x03: // catch_all, catch_all_ref: label
				r.u32()
			default:
				r.fail("unknown catch clause")
			}
		}
	case 0xfc:
		r.miscImmediates(r.u32())
	case 0xfd:
		r.vectorImmediates(r.u32())
	case 0xfe:
		if r.u32() == 0x03 { // atomic.fence
			r.byte()
		} else {
			r.memarg()
		}
	}
}

func (r *wasmReader) miscImmediates(sub uint32) {
	switch {
	case sub <= 7: // saturating truncations
	case sub == 8: // memory.init
		r.u32()
		r.u32()
	case sub == 9, sub == 11, sub == 13, sub >= 15 && sub <= 17:
		r.u32() // data.drop, memory.fill, elem.drop, table.grow/size/fill
	case sub == 10, sub == 12, sub == 14: // memory.copy, table.init, table.copy
		r.u32()
		r.u32()
	default:
		r.fail(fmt.Sprintf("unknown 0xfc opcode %d", sub))
	}
}

func (r *wasmReader) vectorImmediates(sub uint32) {
	switch {
	case sub <= 11, sub == 92, sub == 93: // loads and stores
		r.memarg()
	case sub == 12, sub == 13: // v128.const, i8x16.shuffle
		r.bytes(16)
	case sub >= 21 && sub <= 34: // extract and replace lane
		r.byte()
	case sub >= 84 && sub <= 91: // load and store lane
		r.memarg()
		r.byte()
	case sub <= 0x113:
		// the other vector instructions have no immediates
	default:
		r.fail(fmt.Sprintf("unknown 0xfd opcode %d", sub))
	}
}

func appendULEB(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// stopFlag is the stop global of the instance's module, or nil when the
// module has none (it was not instrumented) or cannot be reached.
// go-pdfium keeps the wazero module in an unexported field of an
// adapter, which is read here the way direct.go reads its other fields.
func stopFlag(inst pdfium.Pdfium) (g api.MutableGlobal) {
	defer func() {
		if recover() != nil {
			g = nil
		}
	}()
	impl := reflect.ValueOf(inst.GetImplementation())
	if impl.Kind() != reflect.Pointer || impl.IsNil() {
		return nil
	}
	adapter := impl.Elem().FieldByName("Module")
	if !adapter.IsValid() || adapter.IsNil() {
		return nil
	}
	v := reflect.New(adapter.Elem().Type()).Elem() // an addressable copy
	v.Set(adapter.Elem())
	f := v.FieldByName("mod")
	if !f.IsValid() {
		return nil
	}
	mod, ok := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(api.Module)
	if !ok || mod == nil {
		return nil
	}
	g, _ = mod.ExportedGlobal(stopExport).(api.MutableGlobal)
	return g
}
