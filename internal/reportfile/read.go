// Package reportfile reads and writes the native report file: YAML that
// holds every fact of one 部门决算 (see docs/format.md).
package reportfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/juesuan/juesuan"
)

// FormatID is the value of the file's `format` key.
const FormatID = "juesuan-report/1"

// MaxSize bounds a report file: a real report is a few hundred KB.
const MaxSize = juesuan.MaxReportFileBytes

// Templates gives a template by id; internal/yearspec implements it.
type Templates interface {
	Load(id string) (*juesuan.Template, error)
}

// key is a scalar read as its source text (so 2012903 and "2012903" agree).
type key string

func (k *key) UnmarshalYAML(b []byte) error {
	*k = key(unquote(string(b)))
	return nil
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		if u, err := strconv.Unquote(`"` + strings.ReplaceAll(s[1:len(s)-1], `"`, `\"`) + `"`); err == nil {
			return u
		}
		return s[1 : len(s)-1]
	}
	return s
}

// Header is the identification part of a report file.
type Header struct {
	Format    string `yaml:"format"`
	Year      int    `yaml:"year"`
	Template  string `yaml:"template"`
	MoneyUnit string `yaml:"money_unit"`
}

type fileDTO struct {
	Header        `yaml:",inline"`
	juesuan.Facts `yaml:",inline"`
	// Generic holds the titles and printed headers of generic tables.
	Generic map[int]*juesuan.GenericTable `yaml:"generic_tables"`
}

// ErrorList is every problem found in a file, each positioned.
type ErrorList []juesuan.Diagnostic

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// ReadFile reads a native report file.
func ReadFile(name string, tpls Templates, yearOverride int) (*juesuan.Report, *juesuan.Template, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: 无法读取文件: %w", name, errors.Unwrap(err))
	}
	if st.Size() > MaxSize {
		return nil, nil, fmt.Errorf("%s: 文件过大（%d 字节，上限 %d）", name, st.Size(), MaxSize)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: 无法读取文件: %w", name, err)
	}
	return Read(name, b, tpls, yearOverride)
}

// Read parses a report file's bytes. Every error names the file, the line
// and column, and, for cells, the table, row and column.
func Read(name string, b []byte, tpls Templates, yearOverride int) (r *juesuan.Report, tpl *juesuan.Template, err error) {
	return read(name, b, tpls, yearOverride, true)
}

// read is Read; without fast, the YAML library reads the whole file (the
// tests and benchmarks compare the two).
func read(name string, b []byte, tpls Templates, yearOverride int, fast bool) (r *juesuan.Report, tpl *juesuan.Template, err error) {
	// The YAML library panics on some malformed input (found by fuzzing,
	// e.g. a bare "!" tag in a sequence); report it as a format error.
	defer func() {
		if v := recover(); v != nil {
			r, tpl, err = nil, nil, fmt.Errorf("%s: YAML 格式错误，无法解析（%v）", name, v)
		}
	}()
	if len(b) > MaxSize {
		return nil, nil, fmt.Errorf("%s: 文件过大（上限 %d 字节）", name, MaxSize)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil, fmt.Errorf("%s: 文件为空", name)
	}
	defer func() {
		if err == nil && r != nil && len(r.Cells) == 0 && r.Unit.Name == "" {
			r, tpl, err = nil, nil, fmt.Errorf("%s: 文件中没有报表内容（既没有表格数据，也没有单位名称）", name)
		}
	}()
	if b, err = toUTF8(b); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	// A file as Write writes it is read by hand, without the YAML library
	// (not even its lexer, for the depth); on any other shape or any
	// problem, it is read as below, so messages stay the same.
	var rest []byte
	var tables map[key][]rowDTO
	tablesOK := false
	if fast {
		// The tables read by hand serve below too when the rest is not
		// of Write's shape (a file written by hand, like the examples).
		rest, tables, tablesOK = fastTables(b)
		if r, tpl, ok := readFast(name, b, rest, tables, tablesOK, tpls, yearOverride); ok {
			return r, tpl, nil
		}
	}
	// The structure's size and depth first: they are a byte count and a
	// linear lexer pass, cheaper than anything after them.
	if err := checkDepth(string(b)); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	if err := checkAliases(b); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	// The fast path reads the tables by hand; on any problem the file is
	// read again by the YAML library alone, so messages stay the same.
	if tablesOK {
		if r, tpl, err := parse(name, rest, tables, tpls, yearOverride); err == nil {
			return r, tpl, nil
		}
	}
	return parse(name, b, nil, tpls, yearOverride)
}

