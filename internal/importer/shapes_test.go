package importer

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// flatDoc is a report as a common extractor gives it: one space between
// words, blank cells missing, the 2024 Shanghai tables.
func flatDoc(t *testing.T, body string) *Result {
	t.Helper()
	text := "中共上海市普陀区某某局 2024 年度部门决算\n第二部分 2024 年度部门决算表\n" + body + "\n第三部分 2024 年度部门决算情况说明\n"
	res, err := Text("flat.txt", []byte(text), yearspec.Default, Options{Year: 2024, Template: "2024-shanghai"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// income1 is a 表1 whose only income is 事业收入 or 财政拨款 of 306.90.
func income1(row string) string {
	return "收入支出决算总表\n单位：万元\n项目 决算数 项目 决算数\n" +
		row + " 306.90 一、一般公共服务支出 306.90\n本年收入合计 306.90 本年支出合计 306.90\n"
}

func wantCells(t *testing.T, res *Result, want map[string]string) {
	t.Helper()
	for ref, v := range want {
		c, err := juesuan.ParseCellRef(ref)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := res.Report.Cells[c]
		switch {
		case v == "" && ok:
			t.Errorf("%s = %s, want blank", ref, got.Wan())
		case v != "" && (!ok || got.Wan() != v):
			t.Errorf("%s = %v (set %v), want %s", ref, got.Wan(), ok, v)
		}
	}
}

func TestFlatShapes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		body   string
		want   map[string]string
		doubts int // I1.uncertain findings expected
	}{{
		// Fewer numbers than columns: the arithmetic, with 表1, tells which.
		name: "row-fewer-numbers-fiscal",
		body: income1("一、一般公共预算财政拨款收入") + "收入决算表\n单位：万元\n项目 本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入\n合计 306.90 306.90\n201 一般公共服务支出 306.90 306.90\n",
		want: map[string]string{"2:201:1": "306.90", "2:201:2": "306.90", "2:201:3": "", "2:201:4": "", "2:total:2": "306.90"},
	}, {
		name: "row-fewer-numbers-business",
		body: income1("五、事业收入") + "收入决算表\n单位：万元\n项目 本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入\n合计 306.90 306.90\n201 一般公共服务支出 306.90 306.90\n",
		want: map[string]string{"2:201:1": "306.90", "2:201:4": "306.90", "2:201:2": "", "2:total:4": "306.90"},
	}, {
		// 合计 on the line of the 类 款 项 header is its own row, not
		// merged into the first 类.
		name: "total-on-header-line",
		body: income1("一、一般公共预算财政拨款收入") + "收入决算表\n单位：万元\n科目编码 科目名称 本年收入合计 财政拨款收入\n类 款 项 合计 306.90 306.90\n201 一般公共服务支出 306.90 306.90\n20101 人大事务 306.90 306.90\n2010101 行政运行 306.90 306.90\n",
		want: map[string]string{"2:total:1": "306.90", "2:total:2": "306.90", "2:201:1": "306.90", "2:201:2": "306.90", "2:2010101:2": "306.90"},
	}, {
		// An expense label wrapped around its amount, no income label on
		// that line: the amount stays on the expense side.
		name: "halves-wrapped-label",
		body: "收入支出决算总表\n单位：万元\n项目 决算数 项目 决算数\n一、一般公共预算财政拨款收入 306.90 一、一般公共服务支出 208.67\n二、政府性基金预算财政拨款收入 二十二、灾害防治及应急管理支\n98.23\n出\n本年收入合计 306.90 本年支出合计 306.90\n",
		want: map[string]string{"1:1:1": "306.90", "1:31:2": "208.67", "1:52:2": "98.23", "1:2:1": "", "1:27:1": "306.90", "1:57:2": "306.90"},
	}, {
		// Amounts centred above a label printed on two lines.
		name: "halves-amount-above",
		body: "收入支出决算总表\n单位：万元\n项目 决算数 项目 决算数\n306.90\n一、一般公共预算财政拨款收入 一、一般公共服务支出 306.90\n306.90\n本年收入合计 本年支出合计 306.90\n",
		want: map[string]string{"1:1:1": "306.90", "1:31:2": "306.90", "1:27:1": "306.90", "1:57:2": "306.90"},
	}, {
		// 表6: two blocks side by side, codes apart from their names,
		// a code fused to the name before it, a wrapped name kept whole.
		name: "blocks",
		body: "一般公共预算财政拨款基本支出决算表\n单位：万元\n科目编码 科目名称 决算数 科目编码 科目名称 决算数\n301 工资福利支出302商品和服务支出\n100.00 20.00\n30101 基本工资 60.00 30201 办公费 20.00\n机关事业单位基本\n30108 40.00 30299 其他商品和服务支出 0.00\n养老保险缴费\n人员经费合计 100.00 公用经费合计 20.00\n",
		want: map[string]string{"6:301:1": "100.00", "6:302:1": "20.00", "6:30101:1": "60.00", "6:30201:1": "20.00", "6:30108:1": "40.00", "6:30299:1": "0.00", "6:personnel:1": "100.00", "6:public:1": "20.00"},
	}, {
		// 三公: 10 numbers for 12 columns (公务接待费 blank in both).
		name: "sangong-10-of-12",
		body: "财政拨款“三公”经费支出决算表\n单位：万元\n预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数\n7.00 6.00 2.00 1.00 5.00 5.00 1.00 1.50 4.00 3.50\n",
		want: map[string]string{"7:1:1": "7.00", "7:1:7": "6.00", "7:1:2": "2.00", "7:1:8": "1.00", "7:1:3": "5.00", "7:1:9": "5.00", "7:1:4": "1.00", "7:1:10": "1.50", "7:1:5": "4.00", "7:1:11": "3.50", "7:1:6": "", "7:1:12": ""},
	}, {
		// 公务用车购置及运行费 equal to one of its parts: 运行费, the
		// likelier (vehicles are bought in few years), with a doubt.
		name:   "sangong-car-run-likelier",
		body:   "财政拨款“三公”经费支出决算表\n单位：万元\n预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数\n1.44 1.30 0.62 0.58 0.62 0.58 0.82 0.72\n",
		want:   map[string]string{"7:1:1": "1.44", "7:1:7": "1.30", "7:1:3": "0.62", "7:1:9": "0.58", "7:1:5": "0.62", "7:1:11": "0.58", "7:1:4": "", "7:1:10": "", "7:1:6": "0.82", "7:1:12": "0.72"},
		doubts: 1,
	}, {
		// A header word that begins a row label (一般公共) names no row,
		// and a 总计 after an income label on its line is the expense
		// side's (the income 总计 follows on the next page).
		name: "halves-total-after-income-label",
		body: "财政拨款收入支出决算总表\n单位：万元\n收入 支出\n一般公共 政府性基 国有资本\n项目 决算数 项目 合计 预算财政 金预算财 经营预算\n拨款 政拨款 财政拨款\n" +
			"一、一般公共预算财政拨款 436.75 一、一般公共服务支出 436.75 436.75\n本年收入合计 436.75 本年支出合计 436.75 436.75\n年初财政拨款结转和结余 年末财政拨款结转和结余\n一、一般公共预算财政拨款 总计 436.75 436.75\n二、政府性基金预算财政拨款\n三、国有资本经营预算财政拨款\n总计 436.75\n",
		want: map[string]string{"4:1:1": "436.75", "4:27:1": "436.75", "4:29:1": "", "4:32:1": "436.75", "4:33:2": "436.75", "4:33:3": "436.75", "4:59:2": "436.75", "4:64:2": "436.75", "4:64:3": "436.75"},
	}, {
		// A column heading that is a row label word for word (一般公共预算
		// 财政拨款 over its column) names no row either.
		name: "halves-heading-is-a-label",
		body: "财政拨款收入支出决算总表\n单位：万元\n收入 支出\n政府性基金 国有资本经\n项目 决算数 项目 合计 一般公共预算财政拨款 预算财政拨 营预算财政\n款 拨款\n" +
			"一、一般公共预算财政拨款 3,848.55 一、一般公共服务支出 3,848.55 3,848.55\n本年收入合计 3,848.55 本年支出合计 3,848.55 3,848.55\n年初财政拨款结转和结余 年末财政拨款结转和结余\n一、一般公共预算财政拨款 总计 3,848.55 3,848.55\n总计 3,848.55\n",
		want: map[string]string{"4:1:1": "3848.55", "4:29:1": "", "4:27:1": "3848.55", "4:32:1": "3848.55"},
	}, {
		// Two equal amounts that the arithmetic cannot place (合计 and
		// 因公出国（境）费, or 合计 and 公务接待费): read as the likelier,
		// 因公出国（境）费 blank (the template marks it rare), and the
		// doubt is the import's.
		name:   "sangong-ambiguous",
		body:   "财政拨款“三公”经费支出决算表\n单位：万元\n预算数 决算数\n0.95 0.95\n",
		want:   map[string]string{"7:1:1": "0.95", "7:1:6": "0.95", "7:1:2": ""},
		doubts: 1,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			res := flatDoc(t, tc.body)
			wantCells(t, res, tc.want)
			n := 0
			for _, f := range res.Report.ImportDoubts {
				if f.Rule != "I1.uncertain" || f.Source != "import" || f.Severity != juesuan.SevWarning {
					t.Errorf("doubt %+v: want rule I1.uncertain, source import, severity warning", f)
				}
				if !strings.Contains(f.Message, "第 ") || !strings.Contains(f.Message, "也可能是") {
					t.Errorf("doubt names no place or alternative: %s", f.Message)
				}
				n++
			}
			if n != tc.doubts {
				t.Errorf("%d doubts, want %d: %v", n, tc.doubts, res.Report.ImportDoubts)
			}
		})
	}
}

