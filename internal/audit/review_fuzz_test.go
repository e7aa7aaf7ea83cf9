package audit_test

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// The reviewer's checks parse free 说明 text and printed lines; no text
// may make them panic, and every finding they make names its rule.
func FuzzReviewText(f *testing.F) {
	for _, s := range []string{
		"一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。决算数小于预算数的主要原因：x。",
		"收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。",
		"“三公”经费财政拨款支出决算数与2023年度持平。其中：因公出国（境）费支出决算增加0.5万元；公务用车购置及运行维护费支出决算持平；公务接待费支出决算持平。",
		"1、一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为 1560.05 万元，支出决算为1511.89万元。决算数大于预算数。",
		"截至2023年12月31日，上海市普陀区XX局共有车辆0辆。202 年度",
		"减少为0.00万元，与上年持平。",
		"预算为,万元，决算为.万元，完成预算的%",
	} {
		f.Add(s)
	}
	tpl, err := yearspec.Default.Load("shanghai")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := juesuan.NewReport(2024, tpl.ID)
		r.Unit.Name = "上海市普陀区财政局"
		r.Published.Sections = map[string]string{"五": s, "七": "七、财政拨款“三公”经费支出决算情况说明\n" + s, "一": s}
		r.Published.Lines = []juesuan.PrintedLine{{Page: 1, No: 1, Text: s}, {Page: 1, No: 2, Text: "第三部分 " + s}}
		r.Published.MissingTables = []int{3}
		fs, err := audit.Check(tpl, r)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range fs {
			if x.Rule == "" || x.Message == "" {
				t.Fatalf("finding without rule or message: %+v", x)
			}
		}
	})
}
