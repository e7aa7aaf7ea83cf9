package check

import (
	"fmt"
	"regexp"
	"strings"
)

// Placeholders are what a template leaves for the unit to fill in: XX局,
// ××, an empty or instructive 【】.
var rePlaceholder = regexp.MustCompile(`(?:^|[^A-Za-z])([XxＸｘ]{2,}|[×＊]{2,}|\*{3,})(?:[^A-Za-z]|$)|【\s*】|【[^】]{0,12}(?:名称|填写|填报|单位|金额|年度|XX|××)[^】]{0,12}】`)

// placeholders reports template placeholders left in the published text.
func placeholders(env *Env) []Problem {
	r := env.R
	var ps []Problem
	seen := map[string]bool{}
	check := func(where, text string) {
		t := compact(text)
		m := rePlaceholder.FindString(t)
		if m == "" || seen[t] {
			return
		}
		seen[t] = true
		ps = append(ps, Problem{Actual: strings.Trim(m, " "), Where: where,
			Message: quote(fmt.Sprintf("文中留有模板占位符“%s”，应填写实际内容（单位名称为“%s”）", trimEdge(m), r.Unit.Name), t)})
	}
	if len(r.Published.Lines) > 0 {
		for _, l := range r.Published.Lines {
			check(lineWhere(l), l.Text)
		}
		return ps
	}
	for _, sec := range publishedSections(r) {
		for _, s := range sentences(sec.Text) {
			check(sec.where(), s)
		}
	}
	return ps
}

// trimEdge drops the neighbouring characters the pattern needed to tell
// XX from a word.
func trimEdge(m string) string {
	if i := strings.IndexAny(m, "XxＸｘ×＊*【"); i > 0 {
		m = m[i:]
	}
	rs := []rune(m)
	for len(rs) > 0 && !strings.ContainsRune("XxＸｘ×＊*】", rs[len(rs)-1]) {
		rs = rs[:len(rs)-1]
	}
	return string(rs)
}

var (
	rePart      = regexp.MustCompile(`^第[一二三四五六七八九十]+部分`)
	reTitleName = regexp.MustCompile(`^(.+?)(?:\d{4}年度?(?:部门|单位)决算(?:表|情况说明|情况|公开)?|(?:部门|单位)?概况)$`)
	reHeadName  = regexp.MustCompile(`(?:^|\s)(?:部门|编制单位|填报单位|单位名称|预算单位)[：:]\s*(\S+)`)
)

// titleNames compares the unit name in part titles and table headers
// with the unit's name: a title that drops the district or names another
// unit is a 称谓 error a reader sees at once.
func titleNames(env *Env) []Problem {
	r := env.R
	want := nameKey(r.Unit.Name)
	if want == "" {
		return nil
	}
	var ps []Problem
	seen := map[string]bool{}
	for _, l := range r.Published.Lines {
		t := compact(l.Text)
		if rePlaceholder.MatchString(t) {
			continue // placeholders() reports it
		}
		var got string
		if m := reHeadName.FindStringSubmatch(l.Text); m != nil {
			got = m[1]
		} else if body := rePart.ReplaceAllString(t, ""); (body != t || reTitleLine.MatchString(t)) && !strings.ContainsAny(body, "，。；：、,;") && len([]rune(body)) <= 60 {
			if m := reTitleName.FindStringSubmatch(body); m != nil {
				got = m[1]
			}
		}
		got = strings.TrimSuffix(strings.TrimSuffix(got, "（本级）"), "(本级)")
		k := nameKey(got)
		if len([]rune(k)) < 4 || k == want || seen[k] || !orgLike(k) {
			continue
		}
		seen[k] = true
		ps = append(ps, Problem{Expected: r.Unit.Name, Actual: got, Where: lineWhere(l),
			Message: quote(fmt.Sprintf("标题或表头中的单位名称“%s”与单位名称“%s”不一致", got, r.Unit.Name), t)})
	}
	return ps
}

func nameKey(s string) string {
	return strings.NewReplacer("（", "(", "）", ")", "【", "(", "】", ")").Replace(compact(s))
}

// orgLike is true for text that ends as the name of an organisation does;
// it keeps a title fragment ("一般公共预算财政拨款") from reading as a name.
func orgLike(s string) bool {
	for _, suf := range []string{"局", "委", "办", "部", "院", "中心", "厅", "会", "站", "所", "处", "队", "馆", "校", "学", "室", "社", "政府", "公司", "署", "团", "组", "区", "街道", "镇", "乡", "园", "台", "宫", "场", "库", ")"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}
