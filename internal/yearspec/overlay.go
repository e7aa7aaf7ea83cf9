package yearspec

import (
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/juesuan/juesuan/years"
)

// Overlay lays the family directories of dir over the embedded ones: a
// family directory in dir replaces the embedded one of the same name
// whole, and the others stay. This is how a year or a region is added as
// data, without a rebuild (JUESUAN_YEARS).
func Overlay(dir string) *Loader {
	return &Loader{FS: overlayFS{top: os.DirFS(dir), base: years.FS}}
}

type overlayFS struct {
	top, base fs.FS
}

func (o overlayFS) pick(name string) fs.FS {
	first, _, _ := strings.Cut(path.Clean(name), "/")
	if first == "." {
		return nil
	}
	if st, err := fs.Stat(o.top, first); err == nil && st.IsDir() {
		return o.top
	}
	return o.base
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if f := o.pick(name); f != nil {
		return f.Open(name)
	}
	return o.base.Open(name)
}

// ReadDir merges the root listing; below the root one side answers.
func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if f := o.pick(name); f != nil {
		return fs.ReadDir(f, name)
	}
	seen := map[string]fs.DirEntry{}
	for _, f := range []fs.FS{o.base, o.top} {
		ents, err := fs.ReadDir(f, ".")
		if err != nil && f == o.top {
			return nil, err
		}
		for _, e := range ents {
			seen[e.Name()] = e
		}
	}
	var out []fs.DirEntry
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