// Wrapped 表6 names are kept whole, not their last line.
func TestFlatBlockNames(t *testing.T) {
	res := flatDoc(t, "一般公共预算财政拨款基本支出决算表\n单位：万元\n科目编码 科目名称 决算数\n301 工资福利支出 40.00\n机关事业单位基本\n30108 40.00\n养老保险缴费\n人员经费合计 40.00\n")
	got := res.Report.RowNames[juesuan.RowRef{Table: 6, Row: "30108"}]
	if got != "机关事业单位基本养老保险缴费" {
		t.Errorf("name of 30108 = %q", got)
	}
}

// FuzzFlatText: any flat text is read without a panic, and every amount
// the solver places is one that was printed.
func FuzzFlatText(f *testing.F) {
	f.Add("收入决算表\n合计 306.90 306.90\n201 一般公共服务支出 306.90 306.90\n")
	f.Add("收入支出决算总表\n一、一般公共预算财政拨款收入 306.90 二十二、灾害防治及应急管理支\n98.23\n出\n")
	f.Add("一般公共预算财政拨款基本支出决算表\n301 工资福利支出302商品和服务支出\n100.00 20.00\n30101 60.00\n")
	f.Add("财政拨款“三公”经费支出决算表\n7.00 6.00 2.00 1.00 5.00 5.00 1.00 1.50 4.00 3.50 9.99 8.88 7.77\n")
	f.Fuzz(func(t *testing.T, body string) {
		text := "某某局 2024 年度部门决算\n" + body
		res, err := Text("f.txt", []byte(text), yearspec.Default, Options{Year: 2024, Template: "2024-shanghai"})
		if err != nil {
			return
		}
		for _, p := range res.Placements {
			if !strings.Contains(text, p.Text) {
				t.Fatalf("placed %q, not in the text", p.Text)
			}
		}
	})
}

