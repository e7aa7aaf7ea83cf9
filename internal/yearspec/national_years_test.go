package yearspec

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/years"
)

// expenseRow finds the 表1/表4 expense row standing for 类 code.
func expenseRow(ts *juesuan.TableSpec, code string) (juesuan.RowSpec, bool) {
	for _, r := range ts.Rows {
		if r.Code == code {
			return r, true
		}
	}
	return juesuan.RowSpec{}, false
}

// TestNationalSubjectsByYear: the 类 rows of 表1 and 表4 and the catalog
// names follow the 政府收支分类科目 of the year.
func TestNationalSubjectsByYear(t *testing.T) {
	cases := []struct {
		year  int
		code  string
		label string // "" = the row must be absent
	}{
		{2018, "210", "医疗卫生与计划生育支出"},
		{2018, "207", "文化体育与传媒支出"},
		{2018, "220", "国土海洋气象等支出"},
		{2017, "215", "资源勘探信息等支出"},
		{2018, "224", ""},
		{2018, "234", ""},
		{2018, "229", "二十二、其他支出"},
		{2019, "210", "卫生健康支出"},
		{2019, "224", "灾害防治及应急管理支出"},
		{2019, "234", ""},
		{2019, "215", "资源勘探工业信息等支出"},
		{2020, "210", "卫生健康支出"},
		{2020, "207", "文化旅游体育与传媒支出"},
		{2020, "220", "自然资源海洋气象等支出"},
		{2020, "224", "二十二、灾害防治及应急管理支出"},
		{2020, "234", "二十六、抗疫特别国债安排的支出"},
		{2021, "234", "抗疫特别国债安排的支出"},
		{2022, "234", ""},
		{2026, "224", "灾害防治及应急管理支出"},
	}
	for _, tc := range cases {
		tpl, err := Default.For("national", tc.year)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 4} {
			ts, ok := tpl.Table(n)
			if !ok {
				t.Fatalf("%d: no 表%d", tc.year, n)
			}
			r, ok := expenseRow(ts, tc.code)
			switch {
			case tc.label == "" && ok:
				t.Errorf("%d 表%d: row %s %q should be absent", tc.year, n, tc.code, r.Label)
			case tc.label != "" && (!ok || !strings.HasSuffix(r.Label, tc.label)):
				t.Errorf("%d 表%d: row %s = %q, want …%q", tc.year, n, tc.code, r.Label, tc.label)
			}
		}
		e, ok := tpl.Catalogs["function"].Lookup(tc.code)
		name := strings.TrimLeft(tc.label, "一二三四五六七八九十、")
		switch {
		case tc.label == "" && ok:
			t.Errorf("%d: catalog has %s %q", tc.year, tc.code, e.Name)
		case tc.label != "" && (!ok || e.Name != name):
			t.Errorf("%d: catalog %s = %+v, want %q", tc.year, tc.code, e, name)
		}
	}
}

// TestNationalTablesByYear: central departments published 8 tables up to
// 2019 and added 表9 国有资本经营预算财政拨款支出决算表 for 2020; local
// reports of both shapes exist on both sides of that year, so national
// has 9 tables every year and national-8-nocapital the 8 without 表9.
func TestNationalTablesByYear(t *testing.T) {
	for _, tc := range []struct {
		id         string
		year, want int
	}{{"national", 2016, 9}, {"national", 2019, 9}, {"national", 2026, 9},
		{"national-8-nocapital", 2016, 8}, {"national-8-nocapital", 2019, 8}, {"national-8-nocapital", 2026, 8}} {
		y, want := tc.year, tc.want
		tpl, err := Default.For(tc.id, y)
		if err != nil {
			t.Fatal(err)
		}
		if len(tpl.Tables) != want {
			t.Errorf("%d: %d tables, want %d", y, len(tpl.Tables), want)
		}
		_, capital := tpl.Key("capital_total")
		if capital != (want == 9) {
			t.Errorf("%d: key capital_total resolves = %v", y, capital)
		}
	}
}

// TestYearAddedAsData: a year beyond the embedded ones is a data change —
// a copy of years/national with a wider range, laid over the embedded
// families.
func TestYearAddedAsData(t *testing.T) {
	if _, err := Default.For("national", 2027); err == nil {
		t.Fatal("the embedded national family should not cover 2027")
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "national"), mustSub(t, "national")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "national", "template.json")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), "2026\n ]", "2027\n ]", 1)
	if s == string(b) {
		t.Fatal("years not found in the copied template.json")
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	tpl, err := Overlay(dir).For("national", 2027)
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Year != 2027 || len(tpl.Tables) != 9 {
		t.Errorf("2027: year %d, %d tables", tpl.Year, len(tpl.Tables))
	}
	if r, ok := expenseRow(tpl.Tables[0], "210"); !ok || !strings.HasSuffix(r.Label, "卫生健康支出") {
		t.Errorf("2027 表1 210 = %+v", r)
	}
}

func mustSub(t *testing.T, dir string) fs.FS {
	t.Helper()
	sub, err := fs.Sub(years.FS, dir)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}
