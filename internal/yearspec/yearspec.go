// Package yearspec loads year templates (years/<id>/) into juesuan.Template
// values and validates them.
package yearspec

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/years"
)

// meta is template.json.
type meta struct {
	ID       string   `json:"id"`
	Year     int      `json:"year"`
	Region   string   `json:"region"`
	Title    string   `json:"title"`
	Tables   []string `json:"tables"`
	Catalogs []struct {
		Key     string `json:"key"`
		Title   string `json:"title"`
		File    string `json:"file"`
		Partial bool   `json:"partial"`
	} `json:"catalogs"`
	Rules []string `json:"rules"`
}

// Loader reads templates from a file system laid out like years/. A
// template is loaded once and then shared: templates are read-only, and
// the compiled rules are cached per template.
type Loader struct {
	FS fs.FS

	mu    sync.Mutex
	cache map[string]*juesuan.Template
}

// Default reads the embedded templates.
var Default = &Loader{FS: years.FS}

// IDs lists the template ids available.
func (l *Loader) IDs() []string {
	ents, _ := fs.ReadDir(l.FS, ".")
	var ids []string
	for _, e := range ents {
		if e.IsDir() {
			if _, err := fs.Stat(l.FS, path.Join(e.Name(), "template.json")); err == nil {
				ids = append(ids, e.Name())
			}
		}
	}
	sort.Strings(ids)
	return ids
}

// Load returns template id ("2020"), reading it on first use.
func (l *Loader) Load(id string) (*juesuan.Template, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t, ok := l.cache[id]; ok {
		return t, nil
	}
	t, err := l.load(id)
	if err != nil {
		return nil, err
	}
	if l.cache == nil {
		l.cache = map[string]*juesuan.Template{}
	}
	l.cache[id] = t
	return t, nil
}

func (l *Loader) load(id string) (*juesuan.Template, error) {
	if id == "" || strings.ContainsAny(id, "/\\.") {
		return nil, fmt.Errorf("未知的年度模板 %q（可用：%s）", id, strings.Join(l.IDs(), "、"))
	}
	sub, err := fs.Sub(l.FS, id)
	if err != nil {
		return nil, err
	}
	raw, err := fs.ReadFile(sub, "template.json")
	if err != nil {
		return nil, fmt.Errorf("未知的年度模板 %q（可用：%s）", id, strings.Join(l.IDs(), "、"))
	}
	var m meta
	if err := decodeJSON(raw, &m); err != nil {
		return nil, fmt.Errorf("%s/template.json: %w", id, err)
	}
	t := &juesuan.Template{ID: m.ID, Year: m.Year, Region: m.Region, Title: m.Title,
		Catalogs: map[string]*juesuan.Catalog{}, Files: map[string][]byte{}}
	if t.ID != id {
		return nil, fmt.Errorf("%s/template.json: id %q 与目录名不一致", id, m.ID)
	}
	for i, name := range m.Tables {
		b, err := fs.ReadFile(sub, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path.Join(id, name), err)
		}
		var ts juesuan.TableSpec
		if err := decodeJSON(b, &ts); err != nil {
			return nil, fmt.Errorf("%s: %w", path.Join(id, name), err)
		}
		if ts.Number != i+1 {
			return nil, fmt.Errorf("%s: 表号 %d 应为 %d", path.Join(id, name), ts.Number, i+1)
		}
		t.Tables = append(t.Tables, &ts)
	}
	for _, c := range m.Catalogs {
		b, err := fs.ReadFile(sub, c.File)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path.Join(id, c.File), err)
		}
		cat, err := ReadCatalog(path.Join(id, c.File), bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		cat.Key, cat.Title, cat.Partial = c.Key, c.Title, c.Partial
		t.Catalogs[c.Key] = cat
	}
	for _, name := range m.Rules {
		b, err := fs.ReadFile(sub, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path.Join(id, name), err)
		}
		t.Rules = append(t.Rules, juesuan.Source{Name: path.Join("years", id, name), Text: b})
	}
	// Other files (narrative templates, scoring rules) are kept by path.
	_ = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := fs.ReadFile(sub, p); err == nil {
				t.Files[p] = b
			}
		}
		return nil
	})
	if err := Validate(t); err != nil {
		return nil, err
	}
	return t, nil
}

