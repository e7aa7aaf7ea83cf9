package yearspec_test

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/testutil/generictpl"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// A table known by its title alone loads with no catalog and no rows; the
// family's rules still compile, and a generic table that lists rows or a
// catalog is refused.
func TestGenericTableTemplate(t *testing.T) {
	tpl, err := generictpl.Loader(t).Load(generictpl.Family + "@2020")
	if err != nil {
		t.Fatal(err)
	}
	if len(tpl.Tables) != 10 {
		t.Fatalf("%d tables, want 10", len(tpl.Tables))
	}
	ts := tpl.Tables[9]
	if !ts.IsGeneric() || ts.Title != generictpl.Title || ts.Number != 10 || ts.Role != "special_fund" {
		t.Errorf("表10 = %+v", ts)
	}
	if _, err := check.Compile(tpl); err != nil {
		t.Errorf("rules: %v", err)
	}
	bad := []struct{ name, json, want string }{
		{"rows", `{"title": "项目支出决算表", "rowKind": "generic", "layout": "list", "rows": [{"key": "1", "label": "合计"}]}`, "不能列出行"},
		{"catalog", `{"title": "项目支出决算表", "rowKind": "generic", "layout": "list", "catalog": "function"}`, "不能列出行、版式或科目目录"},
		{"dup column", `{"title": "项目支出决算表", "rowKind": "generic", "layout": "list", "columns": [{"key": "1"}, {"key": "1"}]}`, "栏 \"1\" 重复"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			l := &yearspec.Loader{FS: generictpl.FS(t, map[string]string{generictpl.Family + "/tables/T10.json": tc.json})}
			_, err := l.Load(generictpl.Family + "@2020")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
