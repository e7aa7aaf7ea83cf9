package audit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/memo"
	"github.com/juesuan/juesuan/internal/rule/check"
)

// The narrative check compares the amounts and shares that the published
// 情况说明 states with what the tables give, and quotes the sentence.
func init() { Register(narrativeCheck) }

// claim is a phrase of the 说明 and the named cells it states.
type claim struct {
	section string // 一 … 六; "" for any
	label   *regexp.Regexp
	cells   []string // keys, summed
	den     []string // keys of the share denominator (占…%)
}

var claims = []claim{
	{section: "一", label: regexp.MustCompile(`(?:收、支总计|收入支出总计|收支总计)$`), cells: []string{"income_total"}},
	{section: "二", label: regexp.MustCompile(`(?:本年)?收入合计$`), cells: []string{"income_year"}},
	{section: "二", label: regexp.MustCompile(`财政拨款收入$`), cells: []string{"income_general", "income_fund", "income_capital"}, den: []string{"income_year"}},
	{section: "二", label: regexp.MustCompile(`其他收入$`), cells: []string{"income_other"}, den: []string{"income_year"}},
	{section: "三", label: regexp.MustCompile(`(?:本年)?支出合计$`), cells: []string{"expense_year"}},
	{section: "三", label: regexp.MustCompile(`基本支出$`), cells: []string{"expense_basic"}, den: []string{"expense_year"}},
	{section: "三", label: regexp.MustCompile(`项目支出$`), cells: []string{"expense_project"}, den: []string{"expense_year"}},
	{section: "四", label: regexp.MustCompile(`财政拨款(?:收、支总计|收入支出总计|收支总计)$`), cells: []string{"fiscal_total"}},
	{section: "六", label: regexp.MustCompile(`基本支出$`), cells: []string{"general_basic"}},
	{section: "六", label: regexp.MustCompile(`人员经费$`), cells: []string{"personnel_total"}},
	{section: "六", label: regexp.MustCompile(`公用经费$`), cells: []string{"public_total"}},
}

// cellsOf resolves keys, leaving out the cells the year's layout does not
// print.
func cellsOf(t *juesuan.Template, keys []string) []juesuan.CellRef {
	var out []juesuan.CellRef
	for _, k := range keys {
		if c, ok := t.Key(k); ok {
			out = append(out, c)
		}
	}
	return out
}

var (
	reStated   = regexp.MustCompile(`([\p{Han}、“”"]{2,30})[（(]?类?[）)]?(?:支出)?\s*(?:为|是)?\s*(\d[\d,]*(?:\.\d+)?)\s*万元(?:[，,]\s*占[^0-9，。；]{0,12}?(\d+(?:\.\d+)?)\s*%)?`)
	reSentence = regexp.MustCompile(`[^。；\n]+[。；]?`)
	reClass    = regexp.MustCompile(`^(.+?)[（(]类[）)]$`)
)

// stated is an amount a sentence of the narrative states, as reStated
// matched it.
type stated struct {
	sent string
	m    []string
}

// statedMemo keeps each section's stated amounts: a save re-audits the
// same narrative.
var statedMemo = memo.New(func(text string) []stated {
	var out []stated
	for _, sent := range reSentence.FindAllString(text, -1) {
		for _, m := range reStated.FindAllStringSubmatch(sent, -1) {
			out = append(out, stated{sent, m})
		}
	}
	return out
})

func narrativeCheck(t *juesuan.Template, r *juesuan.Report) []juesuan.Finding {
	var out []juesuan.Finding
	for _, sec := range []string{"一", "二", "三", "四", "五", "六"} {
		text := r.Published.Sections[sec]
		for _, st := range statedMemo.Get(text) {
			sent, m := st.sent, st.m
			label := strings.TrimSpace(m[1])
			stated, err := juesuan.ParseAmount(m[2], juesuan.UnitWanyuan)
			if err != nil {
				continue
			}
			cells, den := match(t, r, sec, label, sent)
			if cells == nil {
				continue
			}
			var sum juesuan.Amount
			present := false
			for _, c := range cells {
				if v, ok := r.Cells[c]; ok {
					sum += v
					present = true
				}
			}
			if !present {
				continue
			}
			if !sameAtPrecision(stated, sum, m[2]) {
				out = append(out, finding("N1.narrative-amount", sec, sent, cells, sum.Wan(), m[2],
					fmt.Sprintf("情况说明%s所写%s %s 万元与表中数 %s 万元不符", sec, label, m[2], sum.Wan())))
			}
			if m[3] != "" && den != nil {
				var d juesuan.Amount
				for _, c := range den {
					d += r.Cells[c]
				}
				// Fair: wrong only when no figures within the
				// rounding of the printed cells give the share.
				if sev, want, ok := check.ShareVerdict(sum, d, len(cells), len(den), m[3]); ok && sev != "" {
					f := finding("N2.narrative-share", sec, sent, append(cells, den...), want+"%", m[3]+"%",
						fmt.Sprintf("情况说明%s所写%s占比 %s%% 与表中数计算的 %s%% 不符", sec, label, m[3], want))
					f.Severity = sev
					out = append(out, f)
				}
			}
		}
	}
	return out
}

// match finds the table cells a label of section sec states; 五 names 类
// of the 一般公共预算财政拨款支出决算表 ("社会保障和就业(类)支出 18.95 万元，
// 占 15.48%"). A claim whose cells the layout does not print is not checked.
func match(t *juesuan.Template, r *juesuan.Report, sec, label, sent string) (cells, den []juesuan.CellRef) {
	for _, c := range claims {
		if c.section == sec && c.label.MatchString(label) {
			cells := cellsOf(t, c.cells)
			if len(cells) == 0 {
				return nil, nil
			}
			return cells, cellsOf(t, c.den)
		}
	}
	if sec != "五" || !strings.Contains(sent, "类") {
		return nil, nil
	}
	name := label
	if m := reClass.FindStringSubmatch(label); m != nil {
		name = m[1]
	}
	name = strings.TrimSuffix(strings.Trim(name, "：:，, "), "支出")
	if i := strings.LastIndexAny(name, "：:，,；"); i >= 0 {
		name = name[i+len("："):]
	}
	ts, ok := t.KeyTable("general_col_total")
	if !ok {
		return nil, nil
	}
	for rr, n := range r.RowNames {
		if rr.Table == ts.Number && juesuan.CodeLevel(rr.Row) == 1 && name != "" && strings.TrimSuffix(n, "支出") == name {
			c, _ := t.At("general_col_total", rr.Row)
			return []juesuan.CellRef{c}, cellsOf(t, []string{"general_total"})
		}
	}
	return nil, nil
}

// sameAtPrecision compares a stated amount with the table at the
// precision the text used ("6.2 万元" matches 6.20; "0.3 万元" does not
// match 2961.68).
func sameAtPrecision(stated, table juesuan.Amount, text string) bool {
	dec := 0
	if _, frac, ok := strings.Cut(text, "."); ok {
		dec = len(frac)
	}
	step := juesuan.Wanyuan
	for i := 0; i < dec && step > juesuan.Cent; i++ {
		step /= 10
	}
	return table.RoundTo(step) == stated.RoundTo(step)
}

func finding(rule, sec, sent string, cells []juesuan.CellRef, expected, actual, msg string) juesuan.Finding {
	var cs []string
	for _, c := range cells {
		cs = append(cs, c.String())
	}
	return juesuan.Finding{Rule: rule, Severity: juesuan.SevWarning, Cells: cs, Expected: expected, Actual: actual,
		Message: fmt.Sprintf("%s：“%s”", msg, strings.TrimSpace(sent))}
}
