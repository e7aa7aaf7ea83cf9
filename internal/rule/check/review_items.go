package check

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/juesuan/juesuan"
)

// Each 项 paragraph of 五（三） names a 功能分类 item and states its 决算;
// the statement must be the table's figure for that item.

var reLevelMark = regexp.MustCompile(`[（(](?:类|款|项)[）)]`)

func itemAmounts(env *Env) []Problem {
	ref0, ok := keyCell(env, "general_total")
	if !ok {
		return nil
	}
	var ps []Problem
	for _, sec := range publishedSections(env.R) {
		if !strings.Contains(sec.Text, "（类）") && !strings.Contains(sec.Text, "(类)") {
			continue
		}
		starts := reItemStart.FindAllStringIndex(sec.Text, -1)
		for i, st := range starts {
			end := len(sec.Text)
			if i+1 < len(starts) {
				end = starts[i+1][0]
			}
			item := sec.Text[st[1]:end]
			head, _, _ := strings.Cut(item, "。")
			if !reLevelMark.MatchString(head) {
				continue
			}
			code := codeNamed(env, ref0.Table, head)
			if code == "" {
				continue
			}
			cs := budgetClaims(item)
			if len(cs) == 0 {
				continue
			}
			ref := juesuan.CellRef{Table: ref0.Table, Row: code, Col: ref0.Col}
			v := env.R.Cells[ref]
			if sameAmount(cs[0].b, v) {
				continue
			}
			ts, _ := env.T.Table(ref.Table)
			ps = append(ps, Problem{Cells: []juesuan.CellRef{ref}, Expected: v.Wan(), Actual: cs[0].b.text, Where: sec.where(),
				Message: quote(fmt.Sprintf("说明所写%s支出决算 %s 万元与%s %s 的 %s 万元不符", head, cs[0].b.text, ts.Code(), code, v.Wan()), head+"。"+cs[0].text)})
		}
	}
	return ps
}

// codeNamed finds the row of table n that a heading such as
// "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）"
// names, walking 类, 款, 项 by the row names the report prints.
func codeNamed(env *Env, n int, head string) string {
	var names []string
	for _, p := range reLevelMark.Split(head, -1) {
		if p = strings.Trim(p, "：:，,、"); p != "" {
			names = append(names, p)
		}
	}
	code := ""
	for lvl, want := range names {
		if lvl > 2 {
			break
		}
		next := ""
		for rr, name := range env.R.RowNames {
			if rr.Table != n || juesuan.CodeLevel(rr.Row) != lvl+1 || (code != "" && juesuan.ParentCode(rr.Row) != code) {
				continue
			}
			if sameItemName(name, want) {
				next = rr.Row
				break
			}
		}
		if next == "" {
			return "" // a name the table does not print: not ours to judge
		}
		code = next
	}
	if len(names) == 0 {
		return ""
	}
	return code
}

func sameItemName(a, b string) bool {
	a, b = normName(compact(a)), normName(compact(b))
	return a == b || strings.TrimSuffix(a, "支出") == strings.TrimSuffix(b, "支出")
}
