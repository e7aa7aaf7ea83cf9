package juesuan

import (
	"fmt"
	"sort"
	"strconv"
)

// A generic table is one a report prints that the template knows by its
// title alone (RowsGeneric) or not at all (an extra table, appended after
// the template's). Nothing is assumed of its structure: its rows are the
// printed rows in order, addressed 1, 2, … and named by their printed
// labels (Report.RowNames); its columns are the printed amount columns in
// order, addressed 1…n, named by the printed header when the template
// declares none. No rule is written for it.

// MaxGenericColumns bounds the amount columns of a generic table without
// declared columns: wider than any printed table, small enough that a
// stray key is refused.
const MaxGenericColumns = 40

// MaxExtraTables bounds the tables a report may print beyond its template.
const MaxExtraTables = 50

// GenericTable is what a report keeps of a generic table: the printed
// title of an extra table and the printed column headers.
type GenericTable struct {
	// Title is the printed title (kept for extra tables; a template table
	// has its own).
	Title string `yaml:"title,omitempty"`
	// Extra: the template does not know the table.
	Extra bool `yaml:"extra,omitempty"`
	// Columns are the printed headers of columns 1…n.
	Columns []string `yaml:"columns,omitempty"`
}

// IsGeneric reports whether t is known by its title alone.
func (t *TableSpec) IsGeneric() bool { return t.RowKind == RowsGeneric }

// ExtraTableSpec returns the layout of extra table n of a report: a
// generic list under its printed title.
func ExtraTableSpec(n int, title string) *TableSpec {
	if title == "" {
		title = "表" + strconv.Itoa(n)
	}
	return &TableSpec{Number: n, Title: title, Unit: "万元", RowKind: RowsGeneric, Layout: "list", Role: "extra"}
}

// AddExtraTable appends a table the template does not know, titled as
// printed, and returns its number (after the template's tables and the
// extra tables already added).
func (r *Report) AddExtraTable(tpl *Template, title string) (int, error) {
	n := len(tpl.Tables) + 1
	for k, g := range r.Generic {
		if g.Extra && k >= n {
			n = k + 1
		}
	}
	if n > len(tpl.Tables)+MaxExtraTables {
		return 0, fmt.Errorf("模板之外的表超过 %d 张", MaxExtraTables)
	}
	r.genericOf(n).Title, r.Generic[n].Extra = title, true
	return n, nil
}

// SetExtraTable records table n as one the template does not know,
// titled as printed ("" when the source gives no title: a cells CSV).
func (r *Report) SetExtraTable(tpl *Template, n int, title string) error {
	if n <= len(tpl.Tables) || n > len(tpl.Tables)+MaxExtraTables {
		return fmt.Errorf("模板之外的表应编号为 %d 至 %d，而不是 %d", len(tpl.Tables)+1, len(tpl.Tables)+MaxExtraTables, n)
	}
	g := r.genericOf(n)
	g.Extra = true
	if title != "" {
		g.Title = title
	}
	return nil
}

// genericOf returns the entry of table n, creating it.
func (r *Report) genericOf(n int) *GenericTable {
	if r.Generic == nil {
		r.Generic = map[int]*GenericTable{}
	}
	g := r.Generic[n]
	if g == nil {
		g = &GenericTable{}
		r.Generic[n] = g
	}
	return g
}

// SetGenericColumns records the printed headers of generic table n.
func (r *Report) SetGenericColumns(n int, names []string) {
	r.genericOf(n).Columns = append([]string(nil), names...)
}

// Tables returns the template's tables followed by the extra tables of
// the report, by number.
func (r *Report) Tables(tpl *Template) []*TableSpec {
	var extra []int
	for n, g := range r.Generic {
		if g.Extra && n > len(tpl.Tables) {
			extra = append(extra, n)
		}
	}
	if len(extra) == 0 {
		return tpl.Tables
	}
	sort.Ints(extra)
	out := append([]*TableSpec(nil), tpl.Tables...)
	for _, n := range extra {
		out = append(out, ExtraTableSpec(n, r.Generic[n].Title))
	}
	return out
}

// Table returns table n of the report: the template's, or an extra one.
func (r *Report) Table(tpl *Template, n int) (*TableSpec, bool) {
	if ts, ok := tpl.Table(n); ok {
		return ts, true
	}
	if g := r.Generic[n]; g != nil && g.Extra {
		return ExtraTableSpec(n, g.Title), true
	}
	return nil, false
}

// Columns returns the amount columns of t as the report fills them: the
// declared columns, or for a generic table without any, columns 1…n up to
// the last printed header or the last filled cell, named by the headers.
func (r *Report) Columns(t *TableSpec) []ColumnSpec {
	if !t.IsGeneric() || len(t.Columns) > 0 {
		return t.Columns
	}
	var heads []string
	if g := r.Generic[t.Number]; g != nil {
		heads = g.Columns
	}
	n := min(len(heads), MaxGenericColumns)
	for c := range r.Cells {
		if c.Table == t.Number {
			if k, err := strconv.Atoi(c.Col); err == nil && k > n && k <= MaxGenericColumns {
				n = k
			}
		}
	}
	cols := make([]ColumnSpec, n)
	for i := range cols {
		cols[i].Key = strconv.Itoa(i + 1)
		if i < len(heads) {
			cols[i].Name = heads[i]
		}
	}
	return cols
}

// genericRow reports whether row is a printed row number (1, 2, …).
func genericRow(row string) bool {
	n, err := strconv.Atoi(row)
	return err == nil && n > 0 && strconv.Itoa(n) == row
}

// hasGenericCell is HasCell for a generic table.
func (t *TableSpec) hasGenericCell(row, col string) error {
	if !genericRow(row) {
		return fmt.Errorf("%s按标题识别，行应为印刷顺序号 1、2、…，而不是 %q", t.Code(), row)
	}
	if len(t.Columns) > 0 {
		if _, ok := t.Column(col); !ok {
			return fmt.Errorf("%s没有第 %s 栏（应为 %s）", t.Code(), col, t.columnKeys())
		}
		return nil
	}
	if k, err := strconv.Atoi(col); err != nil || k < 1 || k > MaxGenericColumns || strconv.Itoa(k) != col {
		return fmt.Errorf("%s按标题识别，栏应为 1 至 %d，而不是 %q", t.Code(), MaxGenericColumns, col)
	}
	return nil
}