// readFast reads b by hand (fastDoc after fastTables gave rest and
// tables); ok is false when b has
// another shape, fails a check read makes first, or has any problem.
func readFast(name string, b, rest []byte, tables map[key][]rowDTO, tablesOK bool, tpls Templates, yearOverride int) (*juesuan.Report, *juesuan.Template, bool) {
	if !tablesOK || structureCount(b) > juesuan.MaxStructureBytes || checkAliases(b) != nil {
		return nil, nil, false
	}
	body, ok := fastDoc(rest)
	if !ok {
		return nil, nil, false
	}
	r, tpl, err := build(name, nil, body, tables, tpls, yearOverride)
	if err != nil {
		return nil, nil, false
	}
	return r, tpl, true
}

// parse reads a file whose tables, when not nil, were read by fastTables
// (and blanked in b).
func parse(name string, b []byte, fast map[key][]rowDTO, tpls Templates, yearOverride int) (r *juesuan.Report, tpl *juesuan.Template, err error) {
	file, err := parser.ParseBytes(b, 0)
	if err != nil {
		kind := "YAML"
		if strings.HasSuffix(strings.ToLower(name), ".json") {
			kind = "JSON"
		}
		return nil, nil, fmt.Errorf("%s: %s 格式错误 %s", name, kind, yamlError(err))
	}
	if err := checkOneDocument(file); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	return build(name, file, docBody(file), fast, tpls, yearOverride)
}

// build makes the report from the document's body. file gives the
// positions of messages; it is nil when the body was read by hand
// (fastDoc), whose caller reads the file again on any error.
func build(name string, file *ast.File, docBody ast.Node, fast map[key][]rowDTO, tpls Templates, yearOverride int) (r *juesuan.Report, tpl *juesuan.Template, err error) {
	h, herrs := readHeader(name, docBody)
	if len(herrs) > 0 {
		return nil, nil, herrs
	}
	if h.Format != "" && h.Format != FormatID {
		return nil, nil, fmt.Errorf("%s: 不支持的文件格式 %q（应为 %s）", name, h.Format, FormatID)
	}
	if yearOverride != 0 {
		if h.Year != 0 && h.Year != yearOverride {
			return nil, nil, fmt.Errorf("%s: 文件年度 %d 与 --year %d 不一致", name, h.Year, yearOverride)
		}
		h.Year = yearOverride
	}
	if h.Year == 0 {
		return nil, nil, fmt.Errorf("%s: 缺少 year（决算年度，如 year: 2020）", name)
	}
	if h.Template == "" {
		h.Template = strconv.Itoa(h.Year)
	}
	tpl, err = tpls.Load(juesuan.TemplateRef(h.Template, h.Year))
	if err != nil {
		path := "$.template"
		if posOf(file, path) == "" {
			path = "$.year"
		}
		return nil, nil, fmt.Errorf("%s:%s: %v", name, posOf(file, path), err)
	}
	if tpl.Year != h.Year {
		return nil, nil, fmt.Errorf("%s:%s: 年度 %d 与模板 %s（%d 年度）不一致；没有 %d 年度的模板", name, posOf(file, "$.year"), h.Year, tpl.ID, tpl.Year, h.Year)
	}
	unit := juesuan.MoneyUnit(h.MoneyUnit)
	if unit == "" {
		unit = juesuan.UnitWanyuan
	}
	if unit.Scale() == 0 {
		return nil, nil, fmt.Errorf("%s:%s: 未知的金额单位 %q（应为 万元、元 或 分）", name, posOf(file, "$.money_unit"), h.MoneyUnit)
	}
	// The tables are read from the syntax tree directly: exact source text
	// and positions for every cell, and no per-value decoder calls (which
	// cost the YAML library a pass over the whole file each).
	body, tablesNode := splitTables(docBody)
	d := &decoder{file: name, unit: unit}
	var dto fileDTO
	if bm, ok := body.(*ast.MappingNode); ok {
		d.decodeStruct(bm, reflect.ValueOf(&dto).Elem(), "")
	} else if !isNull(body) {
		d.fail(body, "报表文件应为“键: 值”的映射")
	}
	if len(d.errs) > 0 {
		return nil, nil, d.errs
	}
	r = juesuan.NewReport(h.Year, tpl.ID)
	r.MoneyUnit = unit
	r.Source = name
	r.Facts = dto.Facts
	if gerrs := setGeneric(name, file, tpl, r, dto.Generic); len(gerrs) > 0 {
		return nil, nil, gerrs
	}
	tables, errs := fast, ErrorList(nil)
	if fast == nil {
		tables, errs = readTables(name, tablesNode)
	} else if tablesNode != nil {
		return nil, nil, fmt.Errorf("%s: tables 重复", name) // read again by the library
	}
	errs = append(errs, fillTables(name, file, tpl, r, tables, unit)...)
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return r, tpl, nil
}

