package memo

import (
	"strconv"
	"sync"
	"testing"
)

// TestKeepsAndBounds: each text's result is computed once while kept, the
// results are f's, and however many texts pass, at most entries are kept.
func TestKeepsAndBounds(t *testing.T) {
	calls := map[string]int{}
	var mu sync.Mutex
	m := New(func(s string) int {
		mu.Lock()
		calls[s]++
		mu.Unlock()
		n, _ := strconv.Atoi(s)
		return n * 2
	})
	for i := 0; i < 3; i++ {
		if got := m.Get("21"); got != 42 {
			t.Fatalf("Get(21) = %d, want 42", got)
		}
	}
	if calls["21"] != 1 {
		t.Errorf("f ran %d times for one text, want 1", calls["21"])
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3*entries; i++ {
				s := strconv.Itoa(i)
				if got := m.Get(s); got != 2*i {
					t.Errorf("Get(%s) = %d", s, got)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := len(m.m); n > entries {
		t.Errorf("%d texts kept, bound %d", n, entries)
	}
}
