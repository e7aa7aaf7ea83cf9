package check

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
)

// The 三公 paragraph states the table's figures and last year's change by
// item. Both are claims a reader checks first.

type sangongItem struct {
	label, key string
	re         *regexp.Regexp // label followed by its 决算 amount
	change     *regexp.Regexp // label followed by its change
}

const (
	reAbroad    = `因公出国[（(]境[）)]费用?`
	reCars      = `公务用车购置及运行(?:维护)?费`
	reCarBuy    = `公务用车购置费`
	reCarRun    = `公务用车运行(?:维护)?费`
	reReception = `公务接待费`
	reChangeTo  = `(?:支出)?(?:决算数?)?(?:支出)?(?:比上年|较上年|与上年相比|比\d{4}年度?|较\d{4}年度?|与\d{4}年度?相比)?[，,]?(增加|减少|持平|增长|下降)(?:` + amountPat + `万元)?`
)

func newSangongItem(label, pat, key string) sangongItem {
	return sangongItem{label: label, key: key,
		re:     regexp.MustCompile(pat + `(?:支出)?(?:决算(?:数)?)?(?:为|支出)?` + amountPat + `万元`),
		change: regexp.MustCompile(pat + reChangeTo)}
}

var (
	sangongItems = []sangongItem{
		newSangongItem("因公出国（境）费", reAbroad, "sangong_abroad"),
		newSangongItem("公务用车购置及运行费", reCars, "sangong_cars"),
		newSangongItem("公务用车购置费", reCarBuy, "sangong_car_buy"),
		newSangongItem("公务用车运行费", reCarRun, "sangong_car_run"),
		newSangongItem("公务接待费", reReception, "sangong_reception"),
	}
	reSangongPair   = regexp.MustCompile(`三公”?经费(?:财政拨款)?(?:支出)?年初预算(?:数)?为` + amountPat + `万元[，,](?:支出)?决算(?:数)?为` + amountPat + `万元`)
	reSangongActual = regexp.MustCompile(`三公”?经费(?:财政拨款)?支出决算(?:数)?为` + amountPat + `万元`)
	reSangongChange = regexp.MustCompile(`三公”?经费(?:财政拨款)?(?:支出)?(?:决算数?)?(?:比|较|与)(?:上年|\d{4}年度?)(?:相比)?[，,]?(增加|减少|持平)(?:` + amountPat + `万元)?`)
)

// sangongSection is the 说明 section about 三公, compacted.
func sangongSection(r *juesuan.Report) (textSection, bool) {
	for _, sec := range publishedSections(r) {
		head := []rune(sec.Text)
		if len(head) > 30 {
			head = head[:30]
		}
		if strings.Contains(string(head), "三公") {
			return sec, true
		}
	}
	return textSection{}, false
}

func sangongAmounts(env *Env) []Problem {
	sec, ok := sangongSection(env.R)
	if !ok {
		return nil
	}
	var ps []Problem
	seen := map[string]bool{}
	check := func(label, key, stated, sent string) {
		ref, ok := keyCell(env, key)
		n, ok2 := parseNumber(stated)
		if !ok || !ok2 || seen[key] {
			return
		}
		seen[key] = true
		v := env.R.Cells[ref]
		if sameAmount(n, v) {
			return
		}
		ts, _ := env.T.Table(ref.Table)
		msg := fmt.Sprintf("说明所写%s %s 万元与%s第%s栏 %s 万元不符", label, n.text, ts.Code(), ref.Col, v.Wan())
		if env.R.TableEmpty(ref.Table) {
			msg = fmt.Sprintf("%s没有数据，但说明写%s %s 万元", ts.Code(), label, n.text)
		}
		ps = append(ps, Problem{Cells: []juesuan.CellRef{ref}, Expected: v.Wan(), Actual: n.text, Where: sec.where(), Message: quote(msg, sent)})
	}
	for _, sent := range sentences(sec.Text) {
		if m := reSangongPair.FindStringSubmatch(sent); m != nil {
			check("“三公”经费年初预算", "sangong_budget", m[1], sent)
			check("“三公”经费支出决算", "sangong_actual", m[2], sent)
		} else if m := reSangongActual.FindStringSubmatch(sent); m != nil {
			check("“三公”经费支出决算", "sangong_actual", m[1], sent)
		}
		for _, it := range sangongItems {
			if m := it.re.FindStringSubmatchIndex(sent); m != nil && !priorYear(sent[:m[0]], env.R.Year) {
				check(it.label+"决算", it.key, sent[m[2]:m[3]], sent)
			}
		}
	}
	return ps
}

