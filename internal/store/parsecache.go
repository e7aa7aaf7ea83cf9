package store

import (
	"encoding/json"
	"sync"

	"github.com/juesuan/juesuan"
)

// parsed caches reports parsed from stored version bodies, keyed by the
// body's SHA-256. Versions are immutable, so a body always parses to the
// same report; parsing YAML is the costliest part of a page view. Callers
// get a deep copy, never the cached value.
type parsed struct {
	mu sync.Mutex
	m  map[string]*juesuan.Report
}

const parsedMax = 512

func (p *parsed) get(sum string) (*juesuan.Report, bool) {
	p.mu.Lock()
	r, ok := p.m[sum]
	p.mu.Unlock()
	if !ok {
		return nil, false
	}
	c, err := deepCopy(r)
	return c, err == nil
}

func (p *parsed) put(sum string, r *juesuan.Report) {
	c, err := deepCopy(r)
	if err != nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil || len(p.m) >= parsedMax {
		p.m = map[string]*juesuan.Report{} // simple bound: start over
	}
	p.m[sum] = c
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
