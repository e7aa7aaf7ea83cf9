package disclosure

import (
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/rounding"
	"github.com/juesuan/juesuan/internal/rule/eval"
)

// Values returns the printed 万元 value of every cell of r: as is for data
// in 万元, balanced (舍位平衡) for data in 元 or 分. It fills blank totals
// first, as the audit does.
func Values(tpl *juesuan.Template, r *juesuan.Report) (map[juesuan.CellRef]juesuan.Amount, []rounding.Adjustment, error) {
	p, err := audit.Program(tpl)
	if err != nil {
		return nil, nil, err
	}
	eval.Derive(p, r)
	if !rounding.NeedsBalance(r) {
		return rounding.Plain(r), nil, nil
	}
	res := rounding.Balance(tpl, r)
	return res.Values, res.Adjustments, nil
}

// Build makes the public disclosure document of r.
func Build(tpl *juesuan.Template, r *juesuan.Report) (*Document, error) {
	return BuildWith(tpl, r, Options{})
}

// BuildWith makes the public copy or, with opt.Review, the review copy.
func BuildWith(tpl *juesuan.Template, r *juesuan.Report, opt Options) (*Document, error) {
	vals, adj, err := Values(tpl, r)
	if err != nil {
		return nil, err
	}
	p, err := audit.Program(tpl)
	if err != nil {
		return nil, err
	}
	notes := p.Notes()
	ids := rounding.Identities(tpl, r)
	unit := strings.TrimSpace(r.Unit.Name)
	if unit == "" {
		unit = "本单位"
	}
	doc := &Document{Unit: unit, Year: r.Year, Date: r.Document.Date, Rounding: adj, Review: opt.Review}
	doc.Title = fmt.Sprintf("%d年度%s%s", r.Year, unit, r.Document.DocKind())
	data := buildData(tpl, r, vals)
	charts := buildCharts(tpl, r, data)
	doc.Charts = charts
	chartByID := map[string]*Chart{}
	for _, c := range charts {
		chartByID[c.ID] = c
	}

	add := func(b ...Block) { doc.Blocks = append(doc.Blocks, b...) }
	h1 := func(s string) {
		add(Block{Kind: Heading, Level: 1, Text: s})
		doc.TOC = append(doc.TOC, TOCEntry{1, s})
	}
	run := func(prefix string, data any) error {
		for _, name := range narrativeFiles(tpl) {
			if !strings.HasPrefix(strings.TrimPrefix(name, narrativeDir), prefix) {
				continue
			}
			bs, err := runNarrative(tpl, name, data, chartByID)
			if err != nil {
				return err
			}
			if len(bs) == 1 && bs[0].Kind == Heading {
				// Nothing to say: the section's table is not in the year's
				// layout (no 三公 table); a bare heading is left out.
				continue
			}
			for _, b := range bs {
				if b.Kind == Heading && b.Level == 2 {
					doc.TOC = append(doc.TOC, TOCEntry{2, b.Text})
				}
			}
			add(bs...)
		}
		return nil
	}

	// 第一部分 概况
	h1(fmt.Sprintf("第一部分 %s概况", unit))
	if err := run("1-", data); err != nil {
		return nil, err
	}

	// 第二部分 the year's tables
	add(Block{Kind: PageBreak})
	h1(fmt.Sprintf("第二部分 %s%d年度%s表", unit, r.Year, r.Document.DocKind()))
	i := -1
	for _, ts := range r.Tables(tpl) {
		if ts.IsGeneric() && len(r.RowsOf(ts)) == 0 {
			continue // known by title only, and not printed: nothing to lay out
		}
		i++
		t := buildTable(tpl, r, vals, ts, ids, unit)
		if ts.Description != "" {
			t.Notes = append(t.Notes, "注："+ts.Description)
		}
		if lines := notes[ts.Number]; len(lines) > 0 {
			t.Notes = append(t.Notes, strings.Join(lines, ""))
		}
		if r.TableEmpty(ts.Number) && !ts.IsGeneric() {
			bs, err := emptyStatement(tpl, r, ts)
			if err != nil {
				return nil, err
			}
			t.Empty = bs
		}
		doc.Tables = append(doc.Tables, t)
		title := fmt.Sprintf("%s、%s(表%d)", ChineseNumber(i+1), ts.Title, ts.Number)
		doc.TOC = append(doc.TOC, TOCEntry{2, title})
		if i > 0 {
			add(Block{Kind: PageBreak})
		}
		add(Block{Kind: TableBlock, Table: t})
	}

	// 第三部分 情况说明
	add(Block{Kind: PageBreak})
	h1(fmt.Sprintf("第三部分 %s%d年度%s情况说明", unit, r.Year, r.Document.DocKind()))
	if err := run("3-", data); err != nil {
		return nil, err
	}

	// 第四部分 重点工作
	if len(r.KeyWork.Sections) > 0 || len(r.KeyWork.Table) > 0 {
		add(Block{Kind: PageBreak})
		h1(fmt.Sprintf("第四部分 %d年重点工作完成情况", r.Year))
		for i, s := range r.KeyWork.Sections {
			add(Block{Kind: Heading, Level: 2, Text: ChineseNumber(i+1) + "、" + s.Title})
			for _, p := range s.Paragraphs {
				add(Block{Kind: Para, Text: p})
			}
			for j, sub := range s.Sections {
				text := strings.Join(sub.Paragraphs, "")
				if sub.Title != "" {
					text = sub.Title + "：" + text
				}
				add(Block{Kind: Para, Text: "（" + ChineseNumber(j+1) + "）" + text})
			}
		}
		if t := keyWorkTable(r.KeyWork.Table); t != nil {
			add(Block{Kind: TableBlock, Table: t})
		}
	}

	// 第五部分 名词解释
	add(Block{Kind: PageBreak})
	h1("第五部分 名词解释")
	if err := run("5-", glossaryData(tpl, r)); err != nil {
		return nil, err
	}

	// 绩效自评表
	for i := range r.PerfSheets {
		s := &r.PerfSheets[i]
		add(Block{Kind: PageBreak})
		title := s.Title
		if title == "" {
			title = fmt.Sprintf("%d年度%s绩效自评表", r.Year, s.Kind)
		}
		add(Block{Kind: Heading, Level: 1, Text: title})
		doc.TOC = append(doc.TOC, TOCEntry{1, title})
		add(perfBlocks(tpl, s, opt.Review)...)
	}
	return doc, nil
}

