package importer

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// Generic tables are known by their title alone (the template's
// RowsGeneric tables) or not at all (a title no template table has): the
// printed rows become rows 1, 2, … named by their labels, the amount
// columns in printed order become columns 1…k named by the header above
// them. Nothing else is assumed of them.

// genericRow is one printed row of a generic table.
type genericRow struct {
	label string
	line  textimport.Line
	amts  []amt
	cols  []int // 0-based column of each amount
}

// genericTable is what a generic section's lines say.
type genericTable struct {
	heads []string // printed header of each column ("" when none)
	rows  []genericRow
	diags []Diag
}

// reGenericMeta matches the lines above or under a table that are not
// part of it: 部门：…, 单位：万元, 编制单位.
var reGenericMeta = regexp.MustCompile(`^(?:部门|单位|编制单位|填报单位|金额单位|公开部门)[:：]`)

// readGeneric reads the lines of a generic section: the lines before the
// first amount are the header, each later line with an amount or a label is
// a row. maxCols bounds the columns (the declared ones, or the limit).
func readGeneric(lines []textimport.Line, unit juesuan.MoneyUnit, maxCols int) genericTable {
	var out genericTable
	head, body := header(lines)
	if len(body) == 0 {
		return out
	}
	cols := amountColumns(body)
	tol := columnTolerance(cols)
	// Amounts are right-aligned: an amount is in the column whose right
	// edge is nearest its own.
	amountCol := func(c textimport.Cell) int {
		best, dist := -1, math.Inf(1)
		for i, col := range cols {
			if d := math.Abs(c.End - col.end); d < dist {
				best, dist = i, d
			}
		}
		if dist > tol {
			return -1
		}
		return best
	}
	// Headers are centred over their column (or start a tab field): a
	// header cell heads the column whose span holds its centre, else the
	// nearest column within the tolerance.
	headCol := func(c textimport.Cell) int {
		x := c.Center()
		best, dist := -1, math.Inf(1)
		for i, col := range cols {
			d := 0.0
			if x < col.x {
				d = col.x - x
			} else if x > col.end {
				d = x - col.end
			}
			if d < dist {
				best, dist = i, d
			}
		}
		if dist > tol {
			return -1
		}
		return best
	}
	// Header: for each column, the printed text nearest above the body
	// (the lowest header line with a cell over the column); 栏次 lines
	// (1 2 3) and the label column's headers, left of the amounts, are
	// skipped.
	out.heads = make([]string, len(cols))
	headKeys := map[string]bool{}
	left := math.Inf(1)
	if len(cols) > 0 {
		left = cols[0].x
	}
	for i := len(head) - 1; i >= 0; i-- {
		l := head[i]
		headKeys[norm(l.Text())] = true
		if genericMeta(l) {
			continue
		}
		for _, c := range l.Cells {
			t := strings.TrimSpace(width(c.Text))
			if t == "" || reInt.MatchString(t) || t == "栏次" || c.End < left {
				continue
			}
			if j := headCol(c); j >= 0 && out.heads[j] == "" {
				out.heads[j] = t
			}
		}
	}
	for _, l := range body {
		if genericMeta(l) || headKeys[norm(l.Text())] {
			continue // a header repeated on a continuation page
		}
		var row genericRow
		var text []string
		for _, c := range l.Cells {
			t := strings.TrimSpace(width(c.Text))
			if IsAmount(t) {
				v, err := juesuan.ParseAmount(t, unit)
				if err != nil {
					out.diags = append(out.diags, Diag{Page: l.Page, Line: l.No, Text: c.Text, Msg: "金额无法识别：" + err.Error()})
					continue
				}
				j := amountCol(c)
				if j < 0 || j >= maxCols {
					out.diags = append(out.diags, Diag{Page: l.Page, Line: l.No, Text: c.Text, Msg: "金额不在任何一栏之下，无法放置"})
					continue
				}
				row.amts = append(row.amts, amt{cell: c, line: l, v: v})
				row.cols = append(row.cols, j)
				continue
			}
			if t != "" {
				text = append(text, t)
			}
		}
		row.label = genericLabel(text)
		if row.label == "" && len(row.amts) == 0 {
			continue
		}
		row.line = l
		out.rows = append(out.rows, row)
	}
	return out
}

// genericLabel joins a row's text cells; a printed 行次 beside a label is
// dropped (the row's place is its address), a label that is only a number
// is kept.
func genericLabel(text []string) string {
	var kept []string
	for _, t := range text {
		if !reInt.MatchString(t) {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		kept = text
	}
	return strings.Join(kept, " ")
}

func genericMeta(l textimport.Line) bool {
	return reGenericMeta.MatchString(norm(l.Text()))
}

// column is one printed amount column: the span of its amounts.
type column struct{ x, end float64 }

// amountColumns clusters the right edges of the body's amounts (amounts
// are right-aligned): one cluster per printed column, left to right.
// Tab-separated text gives exact field indexes; laid-out text is
// clustered within two characters.
func amountColumns(body []textimport.Line) []column {
	type edge struct{ x, end float64 }
	var es []edge
	gap := 0.5 // tab-separated: one field apart is another column
	for _, l := range body {
		if !l.Tabbed {
			gap = 2
		}
		for _, c := range l.Cells {
			if IsAmount(c.Text) {
				es = append(es, edge{c.X, c.End})
			}
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].end < es[j].end })
	var out []column
	for i, e := range es {
		if i == 0 || e.end-es[i-1].end > gap {
			out = append(out, column(e))
			continue
		}
		c := &out[len(out)-1]
		c.x, c.end = math.Min(c.x, e.x), math.Max(c.end, e.end)
	}
	return out
}

