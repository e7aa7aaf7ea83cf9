package audit_test

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// reviewRules are the kinds of finding the reviewer's checks add.
var reviewRules = []string{"C1.", "C2.", "C3.", "C4.", "Y1.", "M1.", "M2.", "W1.", "W2.", "W3.", "W4.", "N3.", "N4.", "N5.", "K1.", "K2.", "K3.", "N6.", "N7."}

func isReview(rule string) bool {
	for _, p := range reviewRules {
		if strings.HasPrefix(rule, p) {
			return true
		}
	}
	return false
}

func checkText(t *testing.T, text string) []juesuan.Finding {
	t.Helper()
	res, err := importer.Bytes("report.txt", []byte(text), yearspec.Default, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := audit.Check(res.Template, res.Report)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func key(f juesuan.Finding) string { return f.Rule + "|" + f.Where + "|" + f.Message }

// edit replaces one exact piece of the report, failing when it is not
// there exactly once: a fault must be a single change.
func edit(t *testing.T, text, old, new string) string {
	t.Helper()
	if n := strings.Count(text, old); n != 1 {
		t.Fatalf("the fault's text %q occurs %d times", old, n)
	}
	return strings.Replace(text, old, new, 1)
}

// cut removes the lines from the one holding from up to (not including)
// the one holding to.
func cut(t *testing.T, text, from, to string) string {
	t.Helper()
	i := strings.Index(text, from)
	j := strings.Index(text, to)
	if i < 0 || j < i {
		t.Fatalf("cannot cut %q … %q", from, to)
	}
	i = strings.LastIndex(text[:i], "\n") + 1
	j = strings.LastIndex(text[:j], "\n") + 1
	return text[:i] + text[j:]
}

// Each fault is one typical defect of a published report, made in a copy
// of a real one; the audit must report exactly the expected new finding,
// and the unchanged report none of the reviewer's kinds.
func TestReviewFaults(t *testing.T) {
	b, err := os.ReadFile("../importer/testdata/putuo-caizhengju-2024-final.txt")
	if err != nil {
		t.Fatal(err)
	}
	base := string(b)
	baseFs := checkText(t, base)
	had := map[string]bool{}
	for _, f := range baseFs {
		had[key(f)] = true
		if isReview(f.Rule) {
			t.Errorf("unchanged report: unexpected %s %s", f.Rule, f.Message)
		}
	}
	cases := []struct {
		name  string
		fault func(*testing.T, string) string
		want  string // the one new finding's rule
		quote string // a piece of its message
	}{
		{"delete a table", func(t *testing.T, s string) string {
			return cut(t, s, "                                支出决算表\n", "                            财政拨款收入支出决算总表\n")
		},
			"C1.table-missing", "缺少表3「支出决算表」"},
		{"title year", func(t *testing.T, s string) string {
			return edit(t, s, "    第二部分 上海市普陀区财政局2024年度部门决算表", "    第二部分 上海市普陀区财政局2023年度部门决算表")
		}, "Y1.year", "写作“2023年度”"},
		{"section title year", func(t *testing.T, s string) string {
			return edit(t, s, "（一）“三公”经费财政拨款支出决算总体情况说明。", "（一）2023年度“三公”经费财政拨款支出决算总体情况说明。")
		}, "Y1.year", "写作“2023年度”"},
		{"asset date", func(t *testing.T, s string) string {
			return edit(t, s, "截至2024年12月31日", "截至2023年12月31日")
		},
			"Y1.year", "截至2023年12月31日"},
		{"XX局 in a header", func(t *testing.T, s string) string {
			return edit(t, s, "第三部分上海市普陀区财政局2024年度部门决算情况", "第三部分上海市普陀区XX局2024年度部门决算情况")
		}, "M1.placeholder", "“XX”"},
		{"flip 小于 to 大于", func(t *testing.T, s string) string {
			return edit(t, s, "元。 决算数小于预算数的主要原因：人员进出及退休变化", "元。 决算数大于预算数的主要原因：人员进出及退休变化")
		}, "W1.budget-words", "决算数 1511.89 万元小于预算数 1560.05 万元"},
		{"基本持平 far apart", func(t *testing.T, s string) string {
			return edit(t, s, "年初预算为 10.00 万元", "年初预算为 12.00 万元")
		},
			"W1.budget-words", "决算数 10.00 万元小于预算数 12.00 万元"},
		{"decreased yet flat", func(t *testing.T, s string) string {
			return edit(t, s, "（境）费支出决算持平；", "（境）费支出决算减少为0.00万元，与上年持平；")
		}, "W3.yoy", "自相矛盾"},
		{"completion rate", func(t *testing.T, s string) string {
			return edit(t, s, "成年初预算的98.20%", "成年初预算的92.80%")
		},
			"W2.budget-rate", "2940.05 ÷ 2993.92 = 98.20%"},
		{"growth rate", func(t *testing.T, s string) string {
			return edit(t, s, "减少56.95万元，下降1.87%", "减少56.95万元，下降8.17%")
		},
			"W3.yoy", "下降率 8.17%"},
		{"增加 with 下降", func(t *testing.T, s string) string {
			return edit(t, s, "减少56.95万元，下降1.87%", "增加56.95万元，下降1.87%")
		},
			"W3.yoy", "方向相反"},
		{"empty 三公 table, sentence kept", func(t *testing.T, s string) string {
			return edit(t, s, "\n  0.95                                                              0.95\n", "\n\n")
		}, "N4.sangong-amount", "表7没有数据"},
		{"one narrative figure", func(t *testing.T, s string) string {
			return edit(t, s, "支出决算为1511.89万", "支出决算为1511.98万")
		},
			"N3.item-amount", "1511.98"},
		{"truncated year", func(t *testing.T, s string) string {
			return edit(t, s, "上海市普陀区财政局2024年度预算绩效管理工作开展", "上海市普陀区财政局202 年度预算绩效管理工作开展")
		}, "Y1.year", "“202年度”"},
		{"old 类 name", func(t *testing.T, s string) string {
			return edit(t, s, "卫生健康支出（类）60.99万元", "医疗卫生与计划生育支出（类）60.99万元")
		}, "K1.subject-name", "医疗卫生与计划生育支出（类）"},
		{"元 for 万元", func(t *testing.T, s string) string {
			return edit(t, s, "本年收入合计2946.25万元", "本年收入合计2946.25元")
		},
			"K2.money-unit", "写作“2946.25元”"},
		{"word typed twice", func(t *testing.T, s string) string {
			return edit(t, s, "主要用于：局本部人", "主要用于：局本部局本部人")
		},
			"K3.repeated-words", "“局本部局本部”"},
		{"no 国有资产 section", func(t *testing.T, s string) string {
			return cut(t, s, "（三）国有资产占有使用情况说明", "第四部分 名词解释\n一、财政拨款收入")
		}, "C4.asset-details", "“车辆”"},
		{"人员经费 item amount", func(t *testing.T, s string) string {
			return edit(t, s, "包括：基本工资、津贴补贴", "包括：基本工资263.33万元、津贴补贴")
		}, "N6.basic-items", "基本工资 263.33 万元与表6 30101 的 262.33 万元不符"},
		{"政府采购 parts", func(t *testing.T, s string) string {
			return edit(t, s, "货物采购金额4.79万元", "货物采购金额14.79万元")
		},
			"N7.procurement", "不等于货物、工程、服务采购之和 261.26 万元"},
		{"三公 item rate", func(t *testing.T, s string) string {
			s = edit(t, s, "支出决算数与2023年度持平。", "支出决算数比2023年度减少0.50万元。")
			return edit(t, s, "（境）费支出决算持平；", "（境）费支出决算减少0.50万元，下降50%；")
		}, "W4.sangong-yoy", "0.50 ÷ 上年 0.50"},
		{"三公 change parts", func(t *testing.T, s string) string {
			return edit(t, s, "（境）费支出决算持平；", "（境）费支出决算增加0.50万元；")
		},
			"N5.sangong-change", "合计 0.50 万元"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := checkText(t, tc.fault(t, base))
			var added []juesuan.Finding
			for _, f := range fs {
				if !had[key(f)] {
					added = append(added, f)
				}
				if f.Severity == juesuan.SevError && f.Rule != "C1.table-missing" {
					t.Errorf("error finding %s %s: a fault of the text must not read as broken tables", f.Rule, f.Message)
				}
			}
			if len(added) != 1 || added[0].Rule != tc.want || !strings.Contains(added[0].Message, tc.quote) {
				var got []string
				for _, f := range added {
					got = append(got, f.Rule+" "+f.Message)
				}
				sort.Strings(got)
				t.Fatalf("want exactly one %s containing %q, got %d:\n%s", tc.want, tc.quote, len(got), strings.Join(got, "\n"))
			}
		})
	}
}

// D4 asks for a reason where 决算 differs from 年初预算, but a paragraph
// that says 持平 or gives its reason in other words has answered it.
func TestBudgetReason(t *testing.T) {
	b, err := os.ReadFile("../importer/testdata/wuhan-zhigong-2020-final.txt")
	if err != nil {
		t.Fatal(err)
	}
	ref := string(b)
	d4 := func(text string) []string {
		var out []string
		for _, f := range checkText(t, text) {
			if f.Rule == "D4.budget-reason" {
				out = append(out, strings.Join(f.Cells, ","))
			}
		}
		sort.Strings(out)
		return out
	}
	if got := strings.Join(d4(ref), " "); got != "5:210:1 5:221:1" {
		t.Fatalf("reference: D4 on %q, want the two items that give no reason", got)
	}
	for _, tc := range []struct{ name, old, new, want string }{
		{"持平", "完成年初预算的 100.35%。", "完成年初预算的 100.35%，决算数与预算数基本持平。", "5:210:1"},
		// A heading that names another item: the importer reads 8.07 as
		// 住房保障's budget, but that paragraph's 决算 8.25 is not 221's.
		{"another item's budget", "3.卫生健康支出(类)。", "3.住房保障支出(类)。", "5:221:1"},
		{"reason in other words", "完成年初预算的 102.23%。", "完成年初预算的 102.23%，主要是年中追加了医疗保险缴费。", "5:221:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(d4(edit(t, ref, tc.old, tc.new)), " "); got != tc.want {
				t.Errorf("D4 on %q, want %q", got, tc.want)
			}
		})
	}
}

