package disclosure

import (
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/perf"
)

// perfBlocks prints a 绩效自评表 as the unit declared it: group cells
// merged over their indicators, weights in the labels, one 总分. The review
// copy adds a column with the score computed by the sheet's own rules, so
// that a reviewer sees both numbers; the public copy never shows them.
func perfBlocks(tpl *juesuan.Template, s *juesuan.PerfSheet, review bool) []Block {
	var res *perf.Result
	if review {
		if r, err := perf.Score(tpl, s); err == nil {
			res = r // a sheet the rules cannot score is still printed as declared
		}
	}
	// Columns: label, 一级, 二级, 三级, 目标值, 完成值, 得分, [按公式计算], 备注.
	n := 8
	if review {
		n = 9
	}
	score := 6
	var rows [][]Cell
	next := 0
	// row fills the next row left to right, skipping columns covered by a
	// row span from above; the last cell takes the columns that remain.
	row := func(cells ...Cell) {
		if next == len(rows) {
			rows = append(rows, newGrid(1, n)[0])
		}
		i := next
		next++
		col := 0
		for k, c := range cells {
			for col < n && rows[i][col].Covered {
				col++
			}
			if col >= n {
				break
			}
			if k == len(cells)-1 {
				c.ColSpan = n - col
			}
			span := max(c.ColSpan, 1)
			c.ColSpan = span
			rs := max(c.RowSpan, 1)
			for len(rows) < i+rs {
				rows = append(rows, newGrid(1, n)[0])
			}
			put(rows, i, col, c)
			col += span
		}
	}
	txt := func(s string, span int) Cell { return Cell{Text: s, ColSpan: span} }
	mid := func(s string) Cell { return Cell{Text: s, Align: Center} }
	hd := func(s string, span int) Cell { return Cell{Text: s, ColSpan: span, Align: Center, Bold: true} }
	num := func(s string) Cell { return Cell{Text: s, Align: Center} }
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

	if s.Project != "" {
		row(hd("项目名称", 2), txt(s.Project, 1))
	}
	if s.Department != "" {
		row(hd("主管部门", 2), txt(s.Department, 1))
	}
	unitLabel := "单位名称"
	if s.Kind == juesuan.PerfSheetProject {
		unitLabel = "实施单位"
	}
	row(hd(unitLabel, 2), txt(s.Unit, 1))
	if s.BasicTotal != nil || s.ProjectTotal != nil {
		row(hd("基本支出总额（万元）", 2), num(amt(s.BasicTotal)), hd("项目支出总额（万元）", 3), num(amt(s.ProjectTotal)))
	}

	b := s.Budget
	rate := b.Rate
	if rate == "" && res != nil {
		rate = res.Budget.RateText()
	}
	if rate == "" {
		if r, ok := juesuan.Percent(b.Executed, b.Adjusted); ok {
			rate = r + "%"
		}
	}
	label := "预算执行情况（万元）"
	if s.Kind == juesuan.PerfSheetProject {
		label = "项目资金（万元）"
	}
	// A 部门整体 sheet prints no 年初预算数: its label takes that column.
	initial := b.Initial != nil || len(b.Sources) > 0
	head := []Cell{{Text: fmt.Sprintf("%s（%s分）", label, b.Weight), ColSpan: 2, RowSpan: 2 + len(b.Sources), Align: Center, Bold: true}}
	budget := []Cell{}
	if initial {
		head = append(head, hd("", 1), hd("年初预算数", 1))
		budget = append(budget, mid(b.Label), num(amt(b.Initial)))
	} else {
		head = append(head, hd("", 2))
		budget = append(budget, Cell{Text: b.Label, ColSpan: 2, Align: Center})
	}
	head = append(head, hd("预算数（A）", 1), hd("执行数（B）", 1), hd("执行率（B/A）", 1))
	if review {
		head = append(head, hd("得分（申报）", 1), hd("得分（按公式计算）", 1))
	} else {
		head = append(head, hd("得分", 1))
	}
	row(head...)
	budget = append(budget, num(b.Adjusted.Wan()), num(b.Executed.Wan()), num(rate), num(pts(b.Declared)))
	if review {
		c := ""
		if res != nil {
			c = res.Budget.Computed.String()
		}
		budget = append(budget, num(c))
	}
	row(budget...)
	for _, src := range b.Sources {
		r, _ := juesuan.Percent(deref(src.Executed), deref(src.Adjusted))
		if r != "" {
			r += "%"
		}
		row(mid(src.Label), num(amt(src.Initial)), num(amt(src.Adjusted)), num(amt(src.Executed)), num(r), txt("", 1))
	}

	for gi, g := range s.Goals {
		if g.Achieved != "" {
			row(Cell{Text: fmt.Sprintf("%s（%s分）", g.Title, g.Weight), ColSpan: 2, RowSpan: 2, Align: Center, Bold: true}, hd("预期目标", 2), txt(g.Text, 1))
			row(hd("实际完成情况", 2), txt(g.Achieved, 1))
		} else {
			row(hd(fmt.Sprintf("%s（%s分）", g.Title, g.Weight), 2), txt(g.Text, 1))
		}
		cols := []Cell{{Text: fmt.Sprintf("%s完成情况（%s分）", indicatorTitle(g.Title), g.Weight), RowSpan: 1 + len(g.Indicators), Align: Center, Bold: true},
			hd("一级指标", 1), hd("二级指标", 1), hd("三级指标", 1), hd("年初目标值（A）", 1), hd("实际完成值（B）", 1)}
		if review {
			cols = append(cols, hd("得分（申报）", 1), hd("得分（按公式计算）", 1))
		} else {
			cols = append(cols, hd("得分", 1))
		}
		row(append(cols, hd("备注", 1))...)
		spans1, spans2 := groupSpans(g.Indicators)
		for ii, ind := range g.Indicators {
			cells := []Cell{}
			if k := spans1[ii]; k > 0 {
				cells = append(cells, Cell{Text: weighted(ind.Level1, groupWeight(g, ind.Level1, "")), RowSpan: k, Align: Center})
			}
			if k := spans2[ii]; k > 0 {
				cells = append(cells, Cell{Text: weighted(ind.Level2, groupWeight(g, ind.Level1, ind.Level2)), RowSpan: k, Align: Center})
			}
			cells = append(cells, txt(fmt.Sprintf("%s（%s分）", ind.Name, ind.Weight), 1), num(ind.Target), num(ind.Actual), num(pts(ind.Declared)))
			if review {
				c := ""
				if res != nil && gi < len(res.Goals) && ii < len(res.Goals[gi].Indicators) {
					c = res.Goals[gi].Indicators[ii].Computed.String()
				}
				cells = append(cells, num(c))
			}
			row(append(cells, txt(ind.Note, 1))...)
		}
	}

	declared := pts(s.Total)
	if declared != "" {
		declared += "分"
	}
	total := []Cell{hd("总分", score), num(declared)}
	if review {
		c := ""
		if res != nil {
			c = res.Computed.String() + "分"
			if res.Grade != "" {
				c += "（" + res.Grade + "）"
			}
		}
		total = append(total, num(c))
	}
	row(append(total, txt("", 1))...)
	if s.Deviation != "" {
		row(hd("偏差大或目标未完成的原因分析", 2), txt(s.Deviation, 1))
	}
	if s.Improvement != "" {
		row(hd("改进措施及结果应用方案", 2), txt(s.Improvement, 1))
	}
	widths := []int{10, 9, 10, 16, 10, 10, 8, 27}
	if review {
		widths = []int{10, 9, 10, 15, 10, 10, 8, 8, 20}
	}
	// The heading above the sheet is its title; the table repeats it only
	// where it stands alone (a spreadsheet sheet).
	t := &Table{Sheet: "绩效自评表", Body: rows, Widths: widths, Class: "perf"}
	var out []Block
	if s.Unit != "" {
		out = append(out, Block{Kind: Para, Class: "meta", Text: "单位名称：" + s.Unit})
	}
	if s.Date != "" {
		out = append(out, Block{Kind: Para, Class: "meta", Text: "填报日期：" + s.Date})
	}
	out = append(out, Block{Kind: TableBlock, Table: t})
	for i, note := range s.Notes {
		if i == 0 && !strings.HasPrefix(note, "注") {
			note = "注：" + note
		}
		out = append(out, Block{Kind: Para, Class: "note", Text: note})
	}
	return out
}

