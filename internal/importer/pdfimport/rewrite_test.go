package pdfimport

import (
	"context"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// wasmSection encodes a section of the binary format.
func wasmSection(id byte, body ...byte) []byte {
	return append(appendULEB([]byte{id}, uint64(len(body))), body...)
}

// renumberModule has calls, an indirect call through an element segment,
// exports and a ref.func in a global's initial value: every kind of
// function index the rewrite renumbers, beside pdfium's.
//
//	(type (func (result i32))) (type (func (param i32) (result i32)))
//	(table 1 funcref) (global funcref (ref.func 0))
//	(elem (i32.const 0) 1)
//	(func $f0 (result i32) i32.const 7)
//	(func $f1 (export "a") (result i32) call $f0 i32.const 1 i32.add)
//	(func $f2 (export "b") (result i32) i32.const 0 call_indirect (type 0))
//	(func $r (export "r") (param i32) (result i32)  ;; r(n) = n, recursing
//	  local.get 0 i32.eqz if (result i32) i32.const 0
//	  else local.get 0 i32.const 1 i32.sub call $r i32.const 1 i32.add end)
func renumberModule() []byte {
	m := []byte("\x00asm\x01\x00\x00\x00")
	m = append(m, wasmSection(1, 0x02, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f)...)
	m = append(m, wasmSection(3, 0x04, 0x00, 0x00, 0x00, 0x01)...)
	m = append(m, wasmSection(4, 0x01, 0x70, 0x00, 0x01)...)
	m = append(m, wasmSection(6, 0x01, 0x70, 0x00, 0xd2, 0x00, 0x0b)...)
	m = append(m, wasmSection(7, 0x03,
		0x01, 'a', 0x00, 0x01,
		0x01, 'b', 0x00, 0x02,
		0x01, 'r', 0x00, 0x03)...)
	m = append(m, wasmSection(9, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x01)...)
	m = append(m, wasmSection(10, 0x04,
		0x04, 0x00, 0x41, 0x07, 0x0b,
		0x07, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6a, 0x0b,
		0x07, 0x00, 0x41, 0x00, 0x11, 0x00, 0x00, 0x0b,
		0x15, 0x00, 0x20, 0x00, 0x45, 0x04, 0x7f, 0x41, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x03, 0x41, 0x01, 0x6a, 0x0b, 0x0b)...)
	return m
}

// The rewritten module computes what the original does, and a recursion
// without loops calls the host (its function calls another, so its entry
// counts).
func TestRewriteRenumbers(t *testing.T) {
	orig := renumberModule()
	mod, err := instrument(orig)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(false))
	defer rt.Close(ctx)
	calls := 0
	_, err = rt.NewHostModuleBuilder(yieldModule).NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, stack []uint64) {
			calls++
			stack[0] = 0
		}), nil, []api.ValueType{api.ValueTypeI32}).
		Export(yieldName).Instantiate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const depth = 5 * yieldEvery
	for i, wasm := range [][]byte{orig, mod} {
		m, err := rt.InstantiateWithConfig(ctx, wasm, wazero.NewModuleConfig().WithName(string(rune('x'+i))))
		if err != nil {
			t.Fatalf("module %d: %v", i, err)
		}
		for name, want := range map[string]uint64{"a": 8, "b": 8} {
			if res, err := m.ExportedFunction(name).Call(ctx); err != nil || len(res) != 1 || res[0] != want {
				t.Errorf("module %d: %s() = %v, %v; want %d", i, name, res, err, want)
			}
		}
		if res, err := m.ExportedFunction("r").Call(ctx, depth); err != nil || res[0] != depth {
			t.Errorf("module %d: r(%d) = %v, %v", i, depth, res, err)
		}
	}
	if calls < 4 {
		t.Errorf("%d calls into the host for %d entries, want about %d", calls, depth, depth/yieldEvery)
	}
}
