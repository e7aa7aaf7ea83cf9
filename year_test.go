package juesuan

import "testing"

// keyTemplate is an 8-table layout: no 三公 table, so the fund table is
// 表7, as such families print it.
func keyTemplate() *Template {
	return &Template{
		Tables: []*TableSpec{
			{Number: 1, Role: "summary", RowKind: RowsFixed, Columns: []ColumnSpec{{Key: "1"}, {Key: "2"}},
				Rows: []RowSpec{{Key: "30", Cols: []string{"1"}}, {Key: "57", Cols: []string{"2"}}}},
			{Number: 2, Role: "general", RowKind: RowsFunction, Columns: []ColumnSpec{{Key: "1"}, {Key: "2"}}, Rows: []RowSpec{{Key: "total"}}},
			{Number: 3, Role: "fund", RowKind: RowsFunction, Columns: []ColumnSpec{{Key: "1"}}, Rows: []RowSpec{{Key: "total"}}},
		},
		Keys: map[string]string{
			"income_total":      "summary:30:1",
			"expense_year":      "summary:57:2",
			"wrong_column":      "summary:57:1",
			"no_row":            "summary:99:1",
			"general_col_basic": "general:*:2",
			"general_col_none":  "general:*:9",
			"fund_opening":      "fund:total:1",
			"by_number":         "3:total:1",
			"sangong_budget":    "sangong:1:1",
			"sangong_col":       "sangong:*:1",
			"malformed":         "summary:30",
		},
	}
}

func TestTemplateKey(t *testing.T) {
	tpl := keyTemplate()
	cases := []struct {
		name string
		want CellRef
		ok   bool
	}{
		{"income_total", CellRef{1, "30", "1"}, true},
		{"expense_year", CellRef{1, "57", "2"}, true},
		{"fund_opening", CellRef{3, "total", "1"}, true},
		{"by_number", CellRef{3, "total", "1"}, true},
		{"wrong_column", CellRef{}, false},      // 57 is on the 支出 side only
		{"no_row", CellRef{}, false},            // the layout has no such line
		{"general_col_basic", CellRef{}, false}, // a column is no cell
		{"sangong_budget", CellRef{}, false},    // the layout has no 三公 table
		{"malformed", CellRef{}, false},
		{"unknown", CellRef{}, false},
	}
	for _, tc := range cases {
		got, ok := tpl.Key(tc.name)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Key(%q) = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestTemplateColKey(t *testing.T) {
	tpl := keyTemplate()
	if n, col, ok := tpl.ColKey("general_col_basic"); n != 2 || col != "2" || !ok {
		t.Errorf("ColKey(general_col_basic) = %d, %q, %v", n, col, ok)
	}
	for _, name := range []string{"general_col_none", "sangong_col", "income_total", "unknown"} {
		if _, _, ok := tpl.ColKey(name); ok {
			t.Errorf("ColKey(%q) ok, want absent", name)
		}
	}
	if c, ok := tpl.At("general_col_basic", "2010101"); !ok || c != (CellRef{2, "2010101", "2"}) {
		t.Errorf("At = %v, %v", c, ok)
	}
	if _, ok := tpl.At("sangong_col", "1"); ok {
		t.Error("At on a missing table ok")
	}
	if ts, ok := tpl.KeyTable("fund_opening"); !ok || ts.Number != 3 {
		t.Errorf("KeyTable(fund_opening) = %v, %v", ts, ok)
	}
	if _, ok := tpl.KeyTable("sangong_budget"); ok {
		t.Error("KeyTable(sangong_budget) ok")
	}
	got := tpl.TablesByRole("fund", "sangong", "summary")
	if len(got) != 2 || got[0].Number != 3 || got[1].Number != 1 {
		t.Errorf("TablesByRole = %v", got)
	}
}
