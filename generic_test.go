package juesuan

import (
	"strings"
	"testing"
)

func TestGenericHasCell(t *testing.T) {
	free := &TableSpec{Number: 10, Title: "项目支出决算表", RowKind: RowsGeneric}
	declared := &TableSpec{Number: 11, Title: "资产负债情况表", RowKind: RowsGeneric,
		Columns: []ColumnSpec{{Key: "1", Name: "年初数"}, {Key: "2", Name: "年末数"}}}
	cases := []struct {
		ts       *TableSpec
		row, col string
		want     string // "" = accepted
	}{
		{free, "1", "1", ""},
		{free, "123", "40", ""},
		{free, "0", "1", "印刷顺序号"},
		{free, "01", "1", "印刷顺序号"},
		{free, "total", "1", "印刷顺序号"},
		{free, "2012903", "1", ""}, // a number is a row number, whatever its size
		{free, "1", "41", "栏应为 1 至 40"},
		{free, "1", "0", "栏应为 1 至 40"},
		{free, "1", "a", "栏应为 1 至 40"},
		{declared, "3", "2", ""},
		{declared, "3", "3", "没有第 3 栏"},
		{declared, "-1", "1", "印刷顺序号"},
	}
	for _, tc := range cases {
		err := tc.ts.HasCell(tc.row, tc.col)
		if (tc.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s HasCell(%q, %q) = %v, want %q", tc.ts.Code(), tc.row, tc.col, err, tc.want)
		}
	}
	if err := free.CheckCode("7"); err != nil {
		t.Errorf("CheckCode(7) = %v", err)
	}
	if err := free.CheckCode("x"); err == nil {
		t.Error("CheckCode(x) accepted")
	}
}

func TestGenericRowsColumnsAndExtras(t *testing.T) {
	tpl := &Template{Tables: []*TableSpec{{Number: 1, RowKind: RowsFixed}, {Number: 2, Title: "项目支出决算表", RowKind: RowsGeneric}}}
	r := NewReport(2024, "x")
	for _, row := range []string{"10", "2", "1"} {
		r.Set(CellRef{Table: 2, Row: row, Col: "3"}, 100)
	}
	r.SetGenericColumns(2, []string{"合计", "基本支出"})
	ts, _ := r.Table(tpl, 2)
	if got := strings.Join(r.RowsOf(ts), ","); got != "1,2,10" {
		t.Errorf("rows = %s, want printed order 1,2,10", got)
	}
	cols := r.Columns(ts)
	if len(cols) != 3 || cols[0].Name != "合计" || cols[1].Name != "基本支出" || cols[2].Name != "" || cols[2].Key != "3" {
		t.Errorf("columns = %+v", cols)
	}
	n, err := r.AddExtraTable(tpl, "资产负债情况表")
	if err != nil || n != 3 {
		t.Fatalf("AddExtraTable = %d, %v", n, err)
	}
	if n, _ := r.AddExtraTable(tpl, "部门决算公开相关信息统计表"); n != 4 {
		t.Errorf("second extra table = %d, want 4", n)
	}
	all := r.Tables(tpl)
	if len(all) != 4 || all[2].Title != "资产负债情况表" || !all[3].IsGeneric() || len(tpl.Tables) != 2 {
		t.Errorf("tables = %d, template changed to %d", len(all), len(tpl.Tables))
	}
	if err := r.SetExtraTable(tpl, 2, ""); err == nil {
		t.Error("a template table was made extra")
	}
	if _, ok := r.Table(tpl, 5); ok {
		t.Error("table 5 exists")
	}
	c := r.Clone()
	c.Generic[3].Columns = append(c.Generic[3].Columns, "x")
	c.Generic[2].Columns[0] = "changed"
	if r.Generic[2].Columns[0] != "合计" || len(r.Generic[3].Columns) != 0 {
		t.Error("Clone shares generic headers")
	}
	r.Set(CellRef{Table: 3, Row: "1", Col: "2"}, 5)
	got := r.SortedCells(tpl)
	if len(got) != 4 || got[3] != (CellRef{Table: 3, Row: "1", Col: "2"}) {
		t.Errorf("sorted cells = %v", got)
	}
}