// sangongChange checks that the 三公 change by item adds up to the
// change of the total ("比上年增加 D 万元，其中：因公出国（境）费增加 a 万元
// …"), within the rounding of the printed figures.
func sangongChange(env *Env) []Problem {
	sec, ok := sangongSection(env.R)
	if !ok {
		return nil
	}
	var ps []Problem
	for _, m := range reSangongChange.FindAllStringSubmatchIndex(sec.Text, -1) {
		total, ok := signed(sec.Text[m[2]:m[3]], group(sec.Text, m, 2))
		if !ok {
			continue
		}
		// The parts follow, up to the next section heading or total.
		rest := sec.Text[m[1]:]
		if i := strings.Index(rest, "（二）"); i >= 0 {
			rest = rest[:i]
		}
		if len(rest) > 600 {
			rest = rest[:600]
		}
		sum := new(big.Rat)
		tol := new(big.Rat).Set(total.half)
		var parts []string
		found := 0
		for _, it := range sangongItems {
			if it.key == "sangong_car_buy" || it.key == "sangong_car_run" {
				continue // parts of 公务用车购置及运行费, not of the total
			}
			pm := it.change.FindStringSubmatch(rest)
			if pm == nil {
				continue
			}
			p, ok := signed(pm[1], pm[2])
			if !ok {
				continue
			}
			found++
			sum.Add(sum, p.rat)
			tol.Add(tol, p.half)
			parts = append(parts, it.label+pm[1]+pm[2])
		}
		if found < 3 {
			continue // not every item is stated: nothing to add up
		}
		d := new(big.Rat).Sub(sum, total.rat)
		if new(big.Rat).Abs(d).Cmp(tol) <= 0 {
			continue
		}
		sent := sec.Text[m[0]:min(len(sec.Text), m[1]+len(rest))]
		ps = append(ps, Problem{Expected: total.rat.FloatString(2), Actual: sum.FloatString(2), Where: sec.where(),
			Message: quote(fmt.Sprintf("“三公”经费比上年变动 %s 万元，而各项变动（%s）合计 %s 万元，两者不符", total.rat.FloatString(2), strings.Join(parts, "；"), sum.FloatString(2)), sent)})
	}
	return ps
}

type signedAmount struct {
	rat  *big.Rat
	half *big.Rat
}

func group(s string, m []int, k int) string {
	if m[2*k] < 0 {
		return ""
	}
	return s[m[2*k]:m[2*k+1]]
}

// signed turns 增加 1.2 / 减少 1.2 / 持平 into a signed change.
func signed(word, amount string) (signedAmount, bool) {
	if word == "持平" {
		return signedAmount{rat: new(big.Rat), half: new(big.Rat)}, true
	}
	n, ok := parseNumber(amount)
	if !ok {
		return signedAmount{}, false
	}
	r := new(big.Rat).Set(n.rat)
	if word == "减少" || word == "下降" {
		r.Neg(r)
	}
	return signedAmount{rat: r, half: n.half()}, true
}

var reYearBefore = regexp.MustCompile(`(上年|去年|同期|(\d{4})年度?)[^，。；]{0,4}$`)

// priorYear is true when the words before an item name another year's
// figure ("上年因公出国（境）费为…").
func priorYear(before string, year int) bool {
	m := reYearBefore.FindStringSubmatch(before)
	if m == nil {
		return false
	}
	return m[2] == "" || m[2] != strconv.Itoa(year)
}

