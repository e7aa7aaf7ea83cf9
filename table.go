package juesuan

import (
	"fmt"
	"strconv"
	"strings"
)

// RowKind says where the rows of a table come from.
type RowKind string

// Row kinds of a table.
const (
	// RowsFixed: the rows are listed by the template (表1, 表4, 表7).
	RowsFixed RowKind = "fixed"
	// RowsFunction: one row per 支出功能分类 code (类/款/项) plus 合计.
	RowsFunction RowKind = "function"
	// RowsEconomic: one row per 部门预算支出经济分类 code (类/款) plus group totals.
	RowsEconomic RowKind = "economic"
)

// TableSpec is the layout of one standard table of a year's template.
// Rows and columns are addressed by stable keys (行次, 科目编码, 栏次),
// never by position.
type TableSpec struct {
	Number      int          `json:"number"`
	Title       string       `json:"title"`       // 收入支出决算总表
	Description string       `json:"description"` // 注：本表反映…
	Unit        string       `json:"unit"`        // 单位：万元 (empty for none printed)
	RowKind     RowKind      `json:"rowKind"`
	Catalog     string       `json:"catalog,omitempty"` // catalog of code rows
	Layout      string       `json:"layout"`            // two-halves, list, blocks
	Columns     []ColumnSpec `json:"columns"`
	Header      [][]HeadCell `json:"header"`
	Rows        []RowSpec    `json:"rows,omitempty"`      // fixed rows, or special rows of code tables
	Blocks      [][]string   `json:"blocks,omitempty"`    // printed row order per block (表6)
	CodeRoots   []string     `json:"codeRoots,omitempty"` // allowed 类 codes of code rows; empty = all
	EmptyNote   string       `json:"emptyNote,omitempty"` // keyword that names the table in a 空表说明 (三公)
	// Role names what the table is for (summary, income, expense, fiscal,
	// general, basic, sangong, fund, capital, …), so that code and keys
	// find it whatever its number in a family.
	Role string `json:"role,omitempty"`
	// Titles are the printed titles import and identify recognise (the
	// first is the canonical one when Title is empty).
	Titles []string `json:"titles,omitempty"`
	// ImportColumns match printed header cells to columns ("=1": a cell
	// that is exactly 1, the printed 栏次; other strings are prefixes).
	ImportColumns map[string][]string `json:"importColumns,omitempty"`
	BlockHead     []string            `json:"blockHead,omitempty"`
	// Years limits the table to a range of years within its family.
	Years []int `json:"years,omitempty"`
}

// RowsGeneric: a table known by its title only; its printed rows and
// header become its rows and columns, and no rule is written for it.
const RowsGeneric RowKind = "generic"

// ColumnSpec is one amount column (栏次).
type ColumnSpec struct {
	Key  string `json:"key"`  // printed 栏次: "1", "2", …
	Name string `json:"name"` // 本年收入合计
	Side string `json:"side,omitempty"`
	// Rare marks a column usually blank in published reports (公务用车
	// 购置费, 因公出国（境）费): when the arithmetic cannot tell which of two
	// columns an amount is in, import prefers the other one, and says so.
	Rare bool `json:"rare,omitempty"`
	// Hint is a cell ("TABLE:ROW:COL", TABLE a number or a role) printed
	// non-blank where this column usually is too (因公出国（境）费 beside
	// 表6 30212): another tie-break of the same kind.
	Hint string `json:"hint,omitempty"`
}

// HeadCell is one cell of a printed header row.
type HeadCell struct {
	Text    string `json:"text"`
	ColSpan int    `json:"colspan,omitempty"`
	RowSpan int    `json:"rowspan,omitempty"`
}

// RowSpec is a fixed row of a table.
type RowSpec struct {
	Key   string   `json:"key"`            // 行次 or special key (total, personnel, public)
	Label string   `json:"label"`          // 一、一般公共预算财政拨款收入
	Name  string   `json:"name,omitempty"` // name for messages where the printed label is blank
	Line  int      `json:"line,omitempty"`
	Cols  []string `json:"cols,omitempty"` // columns the row has; empty = all
	Half  int      `json:"half,omitempty"` // 0 left (收入), 1 right (支出) in a two-halves layout
	Code  string   `json:"code,omitempty"` // the 类 code a 表1/表4 expense row stands for
	// Rare marks a row usually blank in published reports (国有资本经营预算
	// 财政拨款收入, 使用非财政拨款结余): where the arithmetic leaves an amount
	// to this row or another, import takes the other and says so.
	Rare bool `json:"rare,omitempty"`
	// Years limits the row to a range of years [from, to] (a 类 that the
	// 政府收支分类科目 added or renamed); the same key may appear once per
	// range with another label.
	Years []int `json:"years,omitempty"`
}

