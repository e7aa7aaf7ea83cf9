package yearspec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/check"
)

// familyCases: every embedded family, its years and the tables its sources
// print, in printed order (by role), for its first and last year.
var familyCases = []struct {
	id          string
	first, last int
	roles       []string // roles of the tables in the first year
	lastTables  int
	region      string // a name the opening of such a report prints; "" = national
	titles      map[int]string
	attached    bool
	generic     [2]int // generic tables in the first and last year
}{
	{id: "national", first: 2016, last: 2026,
		roles:      []string{"summary", "income", "expense", "fiscal", "general", "basic", "sangong", "fund", "capital"},
		lastTables: 9},
	{id: "national-8-nocapital", first: 2016, last: 2026,
		roles:      []string{"summary", "income", "expense", "fiscal", "general", "basic", "sangong", "fund"},
		lastTables: 8},
	{id: "shanghai", first: 2019, last: 2026, region: "上海市",
		roles:      []string{"summary", "income", "expense", "fiscal", "general", "basic", "sangong", "fund", "capital"},
		lastTables: 9},
	{id: "national-8", first: 2020, last: 2026,
		roles:      []string{"summary", "income", "expense", "fiscal", "general", "basic", "fund", "capital"},
		lastTables: 8, titles: map[int]string{7: "政府性基金预算财政拨款收入支出决算表", 8: "国有资本经营预算财政拨款支出决算表"}},
	{id: "national-10", first: 2021, last: 2026, region: "山西",
		roles:      []string{"summary", "income", "expense", "fiscal", "general_1", "general_2", "sangong", "fund", "capital", "disclosure_stats"},
		lastTables: 10, generic: [2]int{3, 3},
		titles: map[int]string{5: "一般公共预算财政拨款支出决算表（一）", 6: "一般公共预算财政拨款支出决算表（二）", 10: "部门决算公开相关信息统计表"}},
	{id: "zhejiang-11", first: 2022, last: 2026, region: "浙江",
		roles:      []string{"summary", "income_units", "income", "expense_units", "expense", "fiscal", "general", "basic", "fund", "capital", "sangong"},
		lastTables: 11, generic: [2]int{2, 2},
		titles: map[int]string{2: "收入决算表（分单位）", 3: "收入决算表（分科目）", 5: "支出决算表（分科目）", 11: "财政拨款“三公”经费支出决算表"}},
	{id: "yunnan", first: 2018, last: 2019, region: "云南",
		roles:      []string{"summary", "income", "expense", "fiscal", "general_income_expense", "basic", "fund", "special_account", "sangong_operating"},
		lastTables: 9, generic: [2]int{3, 3},
		titles: map[int]string{8: "财政专户管理资金收入支出决算表", 9: "“三公”经费、行政参公单位机关运行经费情况表"}},
	{id: "liaoning", first: 2018, last: 2019, region: "辽宁",
		roles:      []string{"summary", "income", "expense", "fiscal", "general_income_expense", "basic", "fund", "special_account", "sangong"},
		lastTables: 9, generic: [2]int{2, 2},
		titles: map[int]string{4: "财政拨款收入支出决算表", 8: "财政专户管理资金收入支出决算表"}},
	{id: "shaanxi", first: 2020, last: 2026, region: "陕西",
		roles:      []string{"summary", "income", "expense", "fiscal", "general", "basic", "sangong_meetings", "fund", "capital"},
		lastTables: 9, generic: [2]int{1, 1},
		titles: map[int]string{2: "收入决算总表", 3: "支出决算总表", 7: "一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表"}},
	{id: "xinjiang-21", first: 2016, last: 2026, region: "新疆", lastTables: 21, generic: [2]int{21, 21},
		titles: map[int]string{7: "基本建设类项目收入支出决算表", 10: "项目支出决算明细表", 11: "财政专户管理资金收入支出决算表", 12: "财政拨款收入支出决算总表", 21: "资产负债简表"}},
	{id: "sichuan", first: 2021, last: 2026, region: "四川",
		roles: []string{"summary", "income", "expense", "fiscal", "fiscal_detail", "general", "general_detail", "basic", "general_project",
			"sangong", "fund", "fund_sangong", "capital_income_expense", "capital"},
		lastTables: 13, generic: [2]int{5, 4},
		titles: map[int]string{5: "财政拨款支出决算明细表", 8: "一般公共预算财政拨款基本支出决算明细表"}},
	{id: "hubei-attached", first: 2019, last: 2026, region: "湖北", attached: true,
		roles:      []string{"summary", "income", "expense", "fiscal", "general", "basic", "sangong", "fund", "capital"},
		lastTables: 9},
}

// loadFamily loads id for year. A family holding tables known by their
// title alone needs the loader's support for rowKind "generic"; where the
// loader predates it, the test says so and skips.
func loadFamily(t *testing.T, id string, year, generic int) *juesuan.Template {
	t.Helper()
	tpl, err := Default.For(id, year)
	if err != nil && generic > 0 && strings.Contains(err.Error(), "未知的科目目录 \"\"") {
		t.Skipf("%s@%d: 此版本的模板加载器尚不支持按标题识别的表（rowKind generic）: %v", id, year, err)
	}
	if err != nil {
		t.Fatalf("%s@%d: %v", id, year, err)
	}
	return tpl
}

