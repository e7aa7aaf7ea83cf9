package pdfimport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"time"
	"unsafe"

	"github.com/klippa-app/go-pdfium"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// The per-page time limit must be able to stop pdfium in the middle of a
// call (a hostile PDF can make it loop). wazero offers this as
// WithCloseOnContextDone, but its compiled code then leaves WebAssembly
// for Go at the head of every loop iteration to look at the module's
// state, and starts a goroutine that watches the context on every call
// into the sandbox: pdfium ran 3–5× slower with it (BENCHMARKS.md, Import).
//
// And a call must not keep the Go runtime waiting: Go cannot preempt a
// goroutine while it runs wazero's compiled machine code, so a garbage
// collection that starts during a long call stops the world until the
// call returns (every goroutine of the process waits), and no timer
// goroutine can run to stop the call meanwhile.
//
// So the module is rewritten once when the engine starts: a new mutable
// global, the budget, is counted down at the entry of every function that
// calls another, and a new local of the function's own is counted at the
// head of every loop; every yieldEvery counts of either, the code calls a
// function it imports from the host (yieldModule.yieldName, the Go
// function yieldHost, below), which decides whether the call goes on
// (and the budget starts again). A call into the host leaves the
// compiled code for Go (wazero's call engine returns to its Go loop,
// which calls the Go function and re-enters the code), where the runtime
// can preempt the goroutine for a collection or the scheduler.
// The host function also keeps the page's time limit and the caller's
// context: when they are over, it answers non-zero and the code executes
// `unreachable`, which traps. Straight-line code between two counts is
// finite, so a call leaves for Go within a bounded time whatever it
// computes (instrumentation.code says why); a count of the budget is a
// load, a subtraction, a store and a branch, a loop's count an addition
// in a register, a test and a branch.
//
// The budget is written only by the inserted code (pdfium's code cannot
// address globals or locals it was not compiled with, and the global is
// not exported), and the host function is called only from the inserted
// code, so a PDF can neither skip a check nor answer for the host.
const (
	yieldModule = "juesuan"
	yieldName   = "yield"
)

// yieldEvery is the number of counts between two calls into the host (a
// power of two: the loops' counters test their low bits). Reading the
// corpus, pdfium calls the host every 85–95 µs of CPU on average on the
// development machine (every 35–50 µs when every function entry was
// counted): a collection or a stop waits about that long, and the calls
// (a return to Go's call loop and back, a map look-up, the time) cost
// well under 1 % (BENCHMARKS.md, Import). A tight loop counts faster
// (spinModule: a call every 3–10 µs).
const yieldEvery = 1 << 12

// yieldCheck is the count at a function's entry, for the budget global g
// and the imported host function f:
//
//	global.get g; i32.const 1; i32.sub; global.set g
//	global.get g; i32.const 0; i32.le_s
//	if
//	  call f; if; unreachable; end
//	  i32.const yieldEvery; global.set g
//	end
func yieldCheck(g, f uint32) []byte {
	b := []byte{0x23}
	b = appendULEB(b, uint64(g))
	b = append(b, 0x41, 0x01, 0x6b, 0x24)
	b = appendULEB(b, uint64(g))
	b = append(b, 0x23)
	b = appendULEB(b, uint64(g))
	b = append(b, 0x41, 0x00, 0x4c, 0x04, 0x40, 0x10)
	b = appendULEB(b, uint64(f))
	b = append(b, 0x04, 0x40, 0x00, 0x0b, 0x41)
	b = appendSLEB(b, yieldEvery)
	b = append(b, 0x24)
	b = appendULEB(b, uint64(g))
	return append(b, 0x0b)
}

