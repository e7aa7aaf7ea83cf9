// Package generictpl builds, for tests, a template family that extends
// the embedded national family with a table known by its title alone
// (rowKind generic), and a published report text that prints it beside a
// table no template knows.
package generictpl

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/juesuan/juesuan/internal/yearspec"
	"github.com/juesuan/juesuan/years"
)

// Family is the id of the test family.
const Family = "generic-test"

// Title is the title of its generic table, 表10.
const Title = "财政专户管理资金收入支出决算表"

// ExtraTitle is the title of the table no template knows.
const ExtraTitle = "部门决算公开相关信息统计表"

const familyJSON = `{
 "id": "generic-test",
 "name": "测试：全国通用样式加按标题识别的表",
 "region": "测试",
 "years": [2016, 2026],
 "extends": "national",
 "tables": ["tables/T1.json", "tables/T2.json", "tables/T3.json", "tables/T4.json", "tables/T5.json",
  "tables/T6.json", "tables/T7.json", "tables/T8.json", "tables/T9.json", "tables/T10.json"]
}`

const tableJSON = `{"role": "special_fund", "title": "财政专户管理资金收入支出决算表",
 "titles": ["财政专户管理资金收入支出决算表"], "unit": "万元", "rowKind": "generic", "layout": "list"}`

// FS returns the embedded families with the test family laid beside
// them; extra files (path → content) are added or replace.
func FS(tb testing.TB, extra map[string]string) fstest.MapFS {
	tb.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(years.FS, "national", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(years.FS, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	m[Family+"/template.json"] = &fstest.MapFile{Data: []byte(familyJSON)}
	m[Family+"/tables/T10.json"] = &fstest.MapFile{Data: []byte(tableJSON)}
	for p, s := range extra {
		m[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return m
}

// Loader loads the families of FS(tb, nil).
func Loader(tb testing.TB) *yearspec.Loader {
	return &yearspec.Loader{FS: FS(tb, nil)}
}

// Tables is the text of the two tables as a PDF's text prints them (tab
// separated): 表10 over two pages with its header repeated, a row without
// amounts and a blank cell; the extra table under an 附表 number with a
// 栏次 line.
const Tables = "2020年度财政专户管理资金收入支出决算表（表10）\n" +
	"\n部门：武汉市经济技术开发区（汉南区）职工服务中心\n\n单位：万元\n\n" +
	"项目\t本年收入\t本年支出\t年末结余\n" +
	"专户资金合计\t12.50\t10.00\t2.50\n" +
	"其中：教育收费\t12.50\t\t2.50\n" +
	"\f项目\t本年收入\t本年支出\t年末结余\n" +
	"其他专户资金\t\t\t\n" +
	"行政事业性收费\t1,200.00\t1,199.99\t0.01\n" +
	"\n注：本表反映部门本年度财政专户管理资金收支情况。\n\n" +
	"附表1 部门决算公开相关信息统计表\n\n" +
	"项 目\t本年数\t上年数\n" +
	"\t1\t2\n" +
	"机关运行经费\t25.25\t24.10\n" +
	"国有资产占用\t310.00\t(3.50)\n\n"

// Text returns the 2020 reference report's text with Tables printed
// between 表7 and 表8.
func Text(tb testing.TB) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "..", "..", "importer", "testdata", "wuhan-zhigong-2020-final.txt")
	b, err := os.ReadFile(p)
	if err != nil {
		tb.Fatal(err)
	}
	s := string(b)
	at := strings.Index(s, "2020年度政府性基金预算财政拨款收入支出决算表（表8）")
	if at < 0 {
		tb.Fatal("reference text: 表8 title not found")
	}
	return s[:at] + Tables + s[at:]
}
