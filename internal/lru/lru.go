// Package lru is a cache bounded in bytes that evicts the least recently
// used entries first. The server's caches (audited versions, parsed
// reports) use it so that memory stays bounded however many versions are
// saved.
package lru

import (
	"container/list"
	"sync"
)

// Cache maps K to V within a byte limit; each entry's cost is given when it
// is put. It is safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	limit int64
	size  int64
	ll    *list.List // front: most recently used
	m     map[K]*list.Element
}

type entry[K comparable, V any] struct {
	k    K
	v    V
	cost int64
}

// New makes a cache of at most limit bytes.
func New[K comparable, V any](limit int64) *Cache[K, V] {
	return &Cache[K, V]{limit: limit, ll: list.New(), m: map[K]*list.Element{}}
}

// Get returns the value of k and marks it most recently used.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[k]; ok {
		c.ll.MoveToFront(el)
		return el.Value.(*entry[K, V]).v, true
	}
	var zero V
	return zero, false
}

// Put stores v under k at cost bytes and evicts the least recently used
// entries beyond the limit. A value costing more than the limit is not
// kept.
func (c *Cache[K, V]) Put(k K, v V, cost int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[k]; ok {
		c.size -= el.Value.(*entry[K, V]).cost
		c.ll.Remove(el)
		delete(c.m, k)
	}
	if cost > c.limit {
		return
	}
	c.m[k] = c.ll.PushFront(&entry[K, V]{k, v, cost})
	c.size += cost
	for c.size > c.limit {
		el := c.ll.Back()
		e := el.Value.(*entry[K, V])
		c.ll.Remove(el)
		delete(c.m, e.k)
		c.size -= e.cost
	}
}

// Len is the number of entries; Size their cost in bytes.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// Size is the cost of the entries held, in bytes.
func (c *Cache[K, V]) Size() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}