// TestFlatGenericShortRows: a table the template knows by title only,
// from flat text, with rows that lost their blank cells: the columns are
// found from the identities its complete rows show (合计 = 基本支出 +
// 项目支出) and its 合计 row (= Σ 类 rows).
func TestFlatGenericShortRows(t *testing.T) {
	res := flatDoc(t, income1("一、一般公共预算财政拨款收入")+"财政专户管理资金收入支出决算表\n单位：万元\n项目 合计 基本支出 项目支出\n"+
		"合计 30.00 20.00 10.00\n201 一般公共服务支出 20.00 20.00\n208 社会保障和就业支出 10.00 10.00\n")
	n := 0
	for k, g := range res.Report.Generic {
		if strings.Contains(g.Title, "财政专户") {
			n = k
		}
	}
	if n == 0 {
		t.Fatalf("the table was not read: %v", res.Diags)
	}
	at := func(row, col string) string { return fmt.Sprintf("%d:%s:%s", n, row, col) }
	wantCells(t, res, map[string]string{
		at("1", "1"): "30.00", at("1", "2"): "20.00", at("1", "3"): "10.00",
		at("2", "1"): "20.00", at("2", "2"): "20.00", at("2", "3"): "",
		at("3", "1"): "10.00", at("3", "2"): "", at("3", "3"): "10.00",
	})
	if len(res.Report.ImportDoubts) != 0 {
		t.Errorf("doubts %v, want none: the arithmetic decides", res.Report.ImportDoubts)
	}
}