// instrument returns a copy of the WebAssembly module mod with the counts
// above. It fails on anything it does not understand (the caller then
// uses wazero's own termination checks). The host function is imported
// after the module's imports, so every function index from the first
// defined function on grows by one: in calls, ref.func, exports, the start
// function, element segments and constant expressions. The instructions
// it does not change are copied byte for byte, so a misread length would
// make the module invalid, which wazero's validation refuses, rather than
// change what it computes; a function index it missed would call the
// wrong function, which wazero's validation refuses unless the types
// match (the corpus tests compare the glyphs with the original module's).
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
	// The new global's index follows the imported and the defined
	// globals; the new type follows the module's types; the host
	// function follows the imported functions.
	var importedFuncs, importedGlobals, definedGlobals, types uint32
	var params []uint32 // of each type
	var funcTypes []uint32
	has := map[byte]bool{}
	for _, s := range secs {
		has[s.id] = true
		var err error
		switch s.id {
		case 1:
			params, err = typeParams(s.body)
			types = uint32(len(params))
		case 3:
			funcTypes, err = functionTypes(s.body, params)
		case 2:
			importedFuncs, importedGlobals, err = countImports(s.body)
		case 6:
			definedGlobals, err = vectorLen(s.body)
		}
		if err != nil {
			return nil, err
		}
	}
	for _, id := range []byte{1, 3, 6, 10} {
		if !has[id] {
			return nil, fmt.Errorf("module without section %d", id)
		}
	}
	g := importedGlobals + definedGlobals
	fi := &funcIndex{from: importedFuncs}
	ic := &instrumentation{entry: yieldCheck(g, importedFuncs), host: importedFuncs, params: params, funcTypes: funcTypes}
	imp := appendULEB(nil, uint64(len(yieldModule)))
	imp = append(imp, yieldModule...)
	imp = appendULEB(imp, uint64(len(yieldName)))
	imp = append(imp, yieldName...)
	imp = append(imp, 0x00)
	imp = appendULEB(imp, uint64(types))
	out := append(make([]byte, 0, len(mod)+len(mod)/16), mod[:8]...)
	for _, s := range secs {
		body := s.body
		var err error
		switch s.id {
		case 0:
			if sr := (&wasmReader{b: body}); string(sr.bytes(int(sr.u32()))) == "name" {
				continue // its function indexes would be wrong; names only label traces
			}
		case 1: // the host function's type: [] -> [i32]
			body, err = appendToVector(body, []byte{0x60, 0x00, 0x01, 0x7f})
		case 2: // the host function, imported last
			body, err = appendToVector(body, imp)
		case 6: // the budget: mutable i32, initially yieldEvery
			body, err = fi.globals(body)
			if err == nil {
				body, err = appendToVector(body, append(appendSLEB([]byte{0x7f, 0x01, 0x41}, yieldEvery), 0x0b))
			}
		case 7:
			body, err = fi.exports(body)
		case 8:
			body, err = fi.start(body)
		case 9:
			body, err = fi.elements(body)
		case 10:
			body, err = ic.code(body, fi)
		}
		if err != nil {
			return nil, fmt.Errorf("section %d: %w", s.id, err)
		}
		out = append(out, s.id)
		out = appendULEB(out, uint64(len(body)))
		out = append(out, body...)
		if s.id == 1 && !has[2] { // no imports: a section with the one
			body = append([]byte{1}, imp...)
			out = append(out, 2)
			out = appendULEB(out, uint64(len(body)))
			out = append(out, body...)
		}
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

// typeParams returns the number of parameters of each type of the type
// section (function types whose value types are one byte each).
func typeParams(body []byte) ([]uint32, error) {
	r := &wasmReader{b: body}
	n := r.u32()
	var params []uint32
	for ; n > 0 && r.err == nil; n-- {
		if r.byte() != 0x60 {
			r.fail("not a function type")
			break
		}
		k := r.u32()
		params = append(params, k)
		r.bytes(int(k))
		r.bytes(int(r.u32()))
	}
	if r.err == nil && r.p != len(r.b) {
		r.fail("trailing bytes")
	}
	return params, r.err
}

// functionTypes returns the type of each defined function.
func functionTypes(body []byte, params []uint32) ([]uint32, error) {
	r := &wasmReader{b: body}
	n := r.u32()
	var types []uint32
	for ; n > 0 && r.err == nil; n-- {
		t := r.u32()
		if int(t) >= len(params) {
			r.fail("unknown type")
		}
		types = append(types, t)
	}
	if r.err == nil && r.p != len(r.b) {
		r.fail("trailing bytes")
	}
	return types, r.err
}

func vectorLen(body []byte) (uint32, error) {
	r := &wasmReader{b: body}
	n := r.u32()
	return n, r.err
}

// countImports counts the imported functions and globals.
func countImports(body []byte) (funcs, globals uint32, err error) {
	r := &wasmReader{b: body}
	for n := r.u32(); n > 0 && r.err == nil; n-- {
		r.bytes(int(r.u32())) // module
		r.bytes(int(r.u32())) // name
		switch r.byte() {
		case 0x00: // function
			r.u32()
			funcs++
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
	return funcs, globals, r.err
}

// funcIndex renumbers function indexes for the imported host function:
// those from the first defined function (from) on grow by one.
type funcIndex struct{ from uint32 }

func (fi *funcIndex) of(i uint32) uint32 {
	if i >= fi.from {
		return i + 1
	}
	return i
}

// copyIndex copies one function index from r to out, renumbered.
func (fi *funcIndex) copyIndex(r *wasmReader, out []byte) []byte {
	return appendULEB(out, uint64(fi.of(r.u32())))
}

// exports renumbers the exported functions.
func (fi *funcIndex) exports(body []byte) ([]byte, error) {
	r := &wasmReader{b: body}
	out := make([]byte, 0, len(body)+16)
	n := r.u32()
	out = appendULEB(out, uint64(n))
	for ; n > 0 && r.err == nil; n-- {
		start := r.p
		r.bytes(int(r.u32()))
		kind := r.byte()
		out = append(out, r.b[start:r.p]...)
		if kind == 0x00 {
			out = fi.copyIndex(r, out)
		} else {
			out = appendULEB(out, uint64(r.u32()))
		}
	}
	return fi.done(r, out)
}

func (fi *funcIndex) start(body []byte) ([]byte, error) {
	r := &wasmReader{b: body}
	return fi.done(r, fi.copyIndex(r, nil))
}

// globals renumbers the ref.func in the globals' initial values.
func (fi *funcIndex) globals(body []byte) ([]byte, error) {
	r := &wasmReader{b: body}
	out := make([]byte, 0, len(body)+16)
	n := r.u32()
	out = appendULEB(out, uint64(n))
	for ; n > 0 && r.err == nil; n-- {
		out = append(out, r.bytes(2)...) // type, mutability
		out = fi.constExpr(r, out)
	}
	return fi.done(r, out)
}

// elements renumbers the element segments' functions, in all eight
// forms of the binary format.
func (fi *funcIndex) elements(body []byte) ([]byte, error) {
	r := &wasmReader{b: body}
	out := make([]byte, 0, len(body)+64)
	n := r.u32()
	out = appendULEB(out, uint64(n))
	for ; n > 0 && r.err == nil; n-- {
		flags := r.u32()
		out = appendULEB(out, uint64(flags))
		if flags > 7 {
			r.fail("unknown element segment")
			break
		}
		if flags&3 == 2 { // explicit table
			out = appendULEB(out, uint64(r.u32()))
		}
		if flags&1 == 0 { // active: offset
			out = fi.constExpr(r, out)
		}
		if flags&3 != 0 { // element kind or reference type
			out = append(out, r.byte())
		}
		k := r.u32()
		out = appendULEB(out, uint64(k))
		for ; k > 0 && r.err == nil; k-- {
			if flags&4 == 0 {
				out = fi.copyIndex(r, out)
			} else {
				out = fi.constExpr(r, out)
			}
		}
	}
	return fi.done(r, out)
}

// constExpr copies a constant expression up to its end, renumbering
// ref.func; it fails on instructions constant expressions cannot hold.
func (fi *funcIndex) constExpr(r *wasmReader, out []byte) []byte {
	for r.err == nil {
		start := r.p
		op := r.byte()
		switch op {
		case 0x0b: // end
			return append(out, op)
		case 0xd2: // ref.func
			out = append(out, op)
			out = fi.copyIndex(r, out)
			continue
		case 0x41, 0x42, 0x23: // i32.const, i64.const, global.get
			r.leb()
		case 0x43:
			r.bytes(4)
		case 0x44:
			r.bytes(8)
		case 0xd0: // ref.null
			r.byte()
		case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: // extended constants
		default:
			r.fail(fmt.Sprintf("opcode 0x%02x in a constant expression", op))
			return out
		}
		out = append(out, r.b[start:r.p]...)
	}
	return out
}

func (fi *funcIndex) done(r *wasmReader, out []byte) ([]byte, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.p != len(r.b) {
		return nil, errors.New("trailing bytes")
	}
	return out, nil
}

// instrumentation is what the code section's rewrite needs: the count
// at a function's entry, the host function's index, and the parameters
// of each defined function (its new local follows them and its locals).
type instrumentation struct {
	entry     []byte
	host      uint32
	params    []uint32 // of each type
	funcTypes []uint32 // of each defined function
}

// loopCheck is the count at a loop head, on the function's own counter,
// the new local l (zero at entry), which lives in a register:
//
//	local.get l; i32.const 1; i32.add; local.tee l
//	i32.const yieldEvery-1; i32.and; i32.eqz
//	if
//	  call host; if; unreachable; end
//	end
func (ic *instrumentation) loopCheck(l uint32) []byte {
	b := []byte{0x20}
	b = appendULEB(b, uint64(l))
	b = append(b, 0x41, 0x01, 0x6a, 0x22)
	b = appendULEB(b, uint64(l))
	b = append(b, 0x41)
	b = appendSLEB(b, yieldEvery-1)
	b = append(b, 0x71, 0x45, 0x04, 0x40, 0x10)
	b = appendULEB(b, uint64(ic.host))
	return append(b, 0x04, 0x40, 0x00, 0x0b, 0x0b)
}

// code rewrites the code section: every function that calls another
// gets the global count at its start, every loop instruction is followed
// by the function's own count, and calls and ref.func are renumbered.
//
// A function that calls none has no count at its start: its loops are
// counted, and without them it runs straight through, so it does a
// bounded work per call, and its callers are counted. Between two counts
// anywhere, the work is thus bounded. These functions are most of the
// calls (small helpers), and the count would cost more than they do.
func (ic *instrumentation) code(body []byte, fi *funcIndex) ([]byte, error) {
	r := &wasmReader{b: body}
	n := r.u32()
	if r.err == nil && int(n) != len(ic.funcTypes) {
		return nil, errors.New("as many function bodies as functions expected")
	}
	out := appendULEB(make([]byte, 0, len(body)+len(body)/8), uint64(n))
	var fn, loop []byte
	for i := uint32(0); i < n && r.err == nil; i++ {
		size := r.u32()
		start := r.p
		end := start + int(size)
		if r.err != nil || end > len(r.b) {
			return nil, errors.New("function body out of bounds")
		}
		f := &wasmReader{b: r.b[:end], p: start}
		entries := f.u32()
		declared := f.p
		locals := uint64(ic.params[ic.funcTypes[i]])
		for k := entries; k > 0 && f.err == nil; k-- {
			locals += uint64(f.u32())
			f.byte()
		}
		if f.err != nil {
			return nil, f.err
		}
		if locals >= 1<<20 {
			return nil, fmt.Errorf("function %d: too many locals", i)
		}
		// One more local, an i32: the loops' counter.
		fn = appendULEB(fn[:0], uint64(entries)+1)
		fn = append(fn, r.b[declared:f.p]...)
		fn = append(fn, 0x01, 0x7f)
		head := len(fn)
		calls := false
		loop = ic.loopCheck(uint32(locals))
		run := f.p // instructions not yet copied
		for f.p < end && f.err == nil {
			op := f.b[f.p]
			f.p++
			// The commonest instructions inline: none or one byte of operand.
			k := opImm[op]
			if k == immNone {
				continue
			} else if (k == immU32 || k == immLEB) && f.p < end && f.b[f.p] < 0x80 {
				f.p++
				continue
			}
			if k == immFunc { // call, return_call, ref.func: renumbered
				fn = append(fn, r.b[run:f.p]...)
				fn = fi.copyIndex(f, fn)
				run = f.p
				calls = calls || op != 0xd2
				continue
			}
			f.immediates(op)
			switch op {
			case 0x03: // loop: count each iteration
				fn = append(fn, r.b[run:f.p]...)
				fn = append(fn, loop...)
				run = f.p
			case 0x11, 0x13: // call_indirect, return_call_indirect
				calls = true
			}
		}
		fn = append(fn, r.b[run:min(f.p, end)]...)
		if calls {
			fn = slices.Insert(fn, head, ic.entry...)
		}
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
	immFunc    // a function index: call, return_call, ref.func
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
	for _, op := range []byte{0x08, 0x0c, 0x0d, 0x3f, 0x40} {
		t[op] = immU32 // throw, br, br_if, memory.size, memory.grow
	}
	t[0x10], t[0x12], t[0xd2] = immFunc, immFunc, immFunc
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
	case immU32, immFunc, immLEB:
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

// appendSLEB appends v as a signed LEB128 number (i32.const's operand).
func appendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
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

// instanceModule is the wazero module of the instance, or nil when it
// cannot be reached. go-pdfium keeps it in an unexported field of an
// adapter, which is read here the way direct.go reads its other fields.
func instanceModule(inst pdfium.Pdfium) (mod api.Module) {
	defer func() {
		if recover() != nil {
			mod = nil
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
	mod, _ = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(api.Module)
	return mod
}

// poolRuntime is the wazero runtime of a go-pdfium pool, or nil when it
// cannot be reached (an unexported field, as above).
func poolRuntime(p pdfium.Pool) (rt wazero.Runtime) {
	defer func() {
		if recover() != nil {
			rt = nil
		}
	}()
	v := reflect.ValueOf(p)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	f := v.Elem().FieldByName("runtime")
	if !f.IsValid() {
		return nil
	}
	rt, _ = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(wazero.Runtime)
	return rt
}

// addYieldHost provides the host function the instrumented module
// imports to the runtime of the pool p, before any instance of the
// module is made (the pool starts none: MinIdle 0). Without it no
// instance can be made: wazero refuses to instantiate a module whose
// imports are missing.
func addYieldHost(p pdfium.Pool) error {
	rt := poolRuntime(p)
	if rt == nil {
		return errors.New("go-pdfium's wazero runtime cannot be reached")
	}
	_, err := rt.NewHostModuleBuilder(yieldModule).
		NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(yieldHost), nil, []api.ValueType{api.ValueTypeI32}).
		Export(yieldName).
		Instantiate(context.Background())
	return err
}

// A callLimit is what yieldHost checks for the call in flight in one
// instance: set by reader.bounded before the call, on the goroutine that
// then makes the call, on which wazero also calls yieldHost.
type callLimit struct {
	ctx      context.Context // nil: no call is bounded
	deadline time.Time
	why      error // what stopped the call: context.DeadlineExceeded for the page's limit, else ctx's error
}

// callLimits maps an instance's module (api.Module) to its *callLimit,
// for the instances a reader holds.
var callLimits sync.Map

// yieldHost is the function the instrumented module calls every
// yieldEvery counts (stop.go). Being Go, it is where the runtime can
// preempt the goroutine; it answers 1 to stop the call (the code then
// traps) when the page's limit has passed or the caller's context is
// done, and once it has answered 1 it answers 1 until the instance is
// killed. A call not bounded by a reader (starting an instance, a
// ping) goes on.
func yieldHost(_ context.Context, mod api.Module, stack []uint64) {
	stack[0] = 0
	v, ok := callLimits.Load(mod)
	if !ok {
		return
	}
	l := v.(*callLimit)
	if l.why == nil && l.ctx != nil {
		if err := l.ctx.Err(); err != nil {
			l.why = err
		} else if !l.deadline.IsZero() && !time.Now().Before(l.deadline) {
			l.why = context.DeadlineExceeded
		}
	}
	if l.why != nil {
		stack[0] = 1
	}
}
