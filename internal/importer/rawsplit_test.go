package importer

import (
	"slices"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/yearspec"
)

// The rows of a page whose 类|款|项 columns print apart are rebuilt from
// the 类 stream, the names (wrapped, among heading words) and the
// catalog; the 款/项 digits choose between readings the names leave.
func TestSplitCodeRows(t *testing.T) {
	tpl, err := yearspec.Default.Load("shanghai")
	if err != nil {
		t.Fatal(err)
	}
	ts, ok := tpl.Table(2)
	if !ok {
		t.Fatal("no 表2")
	}
	b := &builder{tpl: tpl}
	s := &section{ts: ts}
	for _, c := range []struct {
		name                  string
		classes, names, digit string
		carry                 string
		want                  string // "" leaves the page as it was
	}{
		{
			// As pdftotext prints Putuo's 收入决算表 (2024): two names wrapped
			// over two lines, heading words before and after.
			name:    "wrapped names",
			classes: "201 201 201 201 201 201 208 208 208 208 208 208 210 210",
			names: "项目 科目名称 一般公共服务支出 财政事务 行政运行 一般行政管理事务 信息化建设 财政委托业务支出 " +
				"社会保障和就业支出 行政事业单位养老支出 行政单位离退休 机关事业单位基本养老保险 缴费支出 " +
				"机关事业单位职业年金缴费 支出 其他行政事业单位养老支出 卫生健康支出 行政事业单位医疗 上级补助 收入",
			digit: "06 06 06 06 06 01 02 07 08 05 05 01 05 05 05 06 05 99 11",
			want:  "201 20106 2010601 2010602 2010607 2010608 208 20805 2080501 2080505 2080506 2080599 210 21011",
		},
		{
			// The next page begins inside the 款 21011.
			name:    "page begins inside a 款",
			classes: "210 221 221 221 221",
			names:   "行政单位医疗 住房保障支出 住房改革支出 住房公积金 购房补贴",
			digit:   "11 01 02 02 02 01 03",
			carry:   "21011",
			want:    "2101101 221 22102 2210201 2210203",
		},
		{
			// A 款 and its 项 of one name: the first is the 款 (a 项 needs
			// its 款 above it).
			name:    "款 and 项 of one name",
			classes: "208 208 208",
			names:   "社会保障和就业支出 其他社会保障和就业支出 其他社会保障和就业支出 单位：万元",
			digit:   "99 99 01",
			want:    "208 20899 2089901",
		},
		{
			name:    "a name the catalog does not know",
			classes: "201 201 201",
			names:   "一般公共服务支出 财政事务 某某专项业务",
			digit:   "06 06 77",
		},
		{
			name:    "fewer names than rows",
			classes: "201 201 201",
			names:   "一般公共服务支出 财政事务",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := &rawPage{codes: strings.Fields(c.classes), names: strings.Fields(c.names), digits: strings.Fields(c.digit)}
			before := slices.Clone(p.codes)
			ok := b.splitCodeRows(s, p, c.carry)
			if c.want == "" {
				if ok || !slices.Equal(p.codes, before) {
					t.Errorf("rebuilt %v, want the page left as it was", p.codes)
				}
				return
			}
			if !ok {
				t.Fatalf("not rebuilt: %v", p.codes)
			}
			if got := strings.Join(p.codes, " "); got != c.want {
				t.Errorf("codes\n got %s\nwant %s", got, c.want)
			}
			if len(p.names) != len(p.codes) {
				t.Errorf("%d names for %d rows", len(p.names), len(p.codes))
			}
		})
	}
}