func TestFamilies(t *testing.T) {
	ids := map[string]bool{}
	for _, id := range Default.IDs() {
		ids[id] = true
	}
	for _, tc := range familyCases {
		if !ids[tc.id] {
			t.Errorf("family %s is not embedded", tc.id)
			continue
		}
		delete(ids, tc.id)
		t.Run(tc.id, func(t *testing.T) {
			f, err := Default.Family(tc.id)
			if err != nil {
				t.Fatal(err)
			}
			if f.Years != [2]int{tc.first, tc.last} || f.Name == "" || len(f.Kinds) == 0 || f.Attached != tc.attached {
				t.Errorf("family = %+v", f)
			}
			if got := strings.Join(f.Regions, "、"); tc.region != "" && !strings.Contains(got, tc.region) || tc.region == "" && got != "" {
				t.Errorf("regions = %q, want %q", got, tc.region)
			}
			for _, year := range []int{tc.first, tc.last} {
				tpl := loadFamily(t, tc.id, year, tc.generic[0]+tc.generic[1])
				if _, err := check.Compile(tpl); err != nil {
					t.Errorf("%d: rules: %v", year, err)
				}
				want := tc.lastTables
				if year == tc.first && tc.roles != nil {
					want = len(tc.roles)
				}
				if len(tpl.Tables) != want {
					t.Errorf("%d: %d tables, want %d", year, len(tpl.Tables), want)
				}
				generic := 0
				for i, ts := range tpl.Tables {
					if ts.RowKind == "generic" {
						generic++
						if len(ts.Titles) == 0 || len(ts.Rows) > 0 || ts.Catalog != "" {
							t.Errorf("%d 表%d: a generic table lists only titles: %+v", year, ts.Number, ts)
						}
					}
					if ts.Number != i+1 || ts.Title == "" {
						t.Errorf("%d 表%d: number %d, title %q", year, i+1, ts.Number, ts.Title)
					}
					if year == tc.first && tc.roles != nil && i < len(tc.roles) && ts.Role != tc.roles[i] {
						t.Errorf("%d 表%d: role %q, want %q", year, ts.Number, ts.Role, tc.roles[i])
					}
				}
				if want := tc.generic[map[bool]int{true: 0, false: 1}[year == tc.first]]; generic != want {
					t.Errorf("%d: %d generic tables, want %d", year, generic, want)
				}
				for n, title := range tc.titles {
					if ts, ok := tpl.Table(n); !ok || !contains(ts.Titles, title) {
						t.Errorf("%d 表%d: titles %v lack %q", year, n, ts.Titles, title)
					}
				}
				checkKeys(t, tpl)
			}
		})
	}
	for id := range ids {
		t.Errorf("family %s has no test case", id)
	}
}

// checkKeys: a named cell resolves to a cell its table has, or is absent
// because the year has no table of that role.
func checkKeys(t *testing.T, tpl *juesuan.Template) {
	t.Helper()
	for name, spec := range tpl.Keys {
		ref, ok := tpl.Key(name)
		role, _, _ := strings.Cut(spec, ":")
		if _, _, col := tpl.ColKey(name); col {
			continue // a column key ("general:*:3"), checked by TestKeysResolveEveryYear
		}
		if !ok {
			if _, has := tpl.TableByRole(role); has {
				t.Errorf("%s@%d: key %s (%s) does not resolve though 表 %q exists", tpl.ID, tpl.Year, name, spec, role)
			}
			continue
		}
		ts, _ := tpl.Table(ref.Table)
		if ts.RowKind == juesuan.RowsFixed {
			if _, ok := ts.Row(ref.Row); !ok {
				t.Errorf("%s@%d: key %s: %s has no row %s", tpl.ID, tpl.Year, name, ts.Code(), ref.Row)
			}
		}
		if _, ok := ts.Column(ref.Col); !ok {
			t.Errorf("%s@%d: key %s: %s has no column %s", tpl.ID, tpl.Year, name, ts.Code(), ref.Col)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestTableMovesByYear: within one family a table can change place between
// years (Sichuan put the 三公 table last from 2023), and the rules follow.
func TestTableMovesByYear(t *testing.T) {
	for _, tc := range []struct {
		id     string
		year   int
		role   string
		number int
	}{
		{"sichuan", 2021, "sangong", 10},
		{"sichuan", 2026, "sangong", 13},
		{"sichuan", 2021, "capital", 14},
		{"sichuan", 2026, "capital", 12},
		{"zhejiang-11", 2022, "sangong", 11},
		{"national-8", 2021, "fund", 7},
	} {
		tpl := loadFamily(t, tc.id, tc.year, 1)
		if ts, ok := tpl.TableByRole(tc.role); !ok || ts.Number != tc.number {
			t.Errorf("%s@%d: %s is %+v, want 表%d", tc.id, tc.year, tc.role, ts, tc.number)
		}
		if _, err := check.Compile(tpl); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, src := range tpl.Rules {
			if strings.Contains(string(src.Text), fmt.Sprintf("T%d[", tc.number)) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s@%d: no rule names T%d", tc.id, tc.year, tc.number)
		}
	}
}