func deref(a *juesuan.Amount) juesuan.Amount {
	if a == nil {
		return 0
	}
	return *a
}

// indicatorTitle names a goal's indicator block the way the sheets print
// it: 年度目标1 → 年度绩效指标1.
func indicatorTitle(goal string) string {
	if strings.Contains(goal, "目标") {
		return strings.Replace(goal, "目标", "绩效指标", 1)
	}
	return goal
}

// weighted prints a group label with its printed weight: 产出指标（25分）.
func weighted(label string, w *juesuan.Points) string {
	if w == nil || label == "" {
		return label
	}
	return fmt.Sprintf("%s（%s分）", label, w)
}

func groupWeight(g juesuan.PerfGoal, level1, level2 string) *juesuan.Points {
	for _, gw := range g.Groups {
		if gw.Level1 == level1 && gw.Level2 == level2 {
			w := gw.Weight
			return &w
		}
	}
	return nil
}

// groupSpans returns, for each indicator, how many rows its 一级 and 二级
// cells span (0 where the cell is merged into the one above): runs of
// equal consecutive group names are one printed cell.
func groupSpans(ins []juesuan.PerfIndicator) (l1, l2 []int) {
	l1, l2 = make([]int, len(ins)), make([]int, len(ins))
	for i := 0; i < len(ins); {
		j := i + 1
		for j < len(ins) && ins[j].Level1 == ins[i].Level1 {
			j++
		}
		l1[i] = j - i
		for k := i; k < j; {
			m := k + 1
			for m < j && ins[m].Level2 == ins[k].Level2 {
				m++
			}
			l2[k] = m - k
			k = m
		}
		i = j
	}
	return l1, l2
}
