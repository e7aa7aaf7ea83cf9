package juesuan

// Template is one year's (and region's) disclosure template: the tables,
// the catalogs and the audit rules, all loaded from data (years/<id>/).
type Template struct {
	ID       string // "2020"
	Year     int
	Region   string
	Title    string
	Tables   []*TableSpec // by number, Tables[0] is 表1
	Catalogs map[string]*Catalog
	Rules    []Source // audit rule files, parsed and checked by internal/rule
	Files    map[string][]byte
}

// Source is a named text file of a template.
type Source struct {
	Name string
	Text []byte
}

// Table returns 表n.
func (t *Template) Table(n int) (*TableSpec, bool) {
	if n < 1 || n > len(t.Tables) {
		return nil, false
	}
	return t.Tables[n-1], true
}
