package disclosure

import (
	"fmt"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/perf"
)

// perfBlocks prints a 绩效自评表 as declared, with the score computed by
// the sheet's own rules beside each declared score.
func perfBlocks(tpl *juesuan.Template, s *juesuan.PerfSheet) []Block {
	res, err := perf.Score(tpl, s)
	if err != nil {
		res = nil // the sheet is still printed as declared
	}
	const n = 9
	var rows [][]Cell
	row := func(cells ...Cell) {
		g := newGrid(1, n)
		col := 0
		for _, c := range cells {
			for col < n && g[0][col].Covered {
				col++
			}
			if col >= n {
				break
			}
			put(g, 0, col, c)
			col += max(c.ColSpan, 1)
		}
		rows = append(rows, g[0])
	}
	txt := func(s string, span int) Cell { return Cell{Text: s, ColSpan: span} }
	hd := func(s string, span int) Cell { return Cell{Text: s, ColSpan: span, Align: Center, Bold: true} }
	num := func(s string) Cell { return Cell{Text: s, Align: Right} }
	pts := func(p *juesuan.Points) string {
		if p == nil {
			return ""
		}
		return p.String()
	}
	amt := func(a *juesuan.Amount) string {
		if a == nil {
			return ""
		}
		return a.Wan()
	}
	row(hd("单位名称", 2), txt(s.Unit, 7))
	if s.BasicTotal != nil || s.ProjectTotal != nil {
		row(hd("基本支出总额（万元）", 2), num(amt(s.BasicTotal)), txt("", 1), hd("项目支出总额（万元）", 3), num(amt(s.ProjectTotal)), txt("", 1))
	}
	b := s.Budget
	rate := b.Rate
	computedBudget := ""
	if res != nil {
		if t := res.Budget.RateText(); t != "" {
			rate = t
		}
		computedBudget = res.Budget.Computed.String()
	}
	row(hd(fmt.Sprintf("预算执行情况（万元）（%s分）", b.Weight), 2), hd("", 2), hd("预算数（A）", 1), hd("执行数（B）", 1), hd("执行率（B/A）", 1), hd("得分（申报）", 1), hd("得分（按公式计算）", 1))
	row(txt("", 2), txt(b.Label, 2), num(b.Adjusted.Wan()), num(b.Executed.Wan()), num(rate), num(pts(b.Declared)), num(computedBudget))
	for gi, g := range s.Goals {
		row(hd(fmt.Sprintf("%s（%s分）", g.Title, g.Weight), 2), txt(g.Text, 7))
		row(hd(fmt.Sprintf("%s完成情况", g.Title), 1), hd("一级指标", 1), hd("二级指标", 1), hd("三级指标", 1), hd("年初目标值（A）", 1), hd("实际完成值（B）", 1), hd("得分（申报）", 1), hd("得分（按公式计算）", 1), hd("备注", 1))
		for ii, ind := range g.Indicators {
			computed := ""
			if res != nil && gi < len(res.Goals) && ii < len(res.Goals[gi].Indicators) {
				computed = res.Goals[gi].Indicators[ii].Computed.String()
			}
			row(txt("", 1), txt(ind.Level1, 1), txt(ind.Level2, 1), txt(fmt.Sprintf("%s（%s分）", ind.Name, ind.Weight), 1),
				num(ind.Target), num(ind.Actual), num(pts(ind.Declared)), num(computed), txt(ind.Note, 1))
		}
	}
	total := ""
	if res != nil {
		total = res.Computed.String() + "分"
		if res.Grade != "" {
			total += "（" + res.Grade + "）"
		}
	}
	declared := pts(s.Total)
	if declared != "" {
		declared += "分"
	}
	row(hd("总分", 2), hd("申报", 1), num(declared), hd("按公式计算", 2), num(total), txt("", 2))
	if s.Deviation != "" {
		row(hd("偏差大或目标未完成的原因分析", 2), txt(s.Deviation, 7))
	}
	if s.Improvement != "" {
		row(hd("改进措施及结果应用方案", 2), txt(s.Improvement, 7))
	}
	t := &Table{Title: s.Title, Sheet: "绩效自评表", Body: rows, Widths: []int{8, 8, 9, 16, 9, 9, 6, 7, 28}}
	var out []Block
	if s.Unit != "" {
		out = append(out, Block{Kind: Para, Class: "meta", Text: "单位名称：" + s.Unit})
	}
	if s.Date != "" {
		out = append(out, Block{Kind: Para, Class: "meta", Text: "填报日期：" + s.Date})
	}
	out = append(out, Block{Kind: TableBlock, Table: t})
	for i, note := range s.Notes {
		if i == 0 {
			note = "注：" + note
		}
		out = append(out, Block{Kind: Para, Class: "note", Text: note})
	}
	return out
}