// sangongRates checks "公务接待费支出决算增加 D 万元，增长 P%": last year's
// figure is 表7's this year less the change; the words must agree, the
// rate must be one the printed figures can give, and a rate on a zero base
// (nothing last year) means nothing.
func sangongRates(env *Env) []Problem {
	sec, ok := sangongSection(env.R)
	if !ok {
		return nil
	}
	var ps []Problem
	for _, it := range sangongRateItems {
		ref, ok := keyCell(env, it.key)
		if !ok {
			continue
		}
		for _, sent := range sentences(sec.Text) {
			m := it.re.FindStringSubmatch(sent)
			if m == nil {
				continue
			}
			d, ok1 := parseNumber(m[2])
			pct, ok2 := parseNumber(m[4])
			if !ok1 || !ok2 {
				continue
			}
			up, rateUp := m[1] == "增加", m[3] == "增长" || m[3] == "上升" || m[3] == "增加"
			label := it.label
			if up != rateUp {
				ps = append(ps, Problem{Actual: m[3], Where: sec.where(),
					Message: quote(fmt.Sprintf("%s“%s%s万元”与“%s%s%%”方向相反", label, m[1], d.text, m[3], pct.text), sent)})
				continue
			}
			cur := env.R.Cells[ref]
			curN := number{text: cur.Wan(), rat: new(big.Rat).SetFrac64(int64(cur), int64(juesuan.Wanyuan))}
			prior := new(big.Rat).Set(curN.rat)
			if up {
				prior.Sub(prior, d.rat)
			} else {
				prior.Add(prior, d.rat)
			}
			half := new(big.Rat).Add(big.NewRat(1, 200), d.half())
			if new(big.Rat).Neg(prior).Cmp(half) > 0 {
				ps = append(ps, Problem{Cells: []juesuan.CellRef{ref}, Expected: "增加额不大于 " + cur.Wan(), Actual: d.text, Where: sec.where(),
					Message: quote(fmt.Sprintf("%s增加 %s 万元，大于表中本年决算 %s 万元", label, d.text, cur.Wan()), sent)})
				continue
			}
			if prior.Cmp(half) <= 0 {
				ps = append(ps, Problem{Cells: []juesuan.CellRef{ref}, Expected: "上年为 0，不计算增长率", Actual: m[3] + pct.text + "%", Where: sec.where(),
					Message: quote(fmt.Sprintf("%s本年决算 %s 万元、%s %s 万元，上年为 0，“%s%s%%”没有意义", label, cur.Wan(), m[1], d.text, m[3], pct.text), sent)})
				continue
			}
			den := number{text: prior.FloatString(2), rat: prior}
			v, want := judgePercentH(d, d.half(), den, half, pct)
			if v == pctFair {
				continue
			}
			ps = append(ps, Problem{Cells: []juesuan.CellRef{ref}, Expected: want + "%", Actual: pct.text + "%", Where: sec.where(), Severity: pctSeverity(v),
				Message: quote(fmt.Sprintf("%s%s率 %s%% 与金额不符：%s ÷ 上年 %s（表中本年 %s %s %s）= %s%%%s", label, m[3], pct.text, d.text, den.text, cur.Wan(), map[bool]string{true: "−", false: "+"}[up], d.text, want, pctNote(v)), sent)})
		}
	}
	return ps
}

// sangongRateItems are the total and the items with the pattern of their
// "增加 D 万元，增长 P%".
var sangongRateItems = func() []sangongItem {
	const change = `(?:支出)?(?:决算(?:数)?)?(?:支出)?(?:比上年|较上年|与上年相比|比\d{4}年度?|较\d{4}年度?|与\d{4}年度?相比)?[，,]?(增加|减少)` + amountPat + `万元[，,]?(?:同比)?(增长|下降|上升|减少|降低|增加)` + amountPat + `%`
	out := []sangongItem{{label: "“三公”经费", key: "sangong_actual", re: regexp.MustCompile(`三公”?经费(?:财政拨款)?` + change)}}
	for _, p := range []struct{ label, pat, key string }{
		{"因公出国（境）费", reAbroad, "sangong_abroad"},
		{"公务用车购置及运行费", reCars, "sangong_cars"},
		{"公务用车购置费", reCarBuy, "sangong_car_buy"},
		{"公务用车运行费", reCarRun, "sangong_car_run"},
		{"公务接待费", reReception, "sangong_reception"},
	} {
		out = append(out, sangongItem{label: p.label, key: p.key, re: regexp.MustCompile(p.pat + change)})
	}
	return out
}()
