package identify

import (
	"fmt"
	"sort"
	"strings"
)

// Candidate is a template Match may choose.
type Candidate struct {
	ID      string
	Years   [2]int   // first and last year the template serves
	Regions []string // names a document's unit or region contains (上海); none: any region
	Kinds   []string // 部门决算, 单位决算 …
	Titles  []string // the table titles the template prints, in order
	// Attached: the family publishes its tables as an attachment; it fits
	// a document that says so better than one printing them in the body.
	Attached bool
}

// Match chooses the template for a document: among the candidates of its
// year and kind, the one whose table titles the document prints (all
// present, fewest missing, then fewest tables the template does not
// know), then the one of its region. It returns "" and the reason when
// none fits.
func Match(info *Info, cands []Candidate) (id string, reason string) {
	if info.Kind == "" {
		return "", "文件中没有说明是决算还是预算，无法选择模板"
	}
	if strings.HasSuffix(info.Kind, "预算") {
		return "", fmt.Sprintf("没有%s的模板：juesuan 只审核部门决算", info.Kind)
	}
	if info.Year == 0 {
		return "", "文件中没有写明年度，无法选择模板"
	}
	type scored struct {
		c                       Candidate
		missing, extra, region  int
		inexact                 int // titles paired with another wording
		missingTitles, extraSet []string
	}
	var fit []scored
	var otherYears []string
	for _, c := range cands {
		if !contains(c.Kinds, info.Kind) {
			continue
		}
		if info.Year < c.Years[0] || info.Year > c.Years[1] {
			otherYears = append(otherYears, c.ID)
			continue
		}
		s := scored{c: c, region: regionScore(info, c.Regions)}
		s.missingTitles, s.extraSet, s.inexact = compareTitles(c.Titles, info.Tables)
		s.missing, s.extra = len(s.missingTitles), len(s.extraSet)
		fit = append(fit, s)
	}
	if len(fit) == 0 {
		if len(otherYears) > 0 {
			return "", fmt.Sprintf("没有 %d 年度%s的模板（其他年度的模板：%s）", info.Year, info.Kind, strings.Join(otherYears, "、"))
		}
		return "", fmt.Sprintf("没有%s的模板", info.Kind)
	}
	// Another region's template is no choice while one fits the region.
	var own, foreign []string
	for _, s := range fit {
		if s.region > 0 {
			own = append(own, s.c.ID)
		} else {
			foreign = append(foreign, s.c.ID)
		}
	}
	if len(own) == 0 {
		return "", fmt.Sprintf("%d 年度的模板（%s）都是其他地区的版式，不适用于%s", info.Year, strings.Join(foreign, "、"), orUnsaid(info.Region))
	}
	sort.SliceStable(fit, func(i, j int) bool {
		a, b := fit[i], fit[j]
		if (a.region == 0) != (b.region == 0) {
			return a.region > 0
		}
		if am, bm := a.c.Attached == info.Attached, b.c.Attached == info.Attached; am != bm {
			return am
		}
		if a.missing != b.missing {
			return a.missing < b.missing
		}
		if a.extra != b.extra {
			return a.extra < b.extra
		}
		if a.inexact != b.inexact {
			return a.inexact < b.inexact
		}
		return a.region > b.region
	})
	best := fit[0]
	var why []string
	if len(info.Tables) == 0 {
		why = append(why, "文件中没有找到表名，按年度和地区选择")
	} else if best.missing == 0 {
		why = append(why, fmt.Sprintf("模板的 %d 张表全部出现", len(best.c.Titles)))
	} else {
		why = append(why, fmt.Sprintf("模板的 %d 张表中缺少 %d 张（%s）", len(best.c.Titles), best.missing, strings.Join(best.missingTitles, "、")))
	}
	if best.extra > 0 {
		why = append(why, fmt.Sprintf("文件另有 %d 张模板以外的表（%s）", best.extra, strings.Join(best.extraSet, "、")))
	}
	switch best.region {
	case 2:
		why = append(why, "地区相符（"+info.Region+"）")
	case 1:
		why = append(why, "通用模板")
	}
	return best.c.ID, strings.Join(why, "；")
}

// compareTitles lists the template's titles the document does not name
// and the document's 决算 tables the template does not print.
func compareTitles(titles []string, tables []Table) (missing, extra []string, inexact int) {
	used := make([]bool, len(tables))
	norm := func(s string) string { return compact(s) }
	find := func(t string, exact bool) bool {
		for i, tb := range tables {
			if used[i] {
				continue
			}
			a, b := norm(t), norm(tb.Title)
			if a == b || !exact && sameTable(a, b) {
				used[i] = true
				return true
			}
		}
		return false
	}
	found := make([]bool, len(titles))
	for i, t := range titles {
		found[i] = find(t, true)
	}
	for i, t := range titles {
		if found[i] {
			continue
		}
		if find(t, false) {
			inexact++
		} else {
			missing = append(missing, t)
		}
	}
	for i, tb := range tables {
		// A 绩效自评表 or other annex is not a table a template prints.
		if !used[i] && strings.Contains(tb.Title, "算") {
			extra = append(extra, tb.Title)
		}
	}
	return missing, extra, inexact
}

// regionScore is 2 when the template is the document's region's, 1 when
// it serves any region, 0 when it is another region's.
func regionScore(info *Info, regions []string) int {
	if len(regions) == 0 {
		return 1
	}
	for _, r := range regions {
		if r != "" && (strings.Contains(info.Region, r) || strings.Contains(info.Unit, r) || strings.Contains(info.Locality, r)) {
			return 2
		}
	}
	return 0
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func orUnsaid(s string) string {
	if s == "" {
		return "未写明地区的文件"
	}
	return s
}