// InYears reports whether year falls in a [from, to] range (an empty
// range is every year; a zero bound is open).
func InYears(r []int, year int) bool {
	if len(r) == 0 || year == 0 {
		return true
	}
	if r[0] != 0 && year < r[0] {
		return false
	}
	if len(r) > 1 && r[1] != 0 && year > r[1] {
		return false
	}
	return true
}

// Code returns the table's id as printed in messages: 表1.
func (t *TableSpec) Code() string { return "表" + strconv.Itoa(t.Number) }

// Column returns the column with key k.
func (t *TableSpec) Column(k string) (*ColumnSpec, bool) {
	for i := range t.Columns {
		if t.Columns[i].Key == k {
			return &t.Columns[i], true
		}
	}
	return nil, false
}

// Row returns the fixed or special row with key k.
func (t *TableSpec) Row(k string) (*RowSpec, bool) {
	for i := range t.Rows {
		if t.Rows[i].Key == k {
			return &t.Rows[i], true
		}
	}
	return nil, false
}

// HasCell reports whether the row (fixed or code) has column col, and
// explains why not.
func (t *TableSpec) HasCell(row, col string) error {
	if t.IsGeneric() {
		return t.hasGenericCell(row, col)
	}
	c, ok := t.Column(col)
	if !ok {
		return fmt.Errorf("%s没有第 %s 栏（应为 %s）", t.Code(), col, t.columnKeys())
	}
	if r, ok := t.Row(row); ok {
		if len(r.Cols) > 0 && !contains(r.Cols, c.Key) {
			return fmt.Errorf("%s第 %s 行没有第 %s 栏（该行只有 %s 栏）", t.Code(), row, col, strings.Join(r.Cols, "、"))
		}
		return nil
	}
	if t.RowKind == RowsFixed {
		return fmt.Errorf("%s没有第 %s 行", t.Code(), row)
	}
	return t.CheckCode(row)
}

// CheckCode reports whether code is a well-formed code row of t.
func (t *TableSpec) CheckCode(code string) error {
	if t.IsGeneric() {
		if !genericRow(code) {
			return fmt.Errorf("%s按标题识别，行应为印刷顺序号 1、2、…，而不是 %q", t.Code(), code)
		}
		return nil
	}
	if !allDigits(code) || code == "" {
		return fmt.Errorf("%s的行应为科目编码或 %s，而不是 %q", t.Code(), t.specialKeys(), code)
	}
	lens := []int{3, 5, 7}
	if t.RowKind == RowsEconomic {
		lens = []int{3, 5}
	}
	okLen := false
	for _, n := range lens {
		okLen = okLen || len(code) == n
	}
	if !okLen {
		return fmt.Errorf("%s的科目编码 %q 位数不对（应为 %s 位）", t.Code(), code, joinInts(lens))
	}
	if len(t.CodeRoots) > 0 && !contains(t.CodeRoots, code[:3]) {
		return fmt.Errorf("%s不能使用科目 %s（应属于 %s）", t.Code(), code, strings.Join(t.CodeRoots, "、"))
	}
	return nil
}

func (t *TableSpec) columnKeys() string {
	var ks []string
	for _, c := range t.Columns {
		ks = append(ks, c.Key)
	}
	return strings.Join(ks, "、")
}

func (t *TableSpec) specialKeys() string {
	var ks []string
	for _, r := range t.Rows {
		ks = append(ks, r.Key)
	}
	return strings.Join(ks, "、")
}

func joinInts(v []int) string {
	var s []string
	for _, n := range v {
		s = append(s, strconv.Itoa(n))
	}
	return strings.Join(s, "、")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ParentCode returns the parent of a 类/款/项 code ("" for a 类).
func ParentCode(code string) string {
	switch len(code) {
	case 5:
		return code[:3]
	case 7:
		return code[:5]
	}
	return ""
}

// CodeLevel is 1 for 类 (3 digits), 2 for 款 (5), 3 for 项 (7), else 0.
func CodeLevel(code string) int {
	switch len(code) {
	case 3:
		return 1
	case 5:
		return 2
	case 7:
		return 3
	}
	return 0
}

// Title returns the row's name for messages.
func (r *RowSpec) Title() string {
	if r.Name != "" {
		return r.Name
	}
	return r.Label
}
