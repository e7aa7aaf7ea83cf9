package pdfimport

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Go cannot preempt a goroutine while it runs wazero's compiled code, so
// a garbage collection that starts during a long pdfium call waits for
// the call to return (it stops the world), and so does every other
// goroutine, the page's timer too. The instrumented module leaves for Go
// every few microseconds of work (stop.go): the collection completes
// within milliseconds, and the page is still stopped at its limit.
func TestGCDuringLongCall(t *testing.T) {
	pdf := slowPDF() // seconds in one call (TestSlowPageStoppedAtLimit)
	small := buildPDF([]string{"BT /F1 12 Tf 72 700 Td (ok) Tj ET"}, false)
	if _, err := read(t, "before.pdf", small, DefaultLimits); err != nil { // start the engine
		t.Fatal(err)
	}
	limit := time.Second
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := read(t, "slow.pdf", pdf, Limits{MaxBytes: 64 << 20, MaxPages: 10, PageTimeout: limit})
		done <- err
	}()
	time.Sleep(300 * time.Millisecond) // the page is being read
	gcStart := time.Now()
	runtime.GC()
	gc := time.Since(gcStart)
	err := <-done
	took := time.Since(start)
	t.Logf("GC during the call took %v; the page stopped after %v: %v", gc, took, err)
	if gc > 500*time.Millisecond { // on main: until the page ended, 2.75 s
		t.Errorf("a GC during a pdfium call took %v: it waited for the call", gc)
	}
	if err == nil || !strings.Contains(err.Error(), "超时") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if took > limit+500*time.Millisecond {
		t.Errorf("took %v with a limit of %v: the GC kept the limit from stopping the call", took, limit)
	}
	if _, err := read(t, "after.pdf", small, DefaultLimits); err != nil {
		t.Fatalf("engine broken after a stop: %v", err)
	}
}

// With one P (GOMAXPROCS=1, a container limited to one CPU) no other
// goroutine runs while pdfium computes: the page's limit must be kept
// by the call itself, not by a timer goroutine.
func TestLimitWithOneProc(t *testing.T) {
	pdf := slowPDF()
	small := buildPDF([]string{"BT /F1 12 Tf 72 700 Td (ok) Tj ET"}, false)
	if _, err := read(t, "before.pdf", small, DefaultLimits); err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	limit := 300 * time.Millisecond
	start := time.Now()
	_, err := read(t, "slow.pdf", pdf, Limits{MaxBytes: 64 << 20, MaxPages: 10, PageTimeout: limit})
	took := time.Since(start)
	t.Logf("stopped after %v: %v", took, err)
	if err == nil || !strings.Contains(err.Error(), "超时") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if took > limit+500*time.Millisecond {
		t.Errorf("took %v with a limit of %v on one P", took, limit)
	}
}

// Cancelling the import's context stops a long call too: the host
// function looks at the context as well as at the page's deadline.
func TestCancelStopsLongCall(t *testing.T) {
	pdf := slowPDF()
	small := buildPDF([]string{"BT /F1 12 Tf 72 700 Td (ok) Tj ET"}, false)
	if _, err := read(t, "before.pdf", small, DefaultLimits); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, err := Read(ctx, "slow.pdf", pdf, Limits{MaxBytes: 64 << 20, MaxPages: 10, PageTimeout: time.Minute})
	took := time.Since(start)
	t.Logf("stopped after %v: %v", took, err)
	if err == nil || !strings.Contains(err.Error(), "取消") {
		t.Fatalf("err = %v, want a cancellation", err)
	}
	if took > 800*time.Millisecond {
		t.Errorf("took %v with a cancellation after 300ms", took)
	}
	if _, err := read(t, "after.pdf", small, DefaultLimits); err != nil {
		t.Fatalf("engine broken after a cancellation: %v", err)
	}
}
