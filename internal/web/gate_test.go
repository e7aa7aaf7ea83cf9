package web

import (
	"context"
	"sync"
	"testing"
	"time"
)

// The gate lets n in, serves waiters in turn with the returning ones
// first, and a waiter whose context ends leaves the queue without taking
// a place.
func TestGate(t *testing.T) {
	g := newGate(2)
	ctx := context.Background()
	for range 2 {
		if !g.enter(ctx, false) {
			t.Fatal("two places expected")
		}
	}
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	// Queue: new1, new2, then a returning one, then a waiter that gives up.
	for _, w := range []struct {
		name  string
		again bool
	}{{"new1", false}, {"new2", false}, {"back", true}} {
		before := waiting(g)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if g.enter(ctx, w.again) {
				mu.Lock()
				order = append(order, w.name)
				mu.Unlock()
			}
		}()
		for waiting(g) == before {
			time.Sleep(time.Millisecond)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	gone := make(chan bool)
	go func() { gone <- g.enter(cctx, false) }()
	for waiting(g) != 4 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if <-gone {
		t.Fatal("a cancelled waiter entered")
	}
	if waiting(g) != 3 {
		t.Fatalf("%d waiting after the cancelled one left, want 3", waiting(g))
	}
	// Each leave hands the place to the next in turn.
	for i := 0; i < 3; i++ {
		g.leave()
		for {
			mu.Lock()
			n := len(order)
			mu.Unlock()
			if n == i+1 {
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	wg.Wait()
	if got := order; len(got) != 3 || got[0] != "back" || got[1] != "new1" || got[2] != "new2" {
		t.Fatalf("order %v, want [back new1 new2]", got)
	}
	for i := 0; i < 2; i++ {
		g.leave()
	}
	if g.free != 2 {
		t.Fatalf("%d free at the end, want 2", g.free)
	}
}

func waiting(g *gate) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.waiters[0]) + len(g.waiters[1])
}
