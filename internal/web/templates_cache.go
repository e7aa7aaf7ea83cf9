package web

import (
	"sync"

	"github.com/juesuan/juesuan"
)

// Templates lists and loads year templates (internal/yearspec implements it).
type Templates interface {
	IDs() []string
	Load(id string) (*juesuan.Template, error)
}

// CachedTemplates loads each template once. It matters beyond speed:
// audit.Program caches compiled rules by *Template, so a loader that
// returns a new *Template per call would compile the rules on every save
// and grow that cache without bound.
type CachedTemplates struct {
	L  Templates
	mu sync.Mutex
	m  map[string]*juesuan.Template
}

// CacheTemplates wraps a loader (a *CachedTemplates is returned as is).
func CacheTemplates(l Templates) *CachedTemplates {
	if c, ok := l.(*CachedTemplates); ok {
		return c
	}
	return &CachedTemplates{L: l, m: map[string]*juesuan.Template{}}
}

// IDs lists the template ids.
func (c *CachedTemplates) IDs() []string { return c.L.IDs() }

// Load returns template id, reading it the first time only.
func (c *CachedTemplates) Load(id string) (*juesuan.Template, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.m[id]; ok {
		return t, nil
	}
	t, err := c.L.Load(id)
	if err != nil {
		return nil, err
	}
	c.m[id] = t
	return t, nil
}
