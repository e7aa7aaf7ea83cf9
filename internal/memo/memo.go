// Package memo keeps the results of pure functions of a text.
package memo

import "sync"

// The narrative checks read the same few texts many times: every check
// compacts the sections again, and budgetExplained lists a section's
// budget claims once per budget line; a save re-audits a report whose
// texts did not change. So the pure text functions keep their results per
// text. Results are shared: callers only read them.

// entries bounds each memo: a report has a dozen sections, a batch reads
// one report after another, and the texts are a few KB.
const entries = 512

// Text is a function of a string with its results kept. It is safe for
// concurrent use.
type Text[T any] struct {
	mu sync.Mutex
	m  map[string]T
	f  func(string) T
}

// New keeps the results of f, which must be a pure function.
func New[T any](f func(string) T) *Text[T] {
	return &Text[T]{m: map[string]T{}, f: f}
}

// Get returns f(s), computed once while it is kept.
func (c *Text[T]) Get(s string) T {
	c.mu.Lock()
	v, ok := c.m[s]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = c.f(s)
	c.mu.Lock()
	if len(c.m) >= entries {
		clear(c.m) // a new batch of texts: the old ones are not read again
	}
	c.m[s] = v
	c.mu.Unlock()
	return v
}
