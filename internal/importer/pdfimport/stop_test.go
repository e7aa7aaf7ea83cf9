package pdfimport

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// spinModule is (module (global (mut i32) (i32.const 0))
// (func (export "spin") (loop (br 0)))): a call that never returns.
var spinModule = []byte{
	0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00,
	0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type: func [] -> []
	0x03, 0x02, 0x01, 0x00, // function 0 of type 0
	0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b, // global
	0x07, 0x08, 0x01, 0x04, 's', 'p', 'i', 'n', 0x00, 0x00, // export
	0x0a, 0x09, 0x01, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, // code
}

// The rewritten code calls the host every yieldEvery counts, so a
// collection during a call that would run forever completes at once, and
// the host's answer ends the call, in a runtime without wazero's
// termination checks. spinModule has no imports: the rewrite adds the
// section, and renumbers the exported function.
func TestYieldEndsEndlessLoop(t *testing.T) {
	mod, err := instrument(spinModule)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(false))
	defer rt.Close(ctx)
	var calls, stop atomic.Uint32
	_, err = rt.NewHostModuleBuilder(yieldModule).NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, stack []uint64) {
			calls.Add(1)
			stack[0] = uint64(stop.Load())
		}), nil, []api.ValueType{api.ValueTypeI32}).
		Export(yieldName).Instantiate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := rt.Instantiate(ctx, mod)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := m.ExportedFunction("spin").Call(ctx); done <- err }()
	select {
	case err := <-done:
		t.Fatalf("spin returned before the stop: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	// Without the calls into the host the collection would wait for
	// the call, forever.
	start := time.Now()
	runtime.GC()
	gc := time.Since(start)
	if gc > time.Second {
		t.Errorf("a collection during the call took %v", gc)
	}
	if calls.Load() == 0 {
		t.Fatal("the loop never called the host")
	}
	stop.Store(1)
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "unreachable") {
			t.Fatalf("spin ended with %v, want a trap", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("spin did not stop")
	}
	t.Logf("%d calls into the host; a collection during the call took %v", calls.Load(), gc)
}

// Without the host function, the rewritten module cannot be instantiated:
// the counts are never skipped for want of it.
func TestInstrumentedNeedsHost(t *testing.T) {
	mod, err := instrument(spinModule)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	if _, err := rt.Instantiate(ctx, mod); err == nil {
		t.Fatal("instantiated without the host function")
	}
}

// The instrumented pdfium module reads the corpus exactly as go-pdfium's
// own module does, glyph for glyph.
func TestStoppableSameAsOriginal(t *testing.T) {
	wasm, err := stoppableModule()
	if err != nil {
		t.Fatalf("pdfium could not be instrumented: %v", err)
	}
	for _, name := range corpusPDFs {
		data := corpusPDF(t, name)
		var got [2][]Page
		for i, w := range [][]byte{nil, wasm} {
			p, err := newPoolWith(benchCache, 1, w, w == nil)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := p.GetInstance(time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			d := newDirect(inst)
			doc, buf, err := d.open(data)
			if err != nil {
				t.Fatal(err)
			}
			n, _ := d.pages(doc)
			for k := 0; k < n; k++ {
				pg, err := d.page(doc, k)
				if err != nil {
					t.Fatal(err)
				}
				got[i] = append(got[i], pg)
			}
			d.close(doc, buf)
			inst.Close()
			p.Close()
		}
		if a, b := fmt.Sprintf("%v", got[0]), fmt.Sprintf("%v", got[1]); a != b || len(got[0]) == 0 {
			t.Errorf("%s: instrumented module reads differently", name)
		}
	}
}

// A page far slower than its limit is stopped at the limit, not when
// pdfium finishes it, and the pool serves the next file.
func TestSlowPageStoppedAtLimit(t *testing.T) {
	pdf := slowPDF()
	small := buildPDF([]string{"BT /F1 12 Tf 72 700 Td (ok) Tj ET"}, false)
	if _, err := read(t, "before.pdf", small, DefaultLimits); err != nil { // start the engine
		t.Fatal(err)
	}
	limit := 100 * time.Millisecond
	if os.Getenv("JUESUAN_SLOW_UNBOUNDED") != "" {
		limit = time.Minute
	}
	start := time.Now()
	_, err := read(t, "slow.pdf", pdf, Limits{MaxBytes: 64 << 20, MaxPages: 10, PageTimeout: limit})
	took := time.Since(start)
	t.Logf("stopped after %v: %v", took, err)
	if err == nil || !strings.Contains(err.Error(), "超时") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	// Unbounded, the page takes about 7 s on the development machine
	// (JUESUAN_SLOW_UNBOUNDED=1 shows it).
	if took > limit+time.Second {
		t.Errorf("took %v with a limit of %v: the call was not stopped", took, limit)
	}
	if _, err := read(t, "after.pdf", small, DefaultLimits); err != nil {
		t.Fatalf("engine broken after a stop: %v", err)
	}
}

// BenchmarkInstrument is the rewrite of pdfium.wasm, paid once per process.
func BenchmarkInstrument(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := instrument(pdfiumWasm); err != nil {
			b.Fatal(err)
		}
	}
}

// The page view's rendering runs on the same instrumented engine.
func TestRenderPNGOnStoppableEngine(t *testing.T) {
	small, err := os.ReadFile("testdata/small.pdf")
	if err != nil {
		t.Fatal(err)
	}
	png, err := RenderPNG(context.Background(), "small.pdf", small, 1, 36)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("RenderPNG: %d bytes, %v", len(png), err)
	}
}

// The fallback, when the module cannot be instrumented (wazero's own
// termination checks), still stops a page at its limit.
func TestFallbackStopsAtLimit(t *testing.T) {
	pdf := slowPDF()
	small := buildPDF([]string{"BT /F1 12 Tf 72 700 Td (ok) Tj ET"}, false)
	watched := readOptions{watched: true}
	if _, err := glyphs(context.Background(), "before.pdf", small, DefaultLimits, watched); err != nil {
		t.Fatal(err)
	}
	limit := 100 * time.Millisecond
	start := time.Now()
	_, err := glyphs(context.Background(), "slow.pdf", pdf, Limits{MaxBytes: 64 << 20, MaxPages: 10, PageTimeout: limit}, watched)
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "超时") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if took > limit+time.Second {
		t.Errorf("took %v with a limit of %v", took, limit)
	}
	if _, err := glyphs(context.Background(), "after.pdf", small, DefaultLimits, watched); err != nil {
		t.Fatalf("engine broken after a stop: %v", err)
	}
}

// slowPDF is one page that saves and restores the graphics state eight
// million times: seconds of parsing in little memory, deflated so that
// opening the file is quick.
func slowPDF() []byte {
	var content bytes.Buffer
	z := zlib.NewWriter(&content)
	z.Write([]byte(strings.Repeat("q Q ", 8_000_000) + "BT /F1 12 Tf 72 700 Td (slow) Tj ET"))
	z.Close()
	return buildPDF([]string{content.String()}, false)
}
