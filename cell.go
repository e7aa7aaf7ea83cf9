package juesuan

import (
	"fmt"
	"strconv"
	"strings"
)

// CellRef addresses one amount cell: TABLE:ROW:COL (see docs/contract).
type CellRef struct {
	Table int
	Row   string // 行次, 科目编码, total, personnel, public
	Col   string // 栏次
}

// String formats the address as "6:302:1".
func (c CellRef) String() string { return strconv.Itoa(c.Table) + ":" + c.Row + ":" + c.Col }

// Label formats the address for people: 表6 302行 第1栏.
func (c CellRef) Label() string {
	return fmt.Sprintf("表%d %s行 第%s栏", c.Table, c.Row, c.Col)
}

// ParseCellRef parses "TABLE:ROW:COL".
func ParseCellRef(s string) (CellRef, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 || parts[1] == "" || parts[2] == "" {
		return CellRef{}, fmt.Errorf("单元格地址 %q 应为 表:行:栏，例如 1:27:1", s)
	}
	n, err := strconv.Atoi(parts[0])
	if err != nil || n < 1 {
		return CellRef{}, fmt.Errorf("单元格地址 %q 的表号应为正整数", s)
	}
	return CellRef{Table: n, Row: parts[1], Col: parts[2]}, nil
}

// RowRef addresses a row of a table.
type RowRef struct {
	Table int
	Row   string
}
