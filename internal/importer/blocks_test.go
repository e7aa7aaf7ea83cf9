package importer

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// at lays out a line of layout text: each text starts at its rune column.
func at(items ...any) string {
	var b []rune
	for i := 0; i+1 < len(items); i += 2 {
		col, text := items[i].(int), items[i+1].(string)
		for len(b) < col {
			b = append(b, ' ')
		}
		b = append(b, []rune(text)...)
	}
	return string(b)
}

// blocksDoc imports a 2024 Shanghai report whose only table is 表6.
func blocksDoc(t *testing.T, lines ...string) *Result {
	t.Helper()
	text := "中共上海市普陀区某某局 2024 年度部门决算\n第二部分 2024 年度部门决算表\n" +
		"一般公共预算财政拨款基本支出决算表\n" + strings.Join(lines, "\n") + "\n第三部分 2024 年度部门决算情况说明\n"
	res, err := Text("blocks.txt", []byte(text), yearspec.Default, Options{Year: 2024, Template: "2024-shanghai"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestBlockShapes(t *testing.T) {
	// The header cells are centred over wide columns, so each block's
	// 科目编码 begins to the right of its codes, and the amounts of the
	// block before end just left of them.
	head := at(2, "科目编码", 30, "科目名称", 74, "决算数", 86, "科目编码", 110, "科目名称", 150, "决算数")
	wantAll := map[string]string{"6:301:1": "100.00", "6:30101:1": "60.00", "6:30108:1": "40.00",
		"6:302:1": "20.00", "6:30201:1": "20.00", "6:30299:1": "0.00", "6:personnel:1": "100.00", "6:public:1": "20.00"}
	names := map[string]string{"301": "工资福利支出", "30101": "基本工资", "30199": "其他工资福利支出",
		"302": "商品和服务支出", "30201": "办公费", "30299": "其他商品和服务支出"}
	for _, tc := range []struct {
		name  string
		lines []string
		want  map[string]string
		names map[string]string
	}{{
		// An amount that begins within an eighth of the blocks' spacing
		// before the next header cell belongs to the block it ends in.
		name: "amount-before-next-codes",
		lines: []string{"单位：万元", head,
			at(0, "301", 8, "工资福利支出", 77, "100.00", 84, "302", 92, "商品和服务支出", 150, "20.00"),
			at(0, "30101", 8, "基本工资", 78, "60.00", 84, "30201", 92, "办公费", 150, "20.00"),
			at(0, "30108", 8, "机关事业单位基本养老保险缴费", 78, "40.00", 84, "30299", 92, "其他商品和服务支出", 151, "0.00"),
			at(0, "30199", 8, "其他工资福利支出"),
			at(8, "人员经费合计", 77, "100.00", 92, "公用经费合计", 150, "20.00")},
		want: wantAll, names: names,
	}, {
		// A page number at the foot of the page and the header repeated
		// on the next are neither names nor amounts.
		name: "page-number-and-repeated-header",
		lines: []string{"单位：万元", head,
			at(0, "301", 8, "工资福利支出", 77, "100.00", 84, "302", 92, "商品和服务支出", 150, "20.00"),
			at(0, "30101", 8, "基本工资", 78, "60.00", 84, "30201", 92, "办公费", 150, "20.00"),
			at(0, "30108", 8, "机关事业单位基本养老保险缴费", 78, "40.00", 84, "30299", 92, "其他商品和服务支出", 151, "0.00"),
			at(70, "— 11 —") + "\f" + head,
			at(0, "30199", 8, "其他工资福利支出"),
			at(8, "人员经费合计", 77, "100.00", 92, "公用经费合计", 150, "20.00")},
		want: wantAll, names: names,
	}, {
		// A spreadsheet: 经济分类科目编码 spans the 类 and 款 columns,
		// the body prints the code in one; the codes say where each
		// block begins.
		name: "header-wider-than-body",
		lines: []string{"单位：万元",
			"经济分类科目编码\t\t科目名称\t决算数\t经济分类科目编码\t\t科目名称\t决算数",
			"类\t款\t\t\t类\t款\t\t",
			"301\t工资福利支出\t100.00\t302\t商品和服务支出\t20.00",
			"30101\t基本工资\t60.00\t30201\t办公费\t20.00",
			"30108\t机关事业单位基本养老保险缴费\t40.00\t30299\t其他商品和服务支出\t0.00",
			"30199\t其他工资福利支出\t\t\t\t",
			"\t人员经费合计\t100.00\t\t公用经费合计\t20.00"},
		want: wantAll, names: names,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			res := blocksDoc(t, tc.lines...)
			wantCells(t, res, tc.want)
			for code, want := range tc.names {
				if got := res.Report.RowNames[juesuan.RowRef{Table: 6, Row: code}]; got != want {
					t.Errorf("name of %s = %q, want %q", code, got, want)
				}
			}
		})
	}
}

func TestPageNumber(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"— 11 —", true}, {"-11-", true}, {"第 3 页", true}, {"第3页 共20页", true}, {"3/20", true},
		{"11", false}, {"310", false}, {"— 合计 —", false}, {"1.50", false},
	} {
		l := textimportLine(tc.text)
		if got := isPageNumber(l); got != tc.want {
			t.Errorf("isPageNumber(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func textimportLine(s string) textimport.Line {
	return textimport.Line{Page: 1, No: 1, Cells: textimport.SplitRuns(s)}
}

// FuzzBlocks: any positioned 表6 body is read without a panic, and every
// amount placed is one that was printed.
func FuzzBlocks(f *testing.F) {
	head := at(2, "科目编码", 30, "科目名称", 74, "决算数", 86, "经济分类科目编码", 110, "科目名称", 150, "决算数")
	f.Add(head + "\n" + at(0, "301", 8, "工资福利支出", 77, "100.00", 84, "302", 92, "商品和服务支出", 150, "20.00"))
	f.Add(head + "\n" + at(0, "30101", 8, "基本工资", 78, "60.00") + "\n" + at(70, "— 2 —") + "\f" + head + "\n" + at(8, "人员经费合计", 77, "60.00"))
	f.Add("科目编码\t\t科目名称\t决算数\t科目编码\n301\t工资福利支出\t100.00\t302\t商品和服务支出\t20.00")
	f.Fuzz(func(t *testing.T, body string) {
		text := "某某局 2024 年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n" + body
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
