package disclosure

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/rounding"
)

// Values returns the printed 万元 value of every cell of r: as is for data
// in 万元, balanced (舍位平衡) for data in 元 or 分. It fills blank totals
// first, as the audit does.
func Values(tpl *juesuan.Template, r *juesuan.Report) (map[juesuan.CellRef]juesuan.Amount, []rounding.Adjustment, error) {
	if err := audit.Derive(tpl, r); err != nil {
		return nil, nil, err
	}
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

	pr, err := loadPrint(tpl)
	if err != nil {
		return nil, err
	}
	add := func(b ...Block) { doc.Blocks = append(doc.Blocks, b...) }
	h1 := func(s string) {
		add(Block{Kind: Heading, Level: 1, Text: s})
		doc.TOC = append(doc.TOC, TOCEntry{1, s})
	}
	run := func(prefix string, data any) error {
		for _, name := range narrativeFiles(tpl) {
			if !strings.HasPrefix(name, prefix) {
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
			addSection(doc, bs)
		}
		return nil
	}

	no := 0
	for pi, part := range pr.Parts {
		if part.Content == "keywork" && len(r.KeyWork.Sections) == 0 && len(r.KeyWork.Table) == 0 {
			continue
		}
		no++
		title, err := fill(tpl, part.Title, map[string]any{"No": ChineseNumber(no), "Unit": unit, "Year": r.Year, "Kind": r.Document.DocKind(), "Org": r.Document.Org()})
		if err != nil {
			return nil, err
		}
		if pi > 0 {
			add(Block{Kind: PageBreak})
		}
		h1(title)
		switch part.Content {
		case "narrative":
			if part.Published && published(doc, r) {
				continue // the sections as the unit printed them
			}
			if err := run(part.Narrative, data); err != nil {
				return nil, err
			}
		case "glossary":
			if len(r.Glossary.Terms) > 0 && importedDoc(r) {
				for i, t := range r.Glossary.Terms {
					add(Block{Kind: Para, Text: ChineseNumber(i+1) + "、" + t.Title + "：" + t.Text})
				}
				continue
			}
			if err := run(part.Narrative, glossaryData(tpl, r)); err != nil {
				return nil, err
			}
		case "tables":
			if err := addTables(doc, tpl, r, vals, pr, notes, ids, unit, opt); err != nil {
				return nil, err
			}
		case "keywork":
			addKeyWork(doc, r)
		}
	}

	if opt.Review && len(adj) == 0 {
		if off, fixes := drifts(ids, vals); len(off) > 0 {
			add(Block{Kind: PageBreak})
			add(driftBlocks(off, fixes, vals)...)
		}
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

func emptyStatement(tpl *juesuan.Template, r *juesuan.Report, ts *juesuan.TableSpec, pr *Print) (string, error) {
	name := pr.Empty
	if _, ok := tpl.Files[name]; !ok {
		return "本表无数据。", nil
	}
	what := strings.TrimSuffix(ts.Title, "决算表")
	bs, err := runNarrative(tpl, name, map[string]any{"Year": r.Year, "Unit": r.Unit.Name, "What": what, "Table": ts.Number}, nil)
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

// addSection appends a narrative section, listing its headings in the 目录.
func addSection(doc *Document, bs []Block) {
	for _, b := range bs {
		if b.Kind == Heading && b.Level == 2 {
			doc.TOC = append(doc.TOC, TOCEntry{2, b.Text})
		}
	}
	doc.Blocks = append(doc.Blocks, bs...)
}

// addTables lays out the year's tables, each on a page of its own.
func addTables(doc *Document, tpl *juesuan.Template, r *juesuan.Report, vals map[juesuan.CellRef]juesuan.Amount, pr *Print, notes map[int][]string, ids []rounding.Identity, unit string, opt Options) error {
	imported := importedDoc(r)
	var emptyLines []string
	if imported {
		emptyLines = strings.Split(strings.TrimSpace(r.Published.EmptyTables), "\n")
	}
	i := -1
	for _, ts := range r.Tables(tpl) {
		if ts.IsGeneric() && len(r.RowsOf(ts)) == 0 {
			continue // known by title only, and not printed: nothing to lay out
		}
		i++
		t, err := buildTable(tpl, r, vals, ts, ids, unit, pr)
		if err != nil {
			return err
		}
		switch {
		case imported:
			// The notes as the document printed them, none added.
			if n := strings.TrimSpace(r.Published.Notes[ts.Number]); n != "" {
				t.Notes = append(t.Notes, n)
			}
		default:
			if pr.Descriptions && ts.Description != "" {
				t.Notes = append(t.Notes, "注："+ts.Description)
			}
			if lines := notes[ts.Number]; pr.Formulas && len(lines) > 0 {
				t.Notes = append(t.Notes, strings.Join(lines, ""))
			}
		}
		if r.TableEmpty(ts.Number) && !ts.IsGeneric() {
			if line := printedEmpty(emptyLines, ts); line != "" {
				t.Empty = line
			} else {
				s, err := emptyStatement(tpl, r, ts, pr)
				if err != nil {
					return err
				}
				t.Empty = s
			}
		}
		doc.Tables = append(doc.Tables, t)
		title := fmt.Sprintf("%s、%s", ChineseNumber(i+1), ts.Title)
		if pr.Dept {
			title += fmt.Sprintf("(表%d)", ts.Number)
		}
		doc.TOC = append(doc.TOC, TOCEntry{2, title})
		if i > 0 {
			doc.Blocks = append(doc.Blocks, Block{Kind: PageBreak})
		}
		doc.Blocks = append(doc.Blocks, Block{Kind: TableBlock, Table: t})
	}
	return nil
}

// importedDoc tells a report read from a published document, whose
// 情况说明 sections were kept as printed with their numbered headings,
// from one prepared here (whose kept sentences, if any, serve the audit
// only): the first is rendered as it was published, the second is written
// by the family's narrative.
func importedDoc(r *juesuan.Report) bool {
	if len(r.Published.Sections) == 0 {
		return false
	}
	for k, v := range r.Published.Sections {
		if !strings.HasPrefix(strings.TrimSpace(v), k+"、") {
			return false
		}
	}
	return true
}

// printedEmpty picks the 空表说明 line the document printed for ts: the
// one naming the table's subject.
func printedEmpty(lines []string, ts *juesuan.TableSpec) string {
	keys := []string{}
	if ts.EmptyNote != "" {
		keys = append(keys, ts.EmptyNote)
	}
	if rs := []rune(ts.Title); len(rs) >= 4 {
		keys = append(keys, string(rs[:4]))
	}
	for _, l := range lines {
		l = strings.TrimSpace(l)
		for _, k := range keys {
			if l != "" && strings.Contains(l, k) {
				return l
			}
		}
	}
	return ""
}

// published writes the 情况说明 sections as the unit printed them, in
// their printed order; it reports false when the report has none.
func published(doc *Document, r *juesuan.Report) bool {
	if !importedDoc(r) {
		return false
	}
	type sec struct {
		n    int
		text string
	}
	var secs []sec
	for k, v := range r.Published.Sections {
		secs = append(secs, sec{chineseValue(k), v})
	}
	sort.Slice(secs, func(i, j int) bool { return secs[i].n < secs[j].n })
	for _, s := range secs {
		var bs []Block
		for j, line := range strings.Split(s.text, "\n") {
			line = strings.TrimSpace(line)
			switch {
			case line == "":
			case j == 0:
				bs = append(bs, Block{Kind: Heading, Level: 2, Text: line})
			case reSubhead.MatchString(line) && len([]rune(line)) < 40:
				bs = append(bs, Block{Kind: Heading, Level: 3, Text: line})
			default:
				bs = append(bs, Block{Kind: Para, Text: line})
			}
		}
		addSection(doc, bs)
	}
	return true
}

// reSubhead is a printed subsection heading: （一）…
var reSubhead = regexp.MustCompile(`^[（(][一二三四五六七八九十]+[）)]`)

// chineseValue reads 一 … 九十九 back; 0 for anything else.
func chineseValue(s string) int {
	for n := 1; n < 100; n++ {
		if ChineseNumber(n) == s {
			return n
		}
	}
	return 0
}

func addKeyWork(doc *Document, r *juesuan.Report) {
	add := func(b ...Block) { doc.Blocks = append(doc.Blocks, b...) }
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
