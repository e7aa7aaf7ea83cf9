package doccache

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
)

func TestRenderOnce(t *testing.T) {
	c, err := Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	render := func() ([]byte, error) { n.Add(1); return []byte("%PDF-1.7 document"), nil }
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := c.Get("abc123", "pdf", render)
			if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
				t.Errorf("Get = %q, %v", b, err)
			}
		}()
	}
	wg.Wait()
	if b, _ := c.Get("abc123", "pdf", render); string(b) != "%PDF-1.7 document" {
		t.Errorf("cached = %q", b)
	}
	if n.Load() != 1 {
		t.Errorf("rendered %d times, want 1", n.Load())
	}
	// Another format or version is another document.
	c.Get("abc123", "docx", render)
	c.Get("abc124", "pdf", render)
	if n.Load() != 3 {
		t.Errorf("rendered %d times, want 3", n.Load())
	}
	// A failed render is not cached.
	if _, err := c.Get("bad", "pdf", func() ([]byte, error) { return nil, fmt.Errorf("no browser") }); err == nil {
		t.Error("error lost")
	}
	if b, err := c.Get("bad", "pdf", render); err != nil || len(b) == 0 {
		t.Errorf("after a failure: %q %v", b, err)
	}
}

func TestEvictsLeastRecentlyUsed(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	doc := bytes.Repeat([]byte("x"), 3000)
	render := func() ([]byte, error) { return doc, nil }
	for i := range 10 {
		c.Get(fmt.Sprintf("v%d", i), "pdf", render)
	}
	if c.Size() > 10_000 {
		t.Errorf("cache holds %d bytes, limit 10000", c.Size())
	}
	var total int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, _ := e.Info()
		total += info.Size()
	}
	if total > 10_000 || total == 0 {
		t.Errorf("directory holds %d bytes", total)
	}
	// The newest document is still there.
	rendered := false
	c.Get("v9", "pdf", func() ([]byte, error) { rendered = true; return doc, nil })
	if rendered {
		t.Error("the most recent document was evicted")
	}
}

func TestNilAndUnsafeKeysRender(t *testing.T) {
	var c *Cache
	n := 0
	render := func() ([]byte, error) { n++; return []byte("d"), nil }
	c.Get("a", "pdf", render)
	c.Get("a", "pdf", render)
	c2, _ := Open(t.TempDir(), 0)
	c2.Get("../x", "pdf", render)
	c2.Get("../x", "pdf", render)
	if n != 4 {
		t.Errorf("rendered %d times, want 4 (nothing cached)", n)
	}
}