func docBody(f *ast.File) ast.Node {
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return &ast.NullNode{}
	}
	return f.Docs[0].Body
}

// checkAliases refuses YAML aliases: a report has no use for them, and
// nested aliases expand exponentially ("billion laughs").
func checkAliases(b []byte) error {
	if bytes.IndexByte(b, '*') < 0 {
		return nil // no alias can be written without a star
	}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.IndexByte(line, '*') < 0 {
			continue
		}
		if j := strings.Index(line, "#"); j >= 0 && (j == 0 || line[j-1] == ' ') {
			line = line[:j]
		}
		if m := aliasRE.FindStringIndex(line); m != nil && !inQuotes(line, m[0]) {
			return fmt.Errorf("第 %d 行: 报表文件不允许使用 YAML 别名（*）", i+1)
		}
	}
	return nil
}

// aliasRE finds an alias (*name) where YAML allows one: at the start of a
// value, after a flow indicator or a space.
var aliasRE = regexp.MustCompile(`(^|[\s,\[{:])\*[^\s,\]}]`)

// inQuotes reports whether position i of line is inside a quoted string.
func inQuotes(line string, i int) bool {
	var q byte
	for k := 0; k < i && k < len(line); k++ {
		c := line[k]
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case q != 0 && c == q:
			q = 0
		}
	}
	return q != 0
}

// yamlError turns a go-yaml error into "第 L 行第 C 列: message" plus the
// source excerpt it prints.
func yamlError(err error) string {
	var se yaml.Error
	if errors.As(err, &se) {
		if tok := se.GetToken(); tok != nil && tok.Position != nil {
			return fmt.Sprintf("第 %d 行第 %d 列: %s", tok.Position.Line, tok.Position.Column, translate(se.GetMessage()))
		}
	}
	return err.Error()
}

func translate(msg string) string {
	switch {
	case strings.Contains(msg, "already defined"):
		return "键重复（" + msg + "）"
	case strings.Contains(msg, "unknown field"):
		return "未知的键（" + msg + "）"
	case strings.Contains(msg, "cannot unmarshal"):
		return "值的类型不对（" + msg + "）"
	}
	return msg
}

// posOf returns "line:col" of a YAML path, or "" when it cannot be found.
func posOf(f *ast.File, path string) string {
	if f == nil {
		return "" // read by hand: the caller reads the file again for messages
	}
	p, err := yaml.PathString(path)
	if err != nil {
		return ""
	}
	n, err := p.FilterFile(f)
	if err != nil || n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
		return ""
	}
	return fmt.Sprintf("%d:%d", n.GetToken().Position.Line, n.GetToken().Position.Column)
}

