package check

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/juesuan/juesuan/internal/memo"
)

// Year on year: "收入支出总计 T 万元。与 2023 年度相比，收入支出总计减少 D
// 万元，下降 P%". Last year's figure is T ∓ D; the words must agree with
// each other, the rate must be one the printed amounts can give, and a
// rate on a zero base (a unit set up this year) means nothing.
var (
	reYoY               = regexp.MustCompile(amountPat + `万元([^万]{0,40}?)(?:与上?(?:\d{4}年度?|上年度?)相比|比(?:\d{4}年度?|上年度?)|较(?:\d{4}年度?|上年度?))[，,]?([^，。；%]{0,30}?)(增加|减少)` + amountPat + `万元[，,](?:同比)?(增长|下降|上升|减少|降低|增加)` + amountPat + `%`)
	reFlatContradiction = regexp.MustCompile(`(增加|减少|增长|下降)(为|到|至)?` + amountPat + `万元[，,](?:与|和|较)(?:上年|\d{4}年度?)(?:基本)?持平`)
)

func yoyRates(env *Env) []Problem {
	var ps []Problem
	for _, sec := range publishedSections(env.R) {
		for _, p := range yoyProblems.Get(sec.Text) {
			p.Where = sec.where()
			ps = append(ps, p)
		}
	}
	return ps
}

// yoyProblems are a section's year-over-year findings (without where):
// they depend on its text alone, and a save re-audits a 说明 that did not
// change.
var yoyProblems = memo.New(yoySection)

func yoySection(text string) []Problem {
	var ps []Problem
	for _, m := range reYoY.FindAllStringSubmatchIndex(text, -1) {
		g := func(k int) string { return text[m[2*k]:m[2*k+1]] }
		sent := text[sentenceStart(text, m[0]):m[1]]
		cur, ok1 := parseNumber(g(1))
		d, ok2 := parseNumber(g(5))
		pct, ok3 := parseNumber(g(7))
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		// The compared figure must be the one just stated: the noun
		// after 相比 names it ("收入支出总计减少").
		subject := strings.TrimSuffix(strings.TrimSpace(g(3)), "各")
		before := text[max(0, m[2]-90):m[2]]
		if subject != "" && !strings.HasSuffix(before, subject) && !strings.Contains(before, subject) {
			continue
		}
		// "总额 X 万元，其中 A 为 Y 万元，比上年增加…": whose change it
		// is cannot be told.
		if subject == "" && strings.Contains(text[sentenceStart(text, m[2]):m[2]], "其中") {
			continue
		}
		up, rateUp := g(4) == "增加", g(6) == "增长" || g(6) == "上升" || g(6) == "增加"
		if up != rateUp {
			ps = append(ps, Problem{Expected: map[bool]string{true: "增长", false: "下降"}[up], Actual: g(6),
				Message: quote(fmt.Sprintf("同一句中“%s%s万元”与“%s%s%%”方向相反", g(4), d.text, g(6), pct.text), sent)})
			continue
		}
		prior := new(big.Rat).Set(cur.rat)
		if up {
			prior.Sub(prior, d.rat)
		} else {
			prior.Add(prior, d.rat)
		}
		half := new(big.Rat).Add(cur.half(), d.half())
		if prior.Cmp(half) <= 0 {
			ps = append(ps, Problem{Expected: "上年为 0，不计算增长率", Actual: g(6) + pct.text + "%",
				Message: quote(fmt.Sprintf("上年数为 0（本年 %s 万元，%s %s 万元），“%s%s%%”没有意义，应写明上年无此项支出", cur.text, g(4), d.text, g(6), pct.text), sent)})
			continue
		}
		den := number{text: prior.FloatString(2), rat: prior}
		v, want := judgePercentH(d, d.half(), den, half, pct)
		if v == pctFair {
			continue
		}
		ps = append(ps, Problem{Expected: want + "%", Actual: pct.text + "%", Severity: pctSeverity(v),
			Message: quote(fmt.Sprintf("%s率 %s%% 与所列金额不符：%s ÷ 上年 %s = %s%%%s", g(6), pct.text, d.text, den.text, want, pctNote(v)), sent)})
	}
	for _, sent := range sentences(text) {
		m := reFlatContradiction.FindStringSubmatch(sent)
		if m == nil {
			continue
		}
		n, _ := parseNumber(m[3])
		if m[2] == "" && n.isZero() {
			continue
		}
		ps = append(ps, Problem{Actual: m[0],
			Message: quote(fmt.Sprintf("同一句既说“%s%s%s万元”又说与上年持平，自相矛盾", m[1], m[2], m[3]), sent)})
	}
	return ps
}
