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

// Loader reads template families from a file system laid out like
// years/. A family resolved for a year is built once and then shared:
// templates are read-only, and the compiled rules are cached per template.
type Loader struct {
	FS fs.FS

	mu       sync.Mutex
	cache    map[string]*juesuan.Template
	families map[string]*family // merged with their parents
	aliases  map[string]alias
	famErr   error
}

// Default reads the embedded templates.
var Default = &Loader{FS: years.FS}

// IDs lists the template family ids.
func (l *Loader) IDs() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	_ = l.scan()
	var ids []string
	for id := range l.families {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Families describes every family, in id order.
func (l *Loader) Families() []Family {
	var out []Family
	for _, id := range l.IDs() {
		f, _ := l.Family(id)
		out = append(out, f)
	}
	return out
}

// Family describes family id (an alias names its family).
func (l *Loader) Family(id string) (Family, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.scan(); err != nil {
		return Family{}, err
	}
	if a, ok := l.aliases[id]; ok {
		id = a.ID
	}
	f, ok := l.families[id]
	if !ok {
		return Family{}, l.unknown(id)
	}
	out := Family{ID: f.ID, Name: f.Name, Region: f.Region, Title: f.Title, Regions: f.Regions,
		Kinds: f.Kinds, Default: f.Default, Extends: f.Extends, Attached: f.Attached != nil && *f.Attached}
	copy(out.Years[:], f.Years)
	for name, a := range l.aliases {
		if a.ID == f.ID {
			out.Aliases = append(out.Aliases, name)
		}
	}
	sort.Strings(out.Aliases)
	return out, nil
}

// Load returns the template for ref: "national@2026" (a family for a
// year), an alias kept from before families ("2020", "2024-shanghai"), a
// bare year ("2026": the default family for that year) or a family id (its
// last year).
func (l *Loader) Load(ref string) (*juesuan.Template, error) {
	if ref == "" {
		return nil, l.unknownLocked(ref)
	}
	id, year := ref, 0
	if i := strings.LastIndexByte(ref, '@'); i >= 0 {
		y, err := strconv.Atoi(ref[i+1:])
		if err != nil {
			return nil, l.unknownLocked(ref)
		}
		id, year = ref[:i], y
	}
	return l.For(id, year)
}

// For returns family id resolved for year. An empty id or a year-like id
// means the default family; year 0 means the alias's year or the family's
// last year.
func (l *Loader) For(id string, year int) (*juesuan.Template, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.scan(); err != nil {
		return nil, err
	}
	if a, ok := l.aliases[id]; ok {
		id = a.ID
		if year == 0 {
			year = a.Year
		}
	} else if y, err := strconv.Atoi(id); (err == nil && y > 1900) || id == "" {
		if id != "" {
			if year != 0 && year != y {
				return nil, fmt.Errorf("年度 %d 与模板 %q 不一致", year, id)
			}
			year = y
		}
		def := l.defaultFor(year)
		if def == "" {
			return nil, fmt.Errorf("没有 %d 年度的模板（已有：%s）；请用 --template 指定模板，或在 JUESUAN_YEARS 下添加该年度", year, l.coverage())
		}
		id = def
	}
	f, ok := l.families[id]
	if !ok {
		return nil, l.unknown(id)
	}
	if year == 0 {
		year = f.Years[1]
	}
	if !f.covers(year) {
		return nil, fmt.Errorf("模板 %s 适用于 %d—%d 年度，不含 %d 年度（已有：%s）", id, f.Years[0], f.Years[1], year, l.coverage())
	}
	key := juesuan.TemplateRef(id, year)
	if t, ok := l.cache[key]; ok {
		return t, nil
	}
	t, err := l.build(f, year)
	if err != nil {
		return nil, err
	}
	if l.cache == nil {
		l.cache = map[string]*juesuan.Template{}
	}
	l.cache[key] = t
	return t, nil
}

func (l *Loader) defaultFor(year int) string {
	var ids []string
	for id := range l.families {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if f := l.families[id]; f.Default && (year == 0 || f.covers(year)) {
			return id
		}
	}
	return ""
}

func (l *Loader) coverage() string {
	var parts []string
	var ids []string
	for id := range l.families {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		f := l.families[id]
		parts = append(parts, fmt.Sprintf("%s %d—%d", id, f.Years[0], f.Years[1]))
	}
	return strings.Join(parts, "、")
}

func (l *Loader) unknown(id string) error {
	var ids []string
	for k := range l.families {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	return fmt.Errorf("未知的年度模板 %q（可用：%s；juesuan templates 列出各模板适用的年度和地区）", id, strings.Join(ids, "、"))
}

func (l *Loader) unknownLocked(id string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	_ = l.scan()
	return l.unknown(id)
}

// scan reads every template.json once and merges each family with its
// parents. Callers hold l.mu.
func (l *Loader) scan() error {
	if l.families != nil || l.famErr != nil {
		return l.famErr
	}
	raw := map[string]family{}
	ents, _ := fs.ReadDir(l.FS, ".")
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(l.FS, path.Join(e.Name(), "template.json"))
		if err != nil {
			continue
		}
		var f family
		if err := decodeJSON(b, &f); err != nil {
			l.famErr = fmt.Errorf("years/%s/template.json: %w", e.Name(), err)
			return l.famErr
		}
		if f.ID != e.Name() {
			l.famErr = fmt.Errorf("years/%s/template.json: id %q 与目录名不一致", e.Name(), f.ID)
			return l.famErr
		}
		raw[f.ID] = f
	}
	fams := map[string]*family{}
	aliases := map[string]alias{}
	var resolve func(id string, depth int) (*family, error)
	resolve = func(id string, depth int) (*family, error) {
		if f, ok := fams[id]; ok {
			return f, nil
		}
		f, ok := raw[id]
		if !ok {
			return nil, fmt.Errorf("未知的模板 %q", id)
		}
		if depth > 8 {
			return nil, fmt.Errorf("years/%s/template.json: extends 形成循环", id)
		}
		if f.Extends != "" {
			p, err := resolve(f.Extends, depth+1)
			if err != nil {
				return nil, fmt.Errorf("years/%s/template.json: extends: %w", id, err)
			}
			f = merge(*p, f)
		}
		if len(f.Years) != 2 || f.Years[0] > f.Years[1] || f.Years[0] < 2000 {
			return nil, fmt.Errorf("years/%s/template.json: years 应为 [起始年度, 终止年度]", id)
		}
		fams[id] = &f
		return &f, nil
	}
	for id := range raw {
		f, err := resolve(id, 0)
		if err != nil {
			l.famErr = err
			return err
		}
		for _, a := range f.Aliases {
			if _, dup := aliases[a.ID]; dup || raw[a.ID].ID != "" {
				l.famErr = fmt.Errorf("years/%s/template.json: 别名 %q 重复", id, a.ID)
				return l.famErr
			}
			aliases[a.ID] = alias{ID: id, Year: a.Year}
		}
	}
	l.families, l.aliases = fams, aliases
	return nil
}

// chain lists the directories a family reads files from: its own first,
// then its parents'.
func (l *Loader) chain(f *family) []string {
	dirs := []string{f.ID}
	for p := f.Extends; p != ""; {
		dirs = append(dirs, p)
		pf := l.families[p]
		if pf == nil {
			break
		}
		p = pf.Extends
	}
	return dirs
}

func (l *Loader) readFile(dirs []string, name string) ([]byte, string, error) {
	for _, d := range dirs {
		p := path.Join(d, name)
		if b, err := fs.ReadFile(l.FS, p); err == nil {
			return b, p, nil
		}
	}
	return nil, "", fmt.Errorf("years/%s/%s: 文件不存在（也不在所继承的模板中）", dirs[0], name)
}

func (l *Loader) build(f *family, year int) (*juesuan.Template, error) {
	dirs := l.chain(f)
	t := &juesuan.Template{ID: f.ID, Year: year, Name: f.Name, Region: f.Region, Title: f.Title,
		Regions: f.Regions, Kinds: f.Kinds, Keys: f.Keys, Carry: f.Carry, Attached: f.Attached != nil && *f.Attached,
		Catalogs: map[string]*juesuan.Catalog{}, Files: map[string][]byte{}}
	copy(t.Years[:], f.Years)
	if t.Title == "" {
		t.Title = "部门决算"
	}
	for _, sf := range f.Tables {
		if !juesuan.InYears(sf.Years, year) {
			continue
		}
		b, p, err := l.readFile(dirs, sf.File)
		if err != nil {
			return nil, err
		}
		var ts juesuan.TableSpec
		if err := decodeJSON(b, &ts); err != nil {
			return nil, fmt.Errorf("years/%s: %w", p, err)
		}
		if !juesuan.InYears(ts.Years, year) {
			continue
		}
		// Tables are numbered by their place in the year's list: a family
		// that drops a table renumbers the ones after it, as printed.
		ts.Number = len(t.Tables) + 1
		if ts.Title == "" && len(ts.Titles) > 0 {
			ts.Title = ts.Titles[0]
		}
		rows := ts.Rows[:0:0]
		for _, r := range ts.Rows {
			if juesuan.InYears(r.Years, year) {
				rows = append(rows, r)
			}
		}
		ts.Rows = rows
		t.Tables = append(t.Tables, &ts)
	}
	for _, c := range f.Catalogs {
		if !juesuan.InYears(c.Years, year) {
			continue
		}
		b, p, err := l.readFile(dirs, c.File)
		if err != nil {
			return nil, err
		}
		cat, err := ReadCatalogYear(path.Join("years", p), bytes.NewReader(b), year)
		if err != nil {
			return nil, err
		}
		cat.Key, cat.Title, cat.Partial = c.Key, strings.ReplaceAll(c.Title, "{year}", strconv.Itoa(year)), c.Partial
		t.Catalogs[c.Key] = cat
	}
	for _, sf := range f.Rules {
		if !juesuan.InYears(sf.Years, year) {
			continue
		}
		b, p, err := l.readFile(dirs, sf.File)
		if err != nil {
			return nil, err
		}
		t.Rules = append(t.Rules, juesuan.Source{Name: path.Join("years", p), Text: b})
	}
	// Other files (narrative templates, scoring rules, import.json) are
	// kept by path; a child's file replaces its parent's.
	for i := len(dirs) - 1; i >= 0; i-- {
		sub, err := fs.Sub(l.FS, dirs[i])
		if err != nil {
			continue
		}
		_ = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && p != "template.json" {
				if b, err := fs.ReadFile(sub, p); err == nil {
					t.Files[p] = b
				}
			}
			return nil
		})
	}
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
	return ReadCatalogYear(name, r, 0)
}