func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if se, ok := err.(*json.SyntaxError); ok {
			line := bytes.Count(b[:se.Offset], []byte("\n")) + 1
			return fmt.Errorf("第 %d 行: %v", line, err)
		}
		return err
	}
	return nil
}

// ReadCatalog reads a catalog CSV with columns code,name,level,parent_code,source
// (the official MOF lists exported to CSV use the same first two columns).
func ReadCatalog(name string, r io.Reader) (*juesuan.Catalog, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: 无法读取表头: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	ci, ok1 := col["code"]
	ni, ok2 := col["name"]
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%s: 表头应包含 code 和 name 两列", name)
	}
	get := func(rec []string, k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	cat := &juesuan.Catalog{Entries: map[string]*juesuan.CatalogEntry{}}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if ci >= len(rec) || ni >= len(rec) {
			return nil, fmt.Errorf("%s:%d: 缺少 code 或 name", name, line)
		}
		code := strings.TrimSpace(rec[ci])
		if juesuan.CodeLevel(code) == 0 {
			return nil, fmt.Errorf("%s:%d: 科目编码 %q 应为 3、5 或 7 位数字", name, line, code)
		}
		if _, dup := cat.Entries[code]; dup {
			return nil, fmt.Errorf("%s:%d: 科目编码 %s 重复", name, line, code)
		}
		e := &juesuan.CatalogEntry{Code: code, Name: strings.TrimSpace(rec[ni]), Level: juesuan.CodeLevel(code),
			Parent: get(rec, "parent_code"), Source: get(rec, "source")}
		if lv := get(rec, "level"); lv != "" {
			if n, err := strconv.Atoi(lv); err != nil || n != e.Level {
				return nil, fmt.Errorf("%s:%d: 级次 %q 与编码 %s 的位数不符", name, line, lv, code)
			}
		}
		cat.Entries[code] = e
		cat.Order = append(cat.Order, code)
	}
	return cat, nil
}

// Validate checks a template's internal consistency: unique table rows and
// columns, code rows that fit their catalogs.
func Validate(t *juesuan.Template) error {
	var errs []string
	for _, ts := range t.Tables {
		seen := map[string]bool{}
		for _, r := range ts.Rows {
			if seen[r.Key] {
				errs = append(errs, fmt.Sprintf("%s: 行 %q 重复", ts.Code(), r.Key))
			}
			seen[r.Key] = true
			for _, c := range r.Cols {
				if _, ok := ts.Column(c); !ok {
					errs = append(errs, fmt.Sprintf("%s: 行 %q 引用了不存在的第 %s 栏", ts.Code(), r.Key, c))
				}
			}
		}
		cs := map[string]bool{}
		for _, c := range ts.Columns {
			if cs[c.Key] {
				errs = append(errs, fmt.Sprintf("%s: 栏 %q 重复", ts.Code(), c.Key))
			}
			cs[c.Key] = true
		}
		if ts.RowKind != juesuan.RowsFixed {
			cat := t.Catalogs[ts.Catalog]
			if cat == nil {
				errs = append(errs, fmt.Sprintf("%s: 未知的科目目录 %q", ts.Code(), ts.Catalog))
			}
			for _, b := range ts.Blocks {
				for _, k := range b {
					if _, special := ts.Row(k); special {
						continue
					}
					if err := ts.CheckCode(k); err != nil {
						errs = append(errs, err.Error())
					} else if _, ok := cat.Lookup(k); !ok {
						errs = append(errs, fmt.Sprintf("%s: 版式中的科目 %s 不在目录中", ts.Code(), k))
					}
				}
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("年度模板 %s 有误：\n%s", t.ID, strings.Join(errs, "\n"))
	}
	return nil
}
