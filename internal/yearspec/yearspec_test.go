package yearspec

import (
	"strings"
	"testing"
)

func TestLoad2020(t *testing.T) {
	tpl, err := Default.Load("2020")
	if err != nil {
		t.Fatal(err)
	}
	t1, _ := tpl.Table(1)
	if r, ok := t1.Row("57"); !ok || r.Label != "本年支出合计" || r.Cols[0] != "2" {
		t.Errorf("表1 57行 = %+v", r)
	}
	e, ok := tpl.Catalogs["function"].Lookup("2012903")
	if !ok || e.Name != "机关服务" {
		t.Errorf("2012903 = %+v", e)
	}
}

func TestLoadUnknown(t *testing.T) {
	for _, id := range []string{"1999", "../etc", "", "national@1999"} {
		_, err := Default.Load(id)
		if err == nil || !(strings.Contains(err.Error(), "未知的年度模板") || strings.Contains(err.Error(), "1999 年度")) {
			t.Errorf("Load(%q) = %v", id, err)
		}
	}
}

func TestReadCatalogErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"no header", "", "无法读取表头"},
		{"no code col", "a,b\n1,2\n", "code 和 name"},
		{"bad code", "code,name\n20,x\n", ":2: 科目编码 \"20\""},
		{"dup", "code,name\n201,x\n201,y\n", ":3: 科目编码 201 重复"},
		{"level", "code,name,level\n201,x,2\n", "级次"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCatalog("c.csv", strings.NewReader(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
