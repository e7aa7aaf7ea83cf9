package identify

import (
	"strings"
	"testing"
)

var (
	nine = []string{"收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
		"一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"}
	eight    = nine[:8]
	shanghai = []string{"收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
		"一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款收入支出决算表"}
)

func printed(titles []string, state string) []Table {
	var ts []Table
	for _, t := range titles {
		ts = append(ts, Table{Title: strings.ReplaceAll(strings.ReplaceAll(t, "“", `"`), "”", `"`), State: state})
	}
	return ts
}

func TestMatch(t *testing.T) {
	c8 := Candidate{ID: "t8", Years: [2]int{2016, 2020}, Kinds: []string{DeptFinal}, Titles: eight}
	c9 := Candidate{ID: "t9", Years: [2]int{2016, 2020}, Kinds: []string{DeptFinal}, Titles: nine}
	csh := Candidate{ID: "sh", Years: [2]int{2019, 2024}, Kinds: []string{DeptFinal}, Regions: []string{"上海"}, Titles: shanghai}
	cany := Candidate{ID: "any", Years: [2]int{2019, 2024}, Kinds: []string{DeptFinal, UnitFinal}, Titles: nine}
	hubei := func(year int, titles []string, state string) *Info {
		return &Info{Kind: DeptFinal, Year: year, Unit: "武汉市某局", Region: "湖北省", Tables: printed(titles, state)}
	}
	sh := func(year int, titles []string) *Info {
		return &Info{Kind: DeptFinal, Year: year, Unit: "上海市普陀区财政局", Region: "上海市", Tables: printed(titles, Filled)}
	}
	for _, c := range []struct {
		name   string
		info   *Info
		cands  []Candidate
		want   string
		reason string // a word the reason must hold
	}{
		{"nine tables take the 9-table template", hubei(2020, nine, Filled), []Candidate{c8, c9}, "t9", "9 张表全部出现"},
		{"nine tables, candidates in the other order", hubei(2020, nine, Filled), []Candidate{c9, c8}, "t9", "全部出现"},
		{"eight tables take the 8-table template", hubei(2020, eight, Filled), []Candidate{c9, c8}, "t8", "全部出现"},
		{"named in the 目录 only still counts", hubei(2020, nine, Missing), []Candidate{c8, c9}, "t9", "全部出现"},
		{"one table short: fewest missing", hubei(2020, nine[:7], Filled), []Candidate{c9, c8}, "t8", "缺少 1 张"},
		{"wrong year", hubei(2015, nine, Filled), []Candidate{c8, c9}, "", "没有 2015 年度"},
		{"no year", hubei(0, nine, Filled), []Candidate{c8, c9}, "", "没有写明年度"},
		{"budget", &Info{Kind: DeptBudget, Year: 2020}, []Candidate{c8, c9}, "", "没有部门预算的模板"},
		{"unit budget", &Info{Kind: UnitBudget, Year: 2024}, []Candidate{csh}, "", "没有单位预算的模板"},
		{"Shanghai titles choose the Shanghai template", sh(2020, shanghai), []Candidate{c9, csh}, "sh", "地区相符"},
		{"same titles: the region decides", sh(2022, nine), []Candidate{cany, {ID: "sh9", Years: [2]int{2022, 2022}, Kinds: []string{DeptFinal}, Regions: []string{"上海"}, Titles: nine}}, "sh9", "地区相符"},
		{"another region's template is not chosen", hubei(2022, shanghai, Filled), []Candidate{csh}, "", "其他地区"},
		{"a general template serves another region", hubei(2022, shanghai, Filled), []Candidate{csh, cany}, "any", "通用模板"},
		{"the exact wording decides between general templates", hubei(2022, shanghai, Filled), []Candidate{cany, {ID: "shwords", Years: [2]int{2022, 2022}, Kinds: []string{DeptFinal}, Titles: shanghai}}, "shwords", "全部出现"},
		{"unit final needs a template of that kind", &Info{Kind: UnitFinal, Year: 2020, Region: "湖北省", Tables: printed(nine, Filled)}, []Candidate{c9}, "", "没有单位决算的模板"},
		{"no tables: by year and region", &Info{Kind: DeptFinal, Year: 2024, Region: "上海市", Unit: "上海市某局"}, []Candidate{cany, csh}, "sh", "没有找到表名"},
	} {
		id, reason := Match(c.info, c.cands)
		if id != c.want || !strings.Contains(reason, c.reason) {
			t.Errorf("%s: Match = %q, %q; want %q with %q", c.name, id, reason, c.want, c.reason)
		}
	}
}

// An extra 决算 table the template does not print counts against it; a
// 绩效自评表 does not.
func TestMatchExtras(t *testing.T) {
	c8 := Candidate{ID: "t8", Years: [2]int{2020, 2020}, Kinds: []string{DeptFinal}, Titles: eight}
	in := &Info{Kind: DeptFinal, Year: 2020, Region: "湖北省", Tables: append(printed(eight, Filled), Table{Title: "整体绩效自评表", State: Filled})}
	if _, reason := Match(in, []Candidate{c8}); strings.Contains(reason, "模板以外") {
		t.Errorf("a 绩效自评表 is counted as an extra table: %s", reason)
	}
	in.Tables = append(in.Tables, Table{Title: "部门收支预算总表", State: Filled})
	if _, reason := Match(in, []Candidate{c8}); !strings.Contains(reason, "1 张模板以外的表") {
		t.Errorf("reason %q does not name the extra table", reason)
	}
}
