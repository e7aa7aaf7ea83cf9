package identify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importerData = "../importer/testdata/"

// sharedFile finds a file of the shared corpus, which lies beside the
// repository (or at /work/shared on a developer's machine); "" if absent.
func sharedFile(rel string) string {
	for _, base := range []string{"../../../shared/", "/work/shared/"} {
		if _, err := os.Stat(base + rel); err == nil {
			return base + rel
		}
	}
	return ""
}

// The truth below was read from each document: its cover, its 目录 and
// each printed table. States: F filled, E empty, M missing.
var corpus = []struct {
	file, kind             string
	year                   int
	unit, region, locality string
	money                  string
	states                 string
	firstTitle, lastTitle  string
}{
	{importerData + "putuo-caizhengju-2024-final.txt", DeptFinal, 2024, "上海市普陀区财政局", "上海市", "普陀区", "万元", "FFFFFFFEE", "收入支出决算总表", "国有资本经营预算财政拨款收入支出决算表"},
	{importerData + "putuo-caizhengju-2024-final.pdf", DeptFinal, 2024, "上海市普陀区财政局", "上海市", "普陀区", "万元", "FFFFFFFEE", "收入支出决算总表", "国有资本经营预算财政拨款收入支出决算表"},
	{importerData + "putuo-shehuigongzuobu-2024-final.txt", DeptFinal, 2024, "中共上海市普陀区委社会工作部", "上海市", "普陀区", "万元", "FFFFFFEEE", "收入支出决算总表", "国有资本经营预算财政拨款收入支出决算表"},
	{importerData + "putuo-shehuigongzuobu-2024-final.pdf", DeptFinal, 2024, "中共上海市普陀区委社会工作部", "上海市", "普陀区", "万元", "FFFFFFEEE", "收入支出决算总表", "国有资本经营预算财政拨款收入支出决算表"},
	{"testdata/shanghai-template-2024-final.txt", DeptFinal, 2024, "上海市XX局", "上海市", "", "万元", "EEEEEEEEE", "收入支出决算总表", "国有资本经营预算财政拨款收入支出决算表"},
	{"shared:corpus/shanghai-2024/shanghai-template-2024-final.pdf", DeptFinal, 2024, "上海市XX局", "上海市", "", "万元", "EEEEEEEEE", "收入支出决算总表", "国有资本经营预算财政拨款收入支出决算表"},
	{importerData + "wuhan-zhigong-2020-final.txt", DeptFinal, 2020, "武汉经济技术开发区（汉南区）职工服务中心", "湖北省", "武汉市", "万元", "FFFFFFEEEF", "收入支出决算总表", "职工服务中心整体绩效自评表"},
	{"testdata/005_js_gaofayuan_2017_budget.txt", DeptBudget, 2017, "江苏省高级人民法院", "江苏省", "", "万元", "FFFFFFEFFFFF", "收支预算总表", "政府采购支出预算表"},
	{"testdata/006_js_shengweibgt_2019_budget.txt", DeptBudget, 2019, "江苏省委办公厅", "江苏省", "", "万元", "FFFFFFFFFEFF", "收支预算总表", "政府采购支出预算表"},
	{"testdata/007_sh_putuo_wanli_2024_budget.txt", DeptBudget, 2024, "上海市普陀区人民政府万里街道办事处", "上海市", "普陀区", "元", "FFFFFEEFF", "部门财务收支预算总表", "部门“三公”经费和机关运行经费预算表"},
	{"testdata/008_sh_putuo_fuliyuan_2024_unitbudget.txt", UnitBudget, 2024, "上海市普陀区社会福利院", "上海市", "普陀区", "元", "FFFFFEEFF", "预算单位财务收支预算总表", "单位“三公”经费和机关运行经费预算表"},
	{"testdata/009_sh_czj_2025_unitbudget.txt", UnitBudget, 2025, "上海市财政局", "上海市", "", "元", "FFFFFEEFF", "预算单位财务收支预算总表", "单位“三公”经费和机关运行经费预算表"},
}

func states(in *Info) string {
	var b strings.Builder
	for _, t := range in.Tables {
		b.WriteByte(map[string]byte{Filled: 'F', Empty: 'E', Missing: 'M'}[t.State])
	}
	return b.String()
}

func TestCorpus(t *testing.T) {
	for _, c := range corpus {
		path := c.file
		if rel, ok := strings.CutPrefix(path, "shared:"); ok {
			if path = sharedFile(rel); path == "" {
				t.Logf("%s: not found beside the repository, skipped", rel)
				continue
			}
		}
		if testing.Short() && strings.HasSuffix(path, ".pdf") {
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			in, err := File(path)
			if err != nil {
				t.Fatal(err)
			}
			got := []any{in.Kind, in.Year, in.Unit, in.Region, in.Locality, in.MoneyUnit, states(in)}
			want := []any{c.kind, c.year, c.unit, c.region, c.locality, c.money, c.states}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("field %d = %v, want %v", i, got[i], want[i])
				}
			}
			if n := len(in.Tables); n > 0 && (in.Tables[0].Title != c.firstTitle || in.Tables[n-1].Title != c.lastTitle) {
				t.Errorf("titles %q … %q, want %q … %q", in.Tables[0].Title, in.Tables[n-1].Title, c.firstTitle, c.lastTitle)
			}
			for _, tb := range in.Tables {
				if tb.Line == 0 || in.File != path {
					t.Errorf("table %q has no place", tb.Title)
				}
				if strings.HasSuffix(path, ".pdf") && tb.Page == 0 {
					t.Errorf("table %q of a PDF has no page", tb.Title)
				}
			}
		})
	}
}
