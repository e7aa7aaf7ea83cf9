package reportfile

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/testutil/generictpl"
)

func TestGenericTablesErrors(t *testing.T) {
	tpls := generictpl.Loader(t)
	head := "year: 2020\ntemplate: " + generictpl.Family + "\nunit: {name: 测试单位}\n"
	cases := []struct{ name, body, want string }{
		{"ok", "tables:\n  10:\n    - {row: \"1\", name: 合计, cells: {1: 1.00, 3: 2.00}}\n  11:\n    - {row: \"1\", cells: {2: 3.00}}\ngeneric_tables:\n  10: {columns: [收入, \"\", 结余]}\n  11: {title: 项目支出决算表, extra: true}\n", ""},
		{"code row", "tables:\n  10:\n    - {row: total, cells: {1: 1.00}}\n", "印刷顺序号"},
		{"column", "tables:\n  10:\n    - {row: \"1\", cells: {41: 1.00}}\n", "栏应为 1 至 40"},
		{"extra undeclared", "tables:\n  11:\n    - {row: \"1\", cells: {1: 1.00}}\n", "没有表 \"11\""},
		{"not generic", "generic_tables:\n  2: {columns: [a]}\n", "不是按标题识别的表"},
		{"template table extra", "generic_tables:\n  10: {title: x, extra: true}\n", "不能写 extra: true"},
		{"extra without flag", "generic_tables:\n  12: {title: x}\n", "应写 extra: true"},
		{"extra too far", "generic_tables:\n  99: {title: x, extra: true}\n", "应编号为 11 至 60"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, tpl, err := Read("g.yaml", []byte(head+tc.body), tpls, 0)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if ts, ok := r.Table(tpl, 11); !ok || ts.Title != "项目支出决算表" {
					t.Errorf("表11 = %+v", ts)
				}
				if cols := r.Columns(tpl.Tables[9]); len(cols) != 3 || cols[2].Name != "结余" || cols[1].Name != "" {
					t.Errorf("表10 columns = %+v", cols)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			if err != nil && !strings.Contains(err.Error(), "g.yaml") {
				t.Errorf("err does not name the file: %v", err)
			}
		})
	}
}
