package juesuan

import (
	"strconv"
	"strings"
)

// Template is one template family resolved for one year: the tables, the
// catalogs and the audit rules in force that year, all loaded from data
// (years/<family>/). A family covers a range of years and regions; what
// differs between its years is scoped by year inside the data.
type Template struct {
	ID       string // family id: "national", "shanghai"
	Year     int    // the year this instance was resolved for
	Name     string // 全国通用样式（9张表）
	Region   string // region wording for people
	Title    string // 部门决算
	Years    [2]int // the family's first and last year
	Regions  []string
	Kinds    []string     // 部门决算, 单位决算
	Tables   []*TableSpec // by number, Tables[0] is 表1
	Catalogs map[string]*Catalog
	Rules    []Source // audit rule files, parsed and checked by internal/rule
	Files    map[string][]byte
	// Keys names the cells code needs (income_total → "summary:30:1"):
	// code reads a layout only through these names, so a year whose
	// 总计 is on another line is a data change.
	Keys map[string]string
	// Carry lists the cells last year's report opens this year's with.
	Carry []CarryPair
	// Attached: the family publishes its tables as an attachment (见附件)
	// after the narrative.
	Attached bool
}

// Source is a named text file of a template.
type Source struct {
	Name string
	Text []byte
}

// TemplateRef names a family resolved for a year: "national@2026".
func TemplateRef(id string, year int) string {
	if year == 0 {
		return id
	}
	return id + "@" + strconv.Itoa(year)
}

// Table returns 表n.
func (t *Template) Table(n int) (*TableSpec, bool) {
	if n < 1 || n > len(t.Tables) {
		return nil, false
	}
	return t.Tables[n-1], true
}

// TableByRole returns the table playing role ("summary", "sangong", …).
func (t *Template) TableByRole(role string) (*TableSpec, bool) {
	for _, ts := range t.Tables {
		if ts.Role == role {
			return ts, true
		}
	}
	return nil, false
}

// Key resolves a named cell. ok is false when the template has no such
// name, or the year's layout does not print that cell (an 8-table family
// has no 三公 table; a region's 表4 may lack a row): callers treat that as
// a cell the layout does not print, and say or check nothing about it.
func (t *Template) Key(name string) (CellRef, bool) {
	spec, ok := t.Keys[name]
	if !ok {
		return CellRef{}, false
	}
	return t.ResolveKey(spec)
}

// ResolveKey resolves "TABLE:ROW:COL" where TABLE is a number or a role.
// A column key (ROW "*") is no cell: see ColKey and At.
func (t *Template) ResolveKey(spec string) (CellRef, bool) {
	ts, row, col, ok := t.resolveSpec(spec)
	if !ok || row == "*" || ts.HasCell(row, col) != nil {
		return CellRef{}, false
	}
	return CellRef{Table: ts.Number, Row: row, Col: col}, true
}

// ColKey resolves a column key ("expense_col_basic": "expense:*:2"): a
// column whose rows the caller walks (the code rows of 表3). ok is false
// when the year's layout has no such table or column.
func (t *Template) ColKey(name string) (table int, col string, ok bool) {
	ts, row, col, ok := t.resolveSpec(t.Keys[name])
	if !ok || row != "*" {
		return 0, "", false
	}
	if _, ok := ts.Column(col); !ok {
		return 0, "", false
	}
	return ts.Number, col, true
}

// At is the cell of column key name in row: At("general_col_total",
// "201") is the 合计 of 类 201 in the 一般公共预算财政拨款支出决算表.
func (t *Template) At(name, row string) (CellRef, bool) {
	n, col, ok := t.ColKey(name)
	if !ok {
		return CellRef{}, false
	}
	return CellRef{Table: n, Row: row, Col: col}, true
}

func (t *Template) resolveSpec(spec string) (ts *TableSpec, row, col string, ok bool) {
	parts := strings.Split(spec, ":")
	if len(parts) != 3 {
		return nil, "", "", false
	}
	if n, err := strconv.Atoi(parts[0]); err == nil {
		ts, _ = t.Table(n)
	} else {
		ts, _ = t.TableByRole(parts[0])
	}
	if ts == nil {
		return nil, "", "", false
	}
	return ts, parts[1], parts[2], true
}

// KeyTable returns the table of a named cell or column (the table of
// "sangong_budget").
func (t *Template) KeyTable(name string) (*TableSpec, bool) {
	ts, _, _, ok := t.resolveSpec(t.Keys[name])
	return ts, ok
}

// TablesByRole returns the tables playing roles, in the order asked,
// leaving out the roles the year's layout lacks.
func (t *Template) TablesByRole(roles ...string) []*TableSpec {
	var out []*TableSpec
	for _, role := range roles {
		if ts, ok := t.TableByRole(role); ok {
			out = append(out, ts)
		}
	}
	return out
}

// HasKind reports whether the family publishes documents of kind k
// (部门决算, 单位决算); an empty list means 部门决算 and 单位决算.
func (t *Template) HasKind(k string) bool {
	if len(t.Kinds) == 0 {
		return k == "部门决算" || k == "单位决算"
	}
	for _, x := range t.Kinds {
		if x == k {
			return true
		}
	}
	return false
}
