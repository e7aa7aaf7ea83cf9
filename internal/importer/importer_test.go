package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/cellcsv"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/rule/eval"
	"github.com/juesuan/juesuan/internal/yearspec"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func cellsCSV(t *testing.T, tpl *juesuan.Template, r *juesuan.Report) string {
	t.Helper()
	p, err := audit.Program(tpl)
	if err != nil {
		t.Fatal(err)
	}
	eval.Derive(p, r)
	var b bytes.Buffer
	if err := cellcsv.Write(&b, tpl, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func mustImport(t *testing.T, path string) *Result {
	t.Helper()
	res, err := File(path, yearspec.Default, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The reference report's text gives exactly the cells of the hand-made
// example (what `juesuan cells` prints for both).
func TestReferenceCellsExact(t *testing.T) {
	res := mustImport(t, "testdata/wuhan-zhigong-2020-final.txt")
	got := cellsCSV(t, res.Template, res.Report)
	want, tpl, err := reportfile.ReadFile("../../examples/wuhan-zhigong-2020.yaml", yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	if w := cellsCSV(t, tpl, want); got != w {
		t.Errorf("cells differ:\n got: %s\nwant: %s", got, w)
	}
	if len(res.Diags) != 0 {
		t.Errorf("diagnostics: %v", res.Diags)
	}
	r := res.Report
	if r.Prior.Total == nil || r.Prior.Total.Wan() != "123.77" {
		t.Errorf("prior total = %v, want 123.77", r.Prior.Total)
	}
	if r.Unit.Name != "武汉经济技术开发区（汉南区）职工服务中心" {
		t.Errorf("unit = %q", r.Unit.Name)
	}
	var budgets []string
	for _, b := range r.Budgets {
		budgets = append(budgets, b.Code+" "+b.Name+" "+b.Amount.Wan())
	}
	wantB := []string{"201 一般公共服务支出 94.74", "208 社会保障和就业支出 21.98", "210 卫生健康支出 8.07", "221 住房保障支出 8.64"}
	if strings.Join(budgets, "|") != strings.Join(wantB, "|") {
		t.Errorf("budgets = %q, want %q", budgets, wantB)
	}
	if r.Budgets[1].Reason != want.Budgets[1].Reason || r.Budgets[0].Reason != want.Budgets[0].Reason {
		t.Errorf("reasons = %q / %q", r.Budgets[0].Reason, r.Budgets[1].Reason)
	}
	if r.Operating == nil || r.Operating.Wan() != "25.25" {
		t.Errorf("机关运行经费 = %v", r.Operating)
	}
	if r.Unit.Staff.InService != 3 || r.Unit.Staff.Retired != 3 {
		t.Errorf("staff = %+v", r.Unit.Staff)
	}
	if r.Performance.Projects != 1 || r.Performance.ProjectFunds.Wan() != "25.25" {
		t.Errorf("绩效 = %+v", r.Performance)
	}
	if r.Published.EmptyTables != want.Published.EmptyTables {
		t.Errorf("空表说明 = %q", r.Published.EmptyTables)
	}
}

var reIndependentAmount = regexp.MustCompile(`(?:^|\s)-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}(?:\s|$)`)

// Every amount printed on the table pages is placed in a cell: counted per
// page with a plain regular expression on the pdftotext -layout text.
func TestShanghaiEveryAmountPlaced(t *testing.T) {
	for _, name := range []string{"putuo-caizhengju-2024-final.txt", "putuo-shehuigongzuobu-2024-final.txt"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			res := mustImport(t, path)
			raw, _ := os.ReadFile(path)
			pages := strings.Split(string(raw), "\f")
			placed := map[int]int{}
			for _, p := range res.Placements {
				placed[p.Page]++
			}
			first, last := 0, 0
			for _, s := range res.Tables {
				if s.Found && (first == 0 || s.Page < first) {
					first = s.Page
				}
			}
			for i, p := range pages {
				if strings.Contains(p, "第三部分") && i+1 > first {
					last = i
					break
				}
			}
			total := 0
			for pg := first; pg <= last; pg++ {
				n := 0
				for _, l := range strings.Split(pages[pg-1], "\n") {
					if strings.HasPrefix(strings.TrimSpace(l), "注") {
						continue
					}
					n += len(reIndependentAmount.FindAllString(strings.ReplaceAll(l, " ", "  "), -1))
				}
				if n != placed[pg] {
					t.Errorf("page %d: %d amounts printed, %d placed", pg, n, placed[pg])
				}
				total += n
			}
			if total == 0 || len(res.Diags) != 0 {
				t.Errorf("total %d, diagnostics %v", total, res.Diags)
			}
		})
	}
}

// check on the 财政局 report finds its real 0.01 gaps (表1/表4 326.71 vs
// 表3/表5 326.72) as rounding warnings and no error.
func TestShanghaiCheck(t *testing.T) {
	res := mustImport(t, "testdata/putuo-caizhengju-2024-final.txt")
	if res.Template.ID != "shanghai" || res.Report.Unit.Name != "上海市普陀区财政局" {
		t.Fatalf("template %s, unit %q", res.Template.ID, res.Report.Unit.Name)
	}
	fs, err := audit.Check(res.Template, res.Report)
	if err != nil {
		t.Fatal(err)
	}
	gaps := map[string]bool{}
	for _, f := range fs {
		if f.Severity == juesuan.SevError {
			t.Errorf("false error: %s %s", f.Rule, f.Message)
		}
		if f.Expected == "326.72" && f.Actual == "326.71" {
			gaps[f.Rule] = true
		}
	}
	if !gaps["X3.expense"] || !gaps["X5.general-budget"] {
		t.Errorf("0.01 gaps of 社会保障和就业支出 not reported: %v", gaps)
	}
	if p := res.Report.Prior.Total; p == nil || p.Wan() != "3052.34" {
		t.Errorf("prior total = %v, want 3052.34 (2995.39 + 56.95)", p)
	}
	if n := len(res.Report.Budgets); n != 11 {
		t.Errorf("%d budget lines, want 11", n)
	}
}

func TestBadInput(t *testing.T) {
	ref, _ := os.ReadFile("testdata/wuhan-zhigong-2020-final.txt")
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes(ref)
	u := utf16.Encode([]rune(string(ref)))
	u16 := []byte{0xFF, 0xFE}
	for _, c := range u {
		u16 = append(u16, byte(c), byte(c>>8))
	}
	for _, ok := range [][]byte{gbk, u16} {
		res, err := Bytes("x.txt", ok, yearspec.Default, Options{})
		if err != nil || len(res.Report.Cells) == 0 {
			t.Errorf("converted encoding: %v", err)
		}
	}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty.txt", nil, "空的"},
		{"bin.txt", []byte{0x81, 0xFF, 0xFE, 0x00, 0x01, 0x9F, 0x80, 0xC0, 0xC1, 0xF5}, "编码"},
		{"budget.txt", []byte("上海市某局\n2024年度部门预算\n"), "部门预算"},
		{"noyear.txt", []byte("一些文字\n"), "年度"},
		{"fake.pdf", []byte("not a pdf"), "PDF"},
		{"old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0}, ".xlsx"},
	}
	for _, c := range cases {
		_, err := Bytes(c.name, c.data, yearspec.Default, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: err = %v, want it to name the file and say %q", c.name, err, c.want)
		}
	}
}

func FuzzText(f *testing.F) {
	ref, _ := os.ReadFile("testdata/wuhan-zhigong-2020-final.txt")
	f.Add(ref[:min(len(ref), 6000)])
	sh, _ := os.ReadFile("testdata/putuo-caizhengju-2024-final.txt")
	f.Add(sh[:min(len(sh), 8000)])
	f.Add([]byte("2024年度部门决算\n上海\n收入决算表\n单位：万元\n201 06 01 行政运行 1,511.90 1.00\n合计 2.00\f"))
	// Raw text: a page of 表6 blocks glued to codes, and of 表2 streams.
	for _, p := range []struct{ name, title string }{
		{"national-gen", "基本支出决算表（表6）"},
		{"national-multipage-gen", "收入决算表（表2）"},
		// Shanghai: 类|款|项 in three columns, a 表5 over three pages.
		{"shanghai-gen", "收入决算表\n支出功能分类科目编码"},
		{"shanghai-multipage-gen", "一般公共预算财政拨款支出决算表\n项目"},
	} {
		raw, _ := os.ReadFile("testdata/raw/" + p.name + ".raw.txt")
		if i := bytes.Index(raw, []byte(p.title)); i >= 0 {
			f.Add(raw[max(0, i-1500):min(len(raw), i+2500)])
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Bytes("fuzz.txt", b, yearspec.Default, Options{})
	})
}
