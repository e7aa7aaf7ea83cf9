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

// TestKeysResolveEveryYear: in every family and year, each named cell is
// a cell of the year's tables, or its table is one the year lacks.
func TestKeysResolveEveryYear(t *testing.T) {
	for _, f := range Default.Families() {
		for year := f.Years[0]; year <= f.Years[1]; year++ {
			tpl, err := Default.For(f.ID, year)
			if err != nil {
				t.Fatalf("%s@%d: %v", f.ID, year, err)
			}
			if len(tpl.Keys) == 0 {
				t.Fatalf("%s@%d: no keys", f.ID, year)
			}
			for name, spec := range tpl.Keys {
				_, cell := tpl.Key(name)
				_, _, col := tpl.ColKey(name)
				_, table := tpl.KeyTable(name)
				if !cell && !col && table {
					t.Errorf("%s@%d: key %s (%s) names no cell of its table", f.ID, year, name, spec)
				}
			}
		}
	}
}

func TestValidateKeys(t *testing.T) {
	base, err := Default.Load("national@2020")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		spec, want string // want "" for valid
	}{
		{"summary:30:1", ""},
		{"general:*:3", ""},
		{"sangong_missing:1:1", ""}, // a table the year lacks: absent, not wrong
		{"summary:30:2", "第 30 行没有第 2 栏"},
		{"fiscal:99:1", "表4没有第 99 行"},
		{"general:*:9", "表5没有第 9 栏"},
		{"summary:30", "应为 表:行:栏"},
	}
	for _, tc := range cases {
		tpl := *base
		tpl.Keys = map[string]string{"k": tc.spec}
		err := Validate(&tpl)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: err = %v, want %q", tc.spec, err, tc.want)
		}
	}
}
