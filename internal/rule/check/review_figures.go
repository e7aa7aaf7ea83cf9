package check

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/juesuan/juesuan"
)

// 说明 六 may give the 人员经费 and 公用经费 items with amounts ("基本工资
// 389.12 万元"); each must be 表6's figure for the item of that name.
var reNamedAmount = regexp.MustCompile(`([\p{Han}（）()]{2,24}?)(?:支出)?(?:为|共计|合计)?` + amountPat + `万元`)

func basicItems(env *Env) []Problem {
	col, ok := keyCell(env, "personnel_total")
	if !ok {
		return nil
	}
	ts, _ := env.T.Table(col.Table)
	byName := map[string]string{}
	for rr, name := range env.R.RowNames {
		if rr.Table == ts.Number {
			byName[normName(compact(name))] = rr.Row
		}
	}
	var ps []Problem
	for _, sec := range publishedSections(env.R) {
		if !strings.Contains(sec.Text, "人员经费") || !strings.Contains(sec.Text, "公用经费") {
			continue
		}
		for _, sent := range sentences(sec.Text) {
			for _, m := range reNamedAmount.FindAllStringSubmatch(sent, -1) {
				// The whole label must be a row's name (after the words
				// that introduce a list): a fragment of a misread name
				// ("费") is no name.
				label := normName(m[1])
				for _, w := range []string{"其中", "主要包括", "包括", "主要是", "分别是", "为"} {
					label = strings.TrimPrefix(label, w)
				}
				code, ok := byName[label]
				if !ok || len([]rune(label)) < 2 {
					continue
				}
				n, ok := parseNumber(m[2])
				if !ok {
					continue
				}
				ref := juesuan.CellRef{Table: ts.Number, Row: code, Col: col.Col}
				v := env.R.Cells[ref]
				if sameAmount(n, v) {
					continue
				}
				ps = append(ps, Problem{Cells: []juesuan.CellRef{ref}, Expected: v.Wan(), Actual: n.text, Where: sec.where(),
					Message: quote(fmt.Sprintf("说明所写%s %s 万元与%s %s 的 %s 万元不符", label, n.text, ts.Code(), code, v.Wan()), sent)})
			}
		}
	}
	return ps
}

// 政府采购: the total is the sum of 货物, 工程 and 服务 (each rounded), and
// the 中小企业 share is judged fairly.
var (
	reProcTotal = regexp.MustCompile(`政府采购(?:支出|金额)(?:总额)?[^。；]{0,20}?为` + amountPat + `万元`)
	reProcPart  = map[string]*regexp.Regexp{
		"货物": regexp.MustCompile(`货物(?:类)?采购(?:合同)?(?:金额|支出)?(?:为)?` + amountPat + `万元`),
		"工程": regexp.MustCompile(`工程(?:类)?采购(?:合同)?(?:金额|支出)?(?:为)?` + amountPat + `万元`),
		"服务": regexp.MustCompile(`服务(?:类)?采购(?:合同)?(?:金额|支出)?(?:为)?` + amountPat + `万元`),
	}
	reSMEShare = regexp.MustCompile(`授予中小企业合同金额(?:为)?` + amountPat + `万元[，,]占政府采购(?:支出|合同)?(?:总额|金额)?的` + amountPat + `%`)
)

func procurement(env *Env) []Problem {
	var ps []Problem
	for _, sec := range publishedSections(env.R) {
		tm := reProcTotal.FindStringSubmatchIndex(sec.Text)
		if tm == nil {
			continue
		}
		total, ok := parseNumber(sec.Text[tm[2]:tm[3]])
		if !ok {
			continue
		}
		// The parts follow the total in the same paragraph.
		para := sec.Text[tm[0]:]
		if i := strings.Index(para, "\n"); i >= 0 {
			para = para[:i]
		}
		sum, tol := new(big.Rat), total.half()
		var parts []string
		for _, k := range []string{"货物", "工程", "服务"} {
			m := reProcPart[k].FindStringSubmatch(para)
			if m == nil {
				sum = nil
				break
			}
			n, ok := parseNumber(m[1])
			if !ok {
				sum = nil
				break
			}
			sum.Add(sum, n.rat)
			tol = new(big.Rat).Add(tol, n.half())
			parts = append(parts, k+n.text)
		}
		if sum != nil {
			d := new(big.Rat).Sub(sum, total.rat)
			if d.Abs(d).Cmp(tol) > 0 {
				end := strings.IndexAny(para, "。")
				if end < 0 {
					end = len(para)
				}
				ps = append(ps, Problem{Expected: total.text, Actual: sum.FloatString(2), Where: sec.where(),
					Message: quote(fmt.Sprintf("政府采购金额 %s 万元不等于货物、工程、服务采购之和 %s 万元（%s）", total.text, sum.FloatString(2), strings.Join(parts, "、")), para[:end])})
			}
		}
		if m := reSMEShare.FindStringSubmatch(para); m != nil {
			sme, ok1 := parseNumber(m[1])
			pct, ok2 := parseNumber(m[2])
			if ok1 && ok2 && !total.isZero() {
				if v, want := judgePercent(sme, total, pct); v != pctFair {
					ps = append(ps, Problem{Expected: want + "%", Actual: pct.text + "%", Where: sec.where(), Severity: pctSeverity(v),
						Message: quote(fmt.Sprintf("授予中小企业合同金额占比 %s%% 与所列金额不符：%s ÷ %s = %s%%%s", pct.text, sme.text, total.text, want, pctNote(v)), m[0])})
				}
			}
		}
	}
	return ps
}