func emptyStatement(tpl *juesuan.Template, r *juesuan.Report, ts *juesuan.TableSpec) (string, error) {
	name := "2-empty.tmpl"
	if _, ok := tpl.Files[narrativeDir+name]; !ok {
		return "本表无数据。", nil
	}
	what := strings.TrimSuffix(ts.Title, "决算表")
	bs, err := runNarrative(tpl, narrativeDir+name, map[string]any{"Year": r.Year, "Unit": r.Unit.Name, "What": what, "Table": ts.Number}, nil)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, b := range bs {
		parts = append(parts, b.Text)
	}
	return strings.Join(parts, ""), nil
}

func keyWorkTable(rows [][]string) *Table {
	if len(rows) == 0 {
		return nil
	}
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	t := &Table{Title: "重点工作完成情况表", Sheet: "重点工作", Header: newGrid(1, n), Body: newGrid(len(rows)-1, n)}
	for j, s := range rows[0] {
		put(t.Header, 0, j, Cell{Text: s, Align: Center, Bold: true})
	}
	for i, r := range rows[1:] {
		for j, s := range r {
			al := Left
			if j == 0 {
				al = Center
			}
			put(t.Body, i, j, Cell{Text: s, Align: al})
		}
	}
	t.Widths = fit([]int{6, 16, 36, 42}, n)
	return t
}