// ReadCatalogYear reads a catalog CSV keeping the entries in force in
// year: optional from and to columns bound an entry's years, so a renamed
// subject is two lines (year 0 keeps the latest line of each code).
func ReadCatalogYear(name string, r io.Reader, year int) (*juesuan.Catalog, error) {
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
		from, to := get(rec, "from"), get(rec, "to")
		scoped := from != "" || to != ""
		if scoped {
			var rg [2]int
			for i, v := range []string{from, to} {
				if v == "" {
					continue
				}
				n, err := strconv.Atoi(v)
				if err != nil || n < 2000 {
					return nil, fmt.Errorf("%s:%d: 年度 %q 应为四位年份", name, line, v)
				}
				rg[i] = n
			}
			if !juesuan.InYears(rg[:], year) {
				continue
			}
		}
		if juesuan.CodeLevel(code) == 0 {
			return nil, fmt.Errorf("%s:%d: 科目编码 %q 应为 3、5 或 7 位数字", name, line, code)
		}
		if _, dup := cat.Entries[code]; dup && year == 0 && scoped {
			cat.Entries[code].Name = strings.TrimSpace(rec[ni])
			continue
		} else if dup {
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
		if ts.IsGeneric() {
			// Known by its title alone: its rows are whatever is printed.
			if len(ts.Rows) > 0 || len(ts.Blocks) > 0 || ts.Catalog != "" {
				errs = append(errs, fmt.Sprintf("%s: 按标题识别的表（rowKind generic）不能列出行、版式或科目目录", ts.Code()))
			}
			if len(ts.Columns) > juesuan.MaxGenericColumns {
				errs = append(errs, fmt.Sprintf("%s: 栏数超过 %d", ts.Code(), juesuan.MaxGenericColumns))
			}
			continue
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
	errs = append(errs, keyErrors(t)...)
	if len(errs) > 0 {
		return fmt.Errorf("年度模板 %s 有误：\n%s", t.ID, strings.Join(errs, "\n"))
	}
	return nil
}

// keyErrors checks the named cells against the year's tables: a key whose
// table the year lacks is absent (code skips it), but a key into a table
// the year has must name a row and a column of it.
func keyErrors(t *juesuan.Template) []string {
	names := make([]string, 0, len(t.Keys))
	for name := range t.Keys {
		names = append(names, name)
	}
	sort.Strings(names)
	var errs []string
	for _, name := range names {
		spec := t.Keys[name]
		parts := strings.Split(spec, ":")
		if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
			errs = append(errs, fmt.Sprintf("键 %s 的值 %q 应为 表:行:栏（表可写编号或用途，如 summary:30:1；行写 * 表示一栏）", name, spec))
			continue
		}
		ts, ok := t.KeyTable(name)
		if !ok {
			continue
		}
		if parts[1] == "*" {
			if _, ok := ts.Column(parts[2]); !ok {
				errs = append(errs, fmt.Sprintf("键 %s（%s）：%s没有第 %s 栏", name, spec, ts.Code(), parts[2]))
			}
			continue
		}
		if err := ts.HasCell(parts[1], parts[2]); err != nil {
			errs = append(errs, fmt.Sprintf("键 %s（%s）：%v", name, spec, err))
		}
	}
	return errs
}
