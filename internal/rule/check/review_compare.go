package check

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/juesuan/juesuan/internal/memo"
)

// Budget against 决算: "年初预算为 A 万元，支出决算为 B 万元，完成年初预算的
// P%。决算数小于预算数的主要原因…". The words must agree with A and B, the
// rate must be one the printed amounts can give, and a rate on a zero
// budget means nothing.
var (
	reBudgetPair = regexp.MustCompile(`(年初预算|全年预算|调整后预算|预算)(?:数)?为` + amountPat + `万元[，,]?(?:(全年预算|调整后预算|调整预算)(?:数)?为` + amountPat + `万元[，,]?)?(?:支出)?决算(?:数)?为` + amountPat + `万元(?:[，,]完成(年初预算|全年预算|预算)(?:数)?的?` + amountPat + `%)?`)
	reDirection  = regexp.MustCompile(`决算数?(?:(大于|小于|等于|高于|低于|超过|未达到)(年初|全年)?预算数?|(?:与|和)(年初|全年)?预算数?(?:相比)?(基本)?(持平|一致|相等|相同))`)
	reItemStart  = regexp.MustCompile(`(?:^|[。：:；;])\d{1,2}[、．.]`)
)

type budgetClaim struct {
	kind1, kind2 string
	a1, a2, b    number
	has2         bool
	rateKind     string
	rate         number
	hasRate      bool
	text         string // the sentence, for the quote
	rest         string // what follows, up to the next claim or item
}

func budgetClaims(text string) []budgetClaim { return claimMemo.Get(text) }

var claimMemo = memo.New(budgetClaims1)

func budgetClaims1(text string) []budgetClaim {
	var out []budgetClaim
	// Items ("1、一般公共服务支出（类）…") bound what a direction word can
	// refer to.
	bounds := []int{}
	for _, m := range reItemStart.FindAllStringIndex(text, -1) {
		bounds = append(bounds, m[0])
	}
	ms := reBudgetPair.FindAllStringSubmatchIndex(text, -1)
	for i, m := range ms {
		var c budgetClaim
		get := func(k int) string {
			if m[2*k] < 0 {
				return ""
			}
			return text[m[2*k]:m[2*k+1]]
		}
		c.kind1 = get(1)
		var ok bool
		if c.a1, ok = parseNumber(get(2)); !ok {
			continue
		}
		if get(4) != "" {
			c.kind2 = get(3)
			c.a2, c.has2 = parseNumber(get(4))
		}
		if c.b, ok = parseNumber(get(5)); !ok {
			continue
		}
		if get(7) != "" {
			c.rateKind = get(6)
			c.rate, c.hasRate = parseNumber(get(7))
		}
		end := len(text)
		if i+1 < len(ms) {
			end = ms[i+1][0]
		}
		for _, b := range bounds {
			if b > m[1] && b < end {
				end = b
				break
			}
		}
		c.rest = text[m[1]:end]
		start := sentenceStart(text, m[0])
		stop := strings.IndexAny(text[m[1]:], "。；")
		if stop < 0 {
			stop = len(text) - m[1]
		}
		c.text = text[start : m[1]+stop]
		out = append(out, c)
	}
	return out
}

// budgetFor picks the budget a word names: 年初, 全年, or any stated.
func (c budgetClaim) budgets(word string) []number {
	var out []number
	for _, p := range []struct {
		kind string
		n    number
		ok   bool
	}{{c.kind1, c.a1, true}, {c.kind2, c.a2, c.has2}} {
		if !p.ok {
			continue
		}
		if word == "" || strings.HasPrefix(p.kind, word) || (word == "预算" && p.kind == "预算") {
			out = append(out, p.n)
		}
	}
	if len(out) == 0 {
		out = append(out, c.a1)
		if c.has2 {
			out = append(out, c.a2)
		}
	}
	return out
}

// dirHolds says whether "决算数 word 预算数" is true of b against a at
// the printed precision.
func dirHolds(word string, basic bool, a, b number) bool {
	cmp := b.rat.Cmp(a.rat)
	switch word {
	case "大于", "高于", "超过":
		return cmp > 0
	case "小于", "低于", "未达到":
		return cmp < 0
	}
	if cmp == 0 {
		return true
	}
	if !basic || a.isZero() {
		return false
	}
	// 基本持平: within 5% of the budget.
	d := new(big.Rat).Sub(b.rat, a.rat)
	d.Abs(d)
	return d.Cmp(new(big.Rat).Mul(a.rat, big.NewRat(5, 100))) <= 0
}

func budgetWords(env *Env) []Problem {
	var ps []Problem
	for _, sec := range publishedSections(env.R) {
		for _, c := range budgetClaims(sec.Text) {
			if m := reDirection.FindStringSubmatch(c.rest); m != nil {
				word, which, basic := m[1], m[2]+m[3], m[4] != ""
				if word == "" {
					word = m[5]
				}
				bs := c.budgets(which)
				ok := false
				for _, a := range bs {
					if dirHolds(word, basic, a, c.b) {
						ok = true
					}
				}
				if !ok {
					phrase := m[0]
					ps = append(ps, Problem{Expected: relation(bs[0], c.b), Actual: word, Where: sec.where(),
						Message: quote(fmt.Sprintf("说明写“%s”，但所列决算数 %s 万元%s预算数 %s 万元", phrase, c.b.text, relation(bs[0], c.b), bs[0].text), c.text+c.rest)})
				}
			}
		}
	}
	return ps
}

func relation(a, b number) string {
	switch b.rat.Cmp(a.rat) {
	case 1:
		return "大于"
	case -1:
		return "小于"
	}
	return "等于"
}

// budgetRates checks "完成年初预算的 P%" against the amounts beside it.
func budgetRates(env *Env) []Problem {
	var ps []Problem
	for _, sec := range publishedSections(env.R) {
		for _, c := range budgetClaims(sec.Text) {
			if !c.hasRate {
				continue
			}
			word := strings.TrimSuffix(c.rateKind, "预算")
			bs := c.budgets(word)
			a := bs[len(bs)-1]
			if word != "" {
				a = bs[0]
			}
			if a.isZero() {
				ps = append(ps, Problem{Expected: "不计算完成率", Actual: c.rate.text + "%", Where: sec.where(),
					Message: quote(fmt.Sprintf("%s为 0，“完成%s的 %s%%”没有意义（应写明按全年预算计算，或说明无%s）", c.rateKind, c.rateKind, c.rate.text, c.rateKind), c.text)})
				continue
			}
			v, want := judgePercent(c.b, a, c.rate)
			if v == pctFair {
				continue
			}
			ps = append(ps, Problem{Expected: want + "%", Actual: c.rate.text + "%", Where: sec.where(), Severity: pctSeverity(v),
				Message: quote(fmt.Sprintf("完成率 %s%% 与所列金额不符：%s ÷ %s = %s%%%s", c.rate.text, c.b.text, a.text, want, pctNote(v)), c.text)})
		}
	}
	return ps
}