// columnTolerance is how far from a column a cell still belongs to it:
// half the narrowest gap between right edges, at least half a field.
func columnTolerance(cols []column) float64 {
	tol := math.Inf(1)
	for i := 1; i < len(cols); i++ {
		tol = math.Min(tol, (cols[i].end-cols[i-1].end)/2)
	}
	if math.IsInf(tol, 1) {
		tol = 8
	}
	return math.Max(tol, 0.5)
}

// generic reads a generic section into the report.
func (b *builder) generic(s *section) {
	if b.flat {
		b.flatGeneric(s)
		return
	}
	maxCols := juesuan.MaxGenericColumns
	if len(s.ts.Columns) > 0 {
		maxCols = len(s.ts.Columns)
	}
	g := readGeneric(s.lines, b.unit, maxCols)
	b.res.Diags = append(b.res.Diags, g.diags...)
	r := b.res.Report
	n := s.ts.Number
	if len(s.ts.Columns) == 0 && len(g.heads) > 0 {
		r.SetGenericColumns(n, g.heads)
	}
	for i, row := range g.rows {
		key := strconv.Itoa(i + 1)
		if row.label != "" {
			r.RowNames[juesuan.RowRef{Table: n, Row: key}] = row.label
		}
		for k, a := range row.amts {
			col := strconv.Itoa(row.cols[k] + 1)
			if len(s.ts.Columns) > 0 {
				col = s.ts.Columns[row.cols[k]].Key
			}
			b.place(s, juesuan.CellRef{Table: n, Row: key, Col: col}, a)
		}
	}
}

// Extra tables: a title the template does not know.

var (
	// reExtraNumber is a 表号 printed before or after a title: 表10, 附表2,
	// 公开11表, 附件3, (表十).
	reExtraPrefix = regexp.MustCompile(`^(?:附表|附件|表|公开)\s*[0-9一二三四五六七八九十]+(?:[-—.]\d+)?\s*表?[\s、.．:：-]*`)
	reExtraSuffix = regexp.MustCompile(`[（(]\s*(?:附表|公开|表)\s*[0-9一二三四五六七八九十]+(?:[-—.]\d+)?\s*表?\s*[）)]$`)
	reExtraYear   = regexp.MustCompile(`^\d{4}\s*年度?`)
)

// extraTitle reports whether a line is the title of a table: one short
// phrase ending in 表, no amount, no sentence punctuation, not a heading
// of the document (…部门决算表, 第二部分 …). It returns the title without
// 表号 and year.
func extraTitle(l textimport.Line) (string, bool) {
	if len(l.Cells) == 0 || len(l.Cells) > 3 {
		return "", false
	}
	t := strings.TrimSpace(width(l.Text()))
	for _, c := range l.Cells {
		if IsAmount(c.Text) {
			return "", false
		}
	}
	t = reExtraSuffix.ReplaceAllString(t, "")
	t = strings.TrimSpace(reExtraPrefix.ReplaceAllString(t, ""))
	t = strings.TrimSpace(reExtraYear.ReplaceAllString(t, ""))
	t = strings.Join(strings.Fields(t), "")
	n := utf8.RuneCountInString(t)
	switch {
	case n < 4 || n > 40 || !strings.HasSuffix(t, "表"):
		return "", false
	case strings.ContainsAny(t, "：:，,。；;！？"),
		strings.HasPrefix(t, "注"), strings.HasPrefix(t, "第"), strings.HasPrefix(t, "说明"),
		strings.HasSuffix(t, "部门决算表"), strings.HasSuffix(t, "单位决算表"),
		strings.HasSuffix(t, "预算表") && strings.Contains(t, "部门预算"):
		return "", false
	}
	return t, true
}

// extraSection opens (or, on a continuation page, returns) the section of
// a table the template does not know, when line i prints such a title
// among the tables (after a first table, cur).
func (b *builder) extraSection(cur *section, l textimport.Line, i int) *section {
	if cur == nil {
		return nil
	}
	title, ok := extraTitle(l)
	if !ok {
		return nil
	}
	for _, s := range b.sections {
		if s.ts.Role == "extra" && s.ts.Title == title {
			return s
		}
	}
	r := b.res.Report
	n, err := r.AddExtraTable(b.tpl, title)
	if err != nil {
		b.res.Diags = append(b.res.Diags, Diag{Page: l.Page, Line: l.No, Text: l.Text(), Msg: err.Error() + "，此表未导入"})
		return nil
	}
	ts, _ := r.Table(b.tpl, n)
	s := &section{ts: ts, start: i, stat: &TableStat{Table: n, Title: title, Found: true, Page: l.Page, Extra: true}}
	b.sections = append(b.sections, s)
	return s
}

// readExtras reads the sections of the tables the template does not know,
// after the template's own, and lists them in the summary.
func (b *builder) readExtras() {
	for _, s := range b.sections {
		if s.ts.Role != "extra" {
			continue
		}
		b.readSection(s)
		b.res.Tables = append(b.res.Tables, *s.stat)
	}
}