// 强制 and 提示 are data: a broken table identity (收支平衡) is a
// mandatory error that no 出错说明 lets through; a wording finding is not.
func TestMandatory(t *testing.T) {
	b, err := os.ReadFile("../importer/testdata/putuo-caizhengju-2024-final.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := edit(t, string(b), "总计                  2,995.39   总计         2,995.39", "总计                  2,995.39   总计         2,999.39")
	text = edit(t, text, "元。 决算数小于预算数的主要原因：人员进出及退休变化", "元。 决算数大于预算数的主要原因：人员进出及退休变化")
	var balance, words *juesuan.Finding
	fs := checkText(t, text)
	for i, f := range fs {
		switch f.Rule {
		case "T1.balance":
			balance = &fs[i]
		case "W1.budget-words":
			words = &fs[i]
		}
	}
	if balance == nil || !balance.Mandatory || balance.Severity != juesuan.SevError {
		t.Errorf("收支平衡: %+v, want a mandatory error", balance)
	}
	if words == nil || words.Mandatory {
		t.Errorf("comparison words: %+v, want an advisory finding", words)
	}
}

// A figure printed with a digit missing breaks its row and its parent by
// the same amount: the audit names the one cell and the value they give.
func TestSuspectCell(t *testing.T) {
	b, err := os.ReadFile("../importer/testdata/putuo-caizhengju-2024-final.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range checkText(t, string(b)) {
		if f.Rule == "L1.suspect-cell" {
			t.Errorf("unchanged report: %s", f.Message)
		}
	}
	text := edit(t, string(b), "行政单位离退休           84.65     84.65", "行政单位离退休           84.65     8.65")
	var got []string
	for _, f := range checkText(t, text) {
		if f.Rule == "L1.suspect-cell" {
			got = append(got, strings.Join(f.Cells, ",")+" "+f.Actual+"→"+f.Expected+" "+f.Message)
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "3:2080501:2 8.65→84.65") || !strings.Contains(got[0], "漏印一位数字") {
		t.Fatalf("want one L1 on 3:2080501:2 (8.65, should be 84.65), got %q", got)
	}
}
