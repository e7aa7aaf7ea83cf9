package audit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/juesuan/juesuan"
)

// The narrative check compares the amounts and shares that the published
// 情况说明 states with what the tables give, and quotes the sentence.
func init() { Register(narrativeCheck) }

// claim is a phrase of the 说明 and the table figures it states.
type claim struct {
	section string // 一 … 六; "" for any
	label   *regexp.Regexp
	cells   []juesuan.CellRef // summed
	den     []juesuan.CellRef // share denominator (占…%)
}

func ref(t int, row, col string) juesuan.CellRef {
	return juesuan.CellRef{Table: t, Row: row, Col: col}
}

var claims = []claim{
	{section: "一", label: regexp.MustCompile(`(?:收、支总计|收入支出总计|收支总计)$`), cells: []juesuan.CellRef{ref(1, "30", "1")}},
	{section: "二", label: regexp.MustCompile(`(?:本年)?收入合计$`), cells: []juesuan.CellRef{ref(1, "27", "1")}},
	{section: "二", label: regexp.MustCompile(`财政拨款收入$`), cells: []juesuan.CellRef{ref(1, "1", "1"), ref(1, "2", "1"), ref(1, "3", "1")}, den: []juesuan.CellRef{ref(1, "27", "1")}},
	{section: "二", label: regexp.MustCompile(`其他收入$`), cells: []juesuan.CellRef{ref(1, "8", "1")}, den: []juesuan.CellRef{ref(1, "27", "1")}},
	{section: "三", label: regexp.MustCompile(`(?:本年)?支出合计$`), cells: []juesuan.CellRef{ref(1, "57", "2")}},
	{section: "三", label: regexp.MustCompile(`基本支出$`), cells: []juesuan.CellRef{ref(3, "total", "2")}, den: []juesuan.CellRef{ref(1, "57", "2")}},
	{section: "三", label: regexp.MustCompile(`项目支出$`), cells: []juesuan.CellRef{ref(3, "total", "3")}, den: []juesuan.CellRef{ref(1, "57", "2")}},
	{section: "四", label: regexp.MustCompile(`财政拨款(?:收、支总计|收入支出总计|收支总计)$`), cells: []juesuan.CellRef{ref(4, "32", "1")}},
	{section: "六", label: regexp.MustCompile(`基本支出$`), cells: []juesuan.CellRef{ref(5, "total", "2")}},
	{section: "六", label: regexp.MustCompile(`人员经费$`), cells: []juesuan.CellRef{ref(6, "personnel", "1")}},
	{section: "六", label: regexp.MustCompile(`公用经费$`), cells: []juesuan.CellRef{ref(6, "public", "1")}},
}

var (
	reStated   = regexp.MustCompile(`([\p{Han}、“”"]{2,30})[（(]?类?[）)]?(?:支出)?\s*(?:为|是)?\s*(\d[\d,]*(?:\.\d+)?)\s*万元(?:[，,]\s*占[^0-9，。；]{0,12}?(\d+(?:\.\d+)?)\s*%)?`)
	reSentence = regexp.MustCompile(`[^。；\n]+[。；]?`)
	reClass    = regexp.MustCompile(`^(.+?)[（(]类[）)]$`)
)

func narrativeCheck(t *juesuan.Template, r *juesuan.Report) []juesuan.Finding {
	var out []juesuan.Finding
	for _, sec := range []string{"一", "二", "三", "四", "五", "六"} {
		text := r.Published.Sections[sec]
		for _, sent := range reSentence.FindAllString(text, -1) {
			for _, m := range reStated.FindAllStringSubmatch(sent, -1) {
				label := strings.TrimSpace(m[1])
				stated, err := juesuan.ParseAmount(m[2], juesuan.UnitWanyuan)
				if err != nil {
					continue
				}
				cells, den := match(r, sec, label, sent)
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
					want, ok := juesuan.Percent(sum, d)
					if ok && !samePercent(m[3], want) {
						out = append(out, finding("N2.narrative-share", sec, sent, append(cells, den...), want+"%", m[3]+"%",
							fmt.Sprintf("情况说明%s所写%s占比 %s%% 与表中数计算的 %s%% 不符", sec, label, m[3], want)))
					}
				}
			}
		}
	}
	return out
}

// match finds the table cells a label of section sec states; 五 names 类
// of 表5 ("社会保障和就业(类)支出 18.95 万元，占 15.48%").
func match(r *juesuan.Report, sec, label, sent string) (cells, den []juesuan.CellRef) {
	for _, c := range claims {
		if c.section == sec && c.label.MatchString(label) {
			return c.cells, c.den
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
	for rr, n := range r.RowNames {
		if rr.Table == 5 && juesuan.CodeLevel(rr.Row) == 1 && name != "" && strings.TrimSuffix(n, "支出") == name {
			return []juesuan.CellRef{ref(5, rr.Row, "1")}, []juesuan.CellRef{ref(5, "total", "1")}
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

func samePercent(stated, want string) bool {
	a, err1 := juesuan.ParseAmount(stated, juesuan.UnitYuan)
	b, err2 := juesuan.ParseAmount(want, juesuan.UnitYuan)
	if err1 != nil || err2 != nil {
		return true
	}
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= 1 // 0.01 percentage point
}

func finding(rule, sec, sent string, cells []juesuan.CellRef, expected, actual, msg string) juesuan.Finding {
	var cs []string
	for _, c := range cells {
		cs = append(cs, c.String())
	}
	return juesuan.Finding{Rule: rule, Severity: juesuan.SevWarning, Cells: cs, Expected: expected, Actual: actual,
		Message: fmt.Sprintf("%s：“%s”", msg, strings.TrimSpace(sent))}
}
