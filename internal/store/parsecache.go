package store

import (
	"encoding/json"
	"sync"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/lru"
)

// parsed caches reports parsed from stored version bodies, keyed by the
// body's SHA-256. Versions are immutable, so a body always parses to the
// same report; parsing YAML is the costliest part of a page view. Callers
// get a deep copy, never the cached value.
type parsed struct {
	once sync.Once
	c    *lru.Cache[string, *juesuan.Report]
}

// parsedBytes bounds the cache (least recently used out first).
const parsedBytes = 32 << 20

func (p *parsed) cache() *lru.Cache[string, *juesuan.Report] {
	p.once.Do(func() { p.c = lru.New[string, *juesuan.Report](parsedBytes) })
	return p.c
}

func (p *parsed) get(sum string) (*juesuan.Report, bool) {
	r, ok := p.cache().Get(sum)
	if !ok {
		return nil, false
	}
	c, err := deepCopy(r)
	return c, err == nil
}

// put keeps a copy of r, parsed from a body of n bytes.
func (p *parsed) put(sum string, r *juesuan.Report, n int) {
	c, err := deepCopy(r)
	if err != nil {
		return
	}
	// A parsed report holds a few times its text, plus its cell maps.
	p.cache().Put(sum, c, 4*int64(n)+160*int64(len(r.Cells)+len(r.RowNames)))
}

// deepCopy copies cells and names (Clone) and the facts (through JSON:
// they are plain data).
func deepCopy(r *juesuan.Report) (*juesuan.Report, error) {
	c := r.Clone()
	b, err := json.Marshal(r.Facts)
	if err != nil {
		return nil, err
	}
	var f juesuan.Facts
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	c.Facts = f
	return c, nil
}
