package check

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/memo"
)

// 口径: the words of the 说明 must be the year's. A 类 name from an old
// catalog, an amount in 元 where the tables print 万元, a word typed twice.

var reClassName = regexp.MustCompile(`([^\s，。；：、,;:0-9.%“”（）()]{2,30})[（(]类[）)]`)

// subjectNames reports 类 names in the 说明 that are not the year's
// catalog names ("文化体育与传媒支出" after the 2019 renaming).
func subjectNames(env *Env) []Problem {
	ref, ok := keyCell(env, "general_total")
	if !ok {
		return nil
	}
	ts, _ := env.T.Table(ref.Table)
	cat := env.T.Catalogs[ts.Catalog]
	if cat == nil {
		return nil
	}
	known := map[string]bool{}
	for code, e := range cat.Entries {
		if juesuan.CodeLevel(code) == 1 {
			known[strings.TrimSuffix(normName(e.Name), "支出")] = true
		}
	}
	if len(known) == 0 {
		return nil
	}
	var ps []Problem
	seen := map[string]bool{}
	for _, sec := range publishedSections(env.R) {
		for _, c := range classMentions.Get(sec.Text) {
			if c.key == "" || known[c.key] || seen[c.key] || suffixKnown(c.key, known) {
				continue
			}
			seen[c.key] = true
			ps = append(ps, Problem{Actual: c.name, Where: sec.where(),
				Message: quote(fmt.Sprintf("“%s（类）”不是%d年度《%s》的类级科目名称，请按本年度科目名称填写", c.name, env.R.Year, cat.Title), c.sent)})
		}
	}
	return ps
}

// classMention is a "…（类）" of the 说明: the name as written, its key
// (normalised, without 支出) and its sentence.
type classMention struct{ name, key, sent string }

// classMentions lists a section's class mentions once per text: a save
// re-audits a 说明 that did not change.
var classMentions = memo.New(func(text string) []classMention {
	var out []classMention
	for _, sent := range sentences(text) {
		for _, m := range reClassName.FindAllStringSubmatch(sent, -1) {
			// "1、一般公共服务支出（类）": the item number is not the name.
			name := strings.TrimLeftFunc(m[1], func(r rune) bool { return !unicode.Is(unicode.Han, r) })
			out = append(out, classMention{name: name, key: strings.TrimSuffix(normName(name), "支出"), sent: sent})
		}
	}
	return out
})

// suffixKnown is true when the name ends with a known 类 name: the
// pattern may take a word before it ("主要用于一般公共服务支出").
func suffixKnown(k string, known map[string]bool) bool {
	for n := range known {
		if strings.HasSuffix(k, n) {
			return true
		}
	}
	return false
}

var reYuanAmount = regexp.MustCompile(`(?:^|[^\d.,])(\d[\d,]*\.\d{2})元`)

// moneyUnits reports an amount the 说明 writes in 元 that is a table
// figure in 万元: the unit word is wrong, the figure off by 10,000 times.
func moneyUnits(env *Env) []Problem {
	if env.R.MoneyUnit != "" && env.R.MoneyUnit != juesuan.UnitWanyuan {
		return nil
	}
	figures := map[juesuan.Amount]juesuan.CellRef{}
	for c, v := range env.R.Cells {
		if v >= juesuan.Wanyuan {
			figures[v.RoundTo(juesuan.Cent)] = c
		}
	}
	var ps []Problem
	for _, sec := range publishedSections(env.R) {
		for _, y := range yuanMentions.Get(sec.Text) {
			c, ok := figures[y.amount]
			if !ok {
				continue
			}
			ps = append(ps, Problem{Cells: []juesuan.CellRef{c}, Expected: y.text + "万元", Actual: y.text + "元", Where: sec.where(),
				Message: quote(fmt.Sprintf("金额单位有误：写作“%s元”，表中为 %s 万元", y.text, y.amount.Wan()), y.sent)})
		}
	}
	return ps
}

// yuanMention is an amount with two decimals written in 元, read as if it
// were 万元.
type yuanMention struct {
	text, sent string
	amount     juesuan.Amount
}

var yuanMentions = memo.New(func(text string) []yuanMention {
	var out []yuanMention
	for _, sent := range sentences(text) {
		for _, m := range reYuanAmount.FindAllStringSubmatch(sent, -1) {
			a, err := juesuan.ParseAmount(strings.ReplaceAll(m[1], ",", ""), juesuan.UnitWanyuan)
			if err == nil {
				out = append(out, yuanMention{text: m[1], sent: sent, amount: a})
			}
		}
	}
	return out
})

// repeatedWords reports a word typed twice in a row ("支出支出", "的的").
func repeatedWords(env *Env) []Problem {
	var ps []Problem
	for _, sec := range publishedSections(env.R) {
		for _, d := range doubledMemo.Get(sec.Text) {
			ps = append(ps, Problem{Actual: d.w + d.w, Where: sec.where(),
				Message: quote(fmt.Sprintf("文字重复：“%s%s”", d.w, d.w), d.sent)})
		}
	}
	return ps
}

type doubledWord struct{ w, sent string }

var doubledMemo = memo.New(func(text string) []doubledWord {
	var out []doubledWord
	for _, sent := range sentences(text) {
		if w := doubled(sent); w != "" {
			out = append(out, doubledWord{w, sent})
		}
	}
	return out
})

// doubled finds a run of two to six Chinese characters written twice in a
// row, or 的的; a doubled single character is ordinary Chinese (常常).
func doubled(s string) string {
	rs := []rune(s)
	for i := range rs {
		if i+1 < len(rs) && rs[i] == '的' && rs[i+1] == '的' {
			return "的"
		}
		for k := 2; k <= 6 && i+2*k <= len(rs); k++ {
			a, b := rs[i:i+k], rs[i+k:i+2*k]
			if string(a) != string(b) || !allHan(a) || allSame(a) {
				continue
			}
			return string(a)
		}
	}
	return ""
}

func allHan(rs []rune) bool {
	for _, r := range rs {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

func allSame(rs []rune) bool {
	for _, r := range rs[1:] {
		if r != rs[0] {
			return false
		}
	}
	return true
}