func byCol(a, b cellDTO) int { return strings.Compare(string(a.col), string(b.col)) }

func fillTables(name string, f *ast.File, tpl *juesuan.Template, r *juesuan.Report, tables map[key][]rowDTO, unit juesuan.MoneyUnit) ErrorList {
	var errs ErrorList
	add := func(path, place, format string, args ...any) {
		// Each position is a search of the file: stop at 50 problems,
		// as the decoder does, so a file of bad rows costs linear time.
		if len(errs) >= 50 {
			return
		}
		d := juesuan.Diagnostic{File: name, Place: place, Message: fmt.Sprintf(format, args...)}
		if pos := posOf(f, path); pos != "" {
			fmt.Sscanf(pos, "%d:%d", &d.Line, &d.Col)
		}
		errs = append(errs, d)
	}
	var keys []string
	ncells := 0
	for k, rows := range tables {
		keys = append(keys, string(k))
		for _, row := range rows {
			ncells += len(row.Cells)
		}
	}
	sort.Strings(keys)
	if len(r.Cells) == 0 && ncells > 8 {
		r.Cells = make(map[juesuan.CellRef]juesuan.Amount, ncells) // one allocation, not a map grown ten times
	}
	for _, tk := range keys {
		n, err := strconv.Atoi(strings.TrimPrefix(tk, "表"))
		ts, ok := r.Table(tpl, n)
		if err != nil || !ok {
			add("$.tables", "", "年度模板 %s 没有表 %q（应为 1 至 %d；模板之外的表须在 generic_tables 中写明 extra: true）", tpl.ID, tk, len(tpl.Tables))
			continue
		}
		seen := map[string]int{}
		for i, row := range tables[key(tk)] {
			// Paths and places are built only for a message: a clean file
			// is read without formatting a string per cell.
			rp := func() string { return fmt.Sprintf("$.tables.%s[%d]", tk, i) }
			rk := string(row.Row)
			if rk == "" {
				add(rp(), ts.Code(), "第 %d 条缺少 row（行次或科目编码）", i+1)
				continue
			}
			if prev, dup := seen[rk]; dup {
				add(rp()+".row", fmt.Sprintf("%s %s行", ts.Code(), rk), "行重复（第 %d 条已有此行）", prev+1)
				continue
			}
			seen[rk] = i
			if _, fixed := ts.Row(rk); !fixed {
				if err := ts.CheckCode(rk); err != nil || ts.RowKind == juesuan.RowsFixed {
					msg := fmt.Sprintf("%s没有第 %s 行", ts.Code(), rk)
					if err != nil && ts.RowKind != juesuan.RowsFixed {
						msg = err.Error()
					}
					add(rp()+".row", fmt.Sprintf("%s %s行", ts.Code(), rk), "%s", msg)
					continue
				}
			}
			if row.Name != "" {
				r.RowNames[juesuan.RowRef{Table: n, Row: rk}] = row.Name
			}
			cells := row.Cells
			if !slices.IsSortedFunc(cells, byCol) {
				cells = slices.SortedFunc(slices.Values(cells), byCol)
			}
			for _, c := range cells {
				col := string(c.col)
				place := func() string { return fmt.Sprintf("%s %s行 第%s栏", ts.Code(), rk, col) }
				cp := func() string { return rp() + ".cells." + col }
				if err := ts.HasCell(rk, col); err != nil {
					add(cp(), place(), "%v", err)
					continue
				}
				if c.text == "" || c.text == "~" || c.text == "null" {
					continue // blank cell
				}
				a, err := juesuan.ParseAmount(c.text, unit)
				if err != nil {
					add(cp(), place(), "金额 %q 无效：应为数字（%s，最多 %d 位小数），%v", c.text, unit, unit.Decimals(), err)
					continue
				}
				r.Cells[juesuan.CellRef{Table: n, Row: rk, Col: col}] = a
			}
		}
	}
	return errs
}
