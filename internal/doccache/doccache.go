// Package doccache keeps rendered documents of immutable report versions on
// disk, so that a published PDF is rendered through Chromium once, not on
// every download. An entry is keyed by the version's checksum, the format
// and the renderer's version (a hash of the running program, which holds
// every renderer, template and narrative): a new build never serves a
// document an older one rendered. The directory is bounded in bytes; the
// least recently used documents are removed first. Concurrent requests for
// the same missing document render it once.
package doccache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"sync"
	"time"
)

// Cache is a directory of rendered documents. The zero value and a nil
// *Cache cache nothing (every Get renders).
type Cache struct {
	dir   string
	limit int64
	rev   string

	mu      sync.Mutex
	size    int64
	flights map[string]*flight
}

type flight struct {
	done chan struct{}
	body []byte
	err  error
}

// DefaultLimit bounds the directory when Open is given 0: 1 GiB.
const DefaultLimit = 1 << 30

// Open uses dir (created if missing) holding at most limit bytes.
func Open(dir string, limit int64) (*Cache, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("文档缓存目录 %s 无法创建：%v", dir, err)
	}
	c := &Cache{dir: dir, limit: limit, rev: Revision(), flights: map[string]*flight{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("文档缓存目录 %s 无法读取：%v", dir, err)
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
			c.size += info.Size()
		}
	}
	return c, nil
}

// DefaultDir is the cache directory under the user's cache directory (or
// the temporary directory when there is none).
func DefaultDir() string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "juesuan", "documents")
}

var (
	revOnce sync.Once
	rev     string
)

// Revision is the renderer's version: a hash of the running executable.
func Revision() string {
	revOnce.Do(func() {
		rev = "unknown"
		exe, err := os.Executable()
		if err != nil {
			return
		}
		f, err := os.Open(exe)
		if err != nil {
			return
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err == nil {
			rev = hex.EncodeToString(h.Sum(nil))[:16]
		}
	})
	return rev
}

var safe = regexp.MustCompile(`^[0-9a-zA-Z]+$`)

// Get returns the document of format for the version whose checksum is
// sum, rendering it with render when it is not cached. A document that
// cannot be stored is still returned.
func (c *Cache) Get(sum, format string, render func() ([]byte, error)) ([]byte, error) {
	f, b, err := c.Open(sum, format, render)
	if f != nil {
		defer f.Close()
		return io.ReadAll(f)
	}
	return b, err
}

// Open is Get for serving: a cached document comes as an open file (the
// server sends it without copying it through memory), one just rendered
// or not cacheable as bytes. Exactly one of the file and the bytes is set
// when err is nil.
func (c *Cache) Open(sum, format string, render func() ([]byte, error)) (*os.File, []byte, error) {
	if c == nil || c.dir == "" || !safe.MatchString(sum) || !safe.MatchString(format) {
		b, err := render()
		return nil, b, err
	}
	name := fmt.Sprintf("%s-%s.%s", sum, c.rev, format)
	path := filepath.Join(c.dir, name)
	if f, err := os.Open(path); err == nil {
		now := time.Now()
		os.Chtimes(path, now, now) // most recently used
		return f, nil, nil
	}
	b, err := c.fill(name, path, render)
	return nil, b, err
}

// ETag names a version's document for HTTP revalidation.
func (c *Cache) ETag(sum, format string) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf("%q", sum+"-"+c.rev+"-"+format)
}

// fill renders a missing document once however many ask at the same time.
func (c *Cache) fill(name, path string, render func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	if f, ok := c.flights[name]; ok {
		c.mu.Unlock()
		<-f.done
		return f.body, f.err
	}
	f := &flight{done: make(chan struct{})}
	c.flights[name] = f
	c.mu.Unlock()
	f.body, f.err = render()
	if f.err == nil {
		c.store(path, f.body)
	}
	c.mu.Lock()
	delete(c.flights, name)
	c.mu.Unlock()
	close(f.done)
	return f.body, f.err
}

// store writes one document through a temporary file and evicts the least
// recently used ones beyond the limit.
func (c *Cache) store(path string, b []byte) {
	if int64(len(b)) > c.limit {
		return
	}
	tmp, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return
	}
	c.mu.Lock()
	c.size += int64(len(b))
	over := c.size > c.limit
	c.mu.Unlock()
	if over {
		c.evict()
	}
}

// evict removes the least recently used documents until the directory is
// at three quarters of its limit.
func (c *Cache) evict() {
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	type file struct {
		path string
		size int64
		used time.Time
	}
	var files []file
	var total int64
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		files = append(files, file{filepath.Join(c.dir, e.Name()), info.Size(), info.ModTime()})
		total += info.Size()
	}
	sort.Slice(files, func(i, j int) bool { return files[i].used.Before(files[j].used) })
	for _, f := range files {
		if total <= c.limit/4*3 {
			break
		}
		if os.Remove(f.path) == nil {
			total -= f.size
		}
	}
	c.mu.Lock()
	c.size = total
	c.mu.Unlock()
}

// Size is the bytes the directory holds.
func (c *Cache) Size() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}