// TestRawCodeStreams: raw text (pdftotext without -layout) prints a code
// table as streams: the codes, the names, then each column top to bottom
// with its blank cells gone. The hierarchy places each stream, the row
// sums decide between placements the hierarchy leaves open.
func TestRawCodeStreams(t *testing.T) {
	lines := []string{"支出决算表", "单位：万元", "科目编码", "201", "20101", "2010101", "2010102", "208", "20805", "2080505",
		"科目名称", "合计", "一般公共服务支出", "人大事务", "行政运行", "一般行政管理事务", "社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出",
		"本年支出合计", "100.00", "80.00", "80.00", "50.00", "30.00", "20.00", "20.00", "20.00",
		"基本支出", "70.00", "50.00", "50.00", "50.00", "20.00", "20.00", "20.00",
		"项目支出", "30.00", "30.00", "30.00", "30.00"}
	res := flatDoc(t, income1("一、一般公共预算财政拨款收入")+strings.Join(lines, "\n")+"\n")
	wantCells(t, res, map[string]string{
		"3:total:1": "100.00", "3:total:2": "70.00", "3:total:3": "30.00",
		"3:201:1": "80.00", "3:201:2": "50.00", "3:201:3": "30.00",
		"3:2010101:1": "50.00", "3:2010101:2": "50.00", "3:2010101:3": "",
		"3:2010102:1": "30.00", "3:2010102:2": "", "3:2010102:3": "30.00",
		"3:2080505:1": "20.00", "3:2080505:2": "20.00", "3:2080505:3": "",
		"3:208:3": "",
	})
}

// TestCodeTreePlace: a column's stream placed under the hierarchy, with
// the rounding of each printed figure tolerated.
func TestCodeTreePlace(t *testing.T) {
	keys := []string{"total", "201", "20101", "2010101", "2010102", "208", "20805"}
	tree := newCodeTree(keys)
	w := func(vs ...string) []juesuan.Amount {
		var out []juesuan.Amount
		for _, v := range vs {
			a, err := juesuan.ParseAmount(v, juesuan.UnitWanyuan)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, a)
		}
		return out
	}
	cent := juesuan.Wanyuan / 100
	for _, tc := range []struct {
		name string
		vals []juesuan.Amount
		want [][]int
	}{
		{"full", w("10.00", "6.00", "6.00", "4.00", "2.00", "4.00", "4.00"), [][]int{{0, 1, 2, 3, 4, 5, 6}}},
		{"one item blank: either", w("10.00", "6.00", "6.00", "6.00", "4.00", "4.00"), [][]int{{0, 1, 2, 3, 5, 6}, {0, 1, 2, 4, 5, 6}}},
		{"rounded parts", w("10.01", "6.00", "6.00", "3.34", "2.67", "4.01", "4.01"), [][]int{{0, 1, 2, 3, 4, 5, 6}}},
		{"impossible", w("10.00", "7.00", "1.00"), nil},
		{"empty", nil, [][]int{{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tree.place(tc.vals, cent, 8)
			sort.Slice(got, func(i, j int) bool { return fmt.Sprint(got[i]) < fmt.Sprint(got[j]) })
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("place = %v, want %v", got, tc.want)
			}
		})
	}
}
