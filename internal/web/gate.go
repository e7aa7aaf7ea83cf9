package web

import (
	"context"
	"runtime"
	"sync"
)

// gate bounds the editor's views and saves computing at once to the
// cores. Without it, under many users saving without pause, every request
// in flight was runnable at once and the Go scheduler shared the two
// cores among them all: the holder of the store's write slot ran a slice
// in forty, and every save queued behind it. Through the gate requests
// wait in turn (first come, first served) and the ones running run on a
// core each. A save leaves the gate while the store writes (it waits on
// the write slot and the disk, not on a core) and comes back ahead of the
// requests that have not started: it is finished first.
type gate struct {
	mu      sync.Mutex
	free    int
	waiters [2][]chan struct{} // [0]: coming back, served first; [1]: new
}

func newGate(n int) *gate {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return &gate{free: n}
}

// enter waits for a place; again marks a request coming back into the
// gate. It returns false when ctx ends first (the caller then does not
// leave).
func (g *gate) enter(ctx context.Context, again bool) bool {
	g.mu.Lock()
	if g.free > 0 && len(g.waiters[0]) == 0 && (again || len(g.waiters[1]) == 0) {
		g.free--
		g.mu.Unlock()
		return true
	}
	ch := make(chan struct{})
	q := 1
	if again {
		q = 0
	}
	g.waiters[q] = append(g.waiters[q], ch)
	g.mu.Unlock()
	select {
	case <-ch:
		return true
	case <-ctx.Done():
		g.mu.Lock()
		for i, w := range g.waiters[q] {
			if w == ch {
				g.waiters[q] = append(g.waiters[q][:i], g.waiters[q][i+1:]...)
				g.mu.Unlock()
				return false
			}
		}
		g.mu.Unlock()
		// Handed a place as ctx ended: pass it on.
		g.leave()
		return false
	}
}

// leave gives the place to the first waiter, or frees it.
func (g *gate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for q := range g.waiters {
		if len(g.waiters[q]) > 0 {
			ch := g.waiters[q][0]
			g.waiters[q] = g.waiters[q][1:]
			close(ch)
			return
		}
	}
	g.free++
}
