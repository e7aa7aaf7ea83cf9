package juesuan

// Catalog is one year's classification catalog (支出功能分类, 部门预算支出经济分类 …).
type Catalog struct {
	Key     string // function, economic, economic_gov
	Title   string
	Partial bool // a code missing from a partial catalog is a warning, not an error
	Entries map[string]*CatalogEntry
	Order   []string
}

// CatalogEntry is one code of a catalog.
type CatalogEntry struct {
	Code   string
	Name   string
	Level  int
	Parent string
	Source string // provenance tags from the catalog file
}

// Lookup returns the entry for code.
func (c *Catalog) Lookup(code string) (*CatalogEntry, bool) {
	if c == nil {
		return nil, false
	}
	e, ok := c.Entries[code]
	return e, ok
}

// Verified reports whether an entry's provenance is evidence rather than
// unverified domain knowledge.
func (e *CatalogEntry) Verified() bool {
	return e.Source != "" && !hasPrefix(e.Source, "knowledge-unverified")
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }
