package importer

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// builder rebuilds the tables of one document.
type builder struct {
	doc  *textimport.Doc
	tpl  *juesuan.Template
	lay  *layout
	res  *Result
	unit juesuan.MoneyUnit

	sections []*section
	// flat is set for text whose positions say nothing about columns;
	// its rows' amounts become readings for the arithmetic.
	flat     bool
	raw      bool // flat text printing columns as streams (rawcode.go)
	readings []*reading
	// notesEnd is the first line after the tables (the 说明 starts there).
	notesEnd int
	text     *string // sentences(), once computed
}

// section is the text of one table: its title line and body lines.
type section struct {
	ts    *juesuan.TableSpec
	tl    tableLayout
	start int // index of the title line
	lines []textimport.Line
	stat  *TableStat
}

// amt is one printed amount.
type amt struct {
	cell textimport.Cell
	line textimport.Line
	v    juesuan.Amount
}

var (
	reAmount   = regexp.MustCompile(`^[-(]?(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{1,2})\)?$`)
	reInt      = regexp.MustCompile(`^\d{1,3}$`)
	reFuncCode = regexp.MustCompile(`^(\d{3})(?:\s*(\d{2}))?(?:\s*(\d{2}))?(?:\s*(\D.*)|$)`)
	reEconCode = regexp.MustCompile(`^(\d{3})(?:\s*(\d{2}))?(?:\s*(\D.*)|$)`)
	reSubCode  = regexp.MustCompile(`^(\d{2})(?:\s+(.*)|$)`)
	reTitleCut = regexp.MustCompile(`^(?:\d{4}年度?)|(?:[（(]表\d+[）)])$`)
)

// IsAmount reports whether printed text is an amount of a table: digits
// with two decimals or thousands separators (行次, 栏次 and page numbers
// are plain integers and are not amounts).
func IsAmount(s string) bool { return reAmount.MatchString(width(strings.TrimSpace(s))) }

// titleKey normalises a line for comparison with table titles: no
// numbering is removed, so the 目录 entries (一、收入支出决算总表) differ.
// Every line is compared with every title, so the results are remembered.
func titleKey(s string) string { return titleMemo.get(s, titleKeyText) }

var titleMemo memo

func titleKeyText(s string) string {
	s = titleKeyPrefix(s)
	for i := 0; i < 2 && mayCutTitle(s); i++ {
		s = reTitleCut.ReplaceAllString(s, "")
	}
	return s
}

// titleKeyPrefix is titleKey before the year and the table number are cut.
func titleKeyPrefix(s string) string {
	s = simplify(width(s))
	return strings.Map(func(r rune) rune {
		switch r {
		case '“', '”', '"':
			return '"'
		case ' ', '\t', '\u3000':
			return -1
		}
		return r
	}, s)
}

// mayCutTitle reports whether reTitleCut can match s: only at a start of
// four digits or at an end of a closing parenthesis. Most lines have
// neither, and the regexp, unanchored at the start for its second
// branch, would try every position of the line.
func mayCutTitle(s string) bool {
	if len(s) >= 4 && isDigits(s[:4]) {
		return true
	}
	return strings.HasSuffix(s, ")") || strings.HasSuffix(s, "）")
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (b *builder) readTables(flat bool) {
	titles := map[string]int{}
	for _, ts := range b.tpl.Tables {
		for _, t := range b.lay.Tables[strconv.Itoa(ts.Number)].Titles {
			titles[titleKey(t)] = ts.Number
		}
	}
	found := map[int]*section{}
	var cur *section
	end := len(b.doc.Lines)
	lines := b.doc.Lines
	skip := -1
	for i, l := range lines {
		if i == skip {
			continue
		}
		n, ok := titles[titleKey(l.Text())]
		// A long title wraps onto a second line ("…支出决算" / "表（表7）").
		if !ok && i+1 < len(lines) && lines[i+1].Page == l.Page {
			if n, ok = titles[titleKey(l.Text()+lines[i+1].Text())]; ok {
				skip = i + 1
			}
		}
		if ok {
			if s, dup := found[n]; dup {
				cur = s // a repeated title on a continuation page
				continue
			}
			ts, _ := b.tpl.Table(n)
			cur = &section{ts: ts, tl: b.lay.Tables[strconv.Itoa(n)], start: i,
				stat: &TableStat{Table: n, Title: ts.Title, Found: true, Page: l.Page}}
			found[n] = cur
			b.sections = append(b.sections, cur)
			continue
		}
		if cur != nil && strings.HasPrefix(norm(l.Text()), "第三部分") {
			end = i
			break
		}
		if x := b.extraSection(cur, l, i); x != nil {
			cur = x // a table the template does not know (generic.go)
			continue
		}
		if cur != nil {
			cur.lines = append(cur.lines, l)
		}
	}
	b.notesEnd = end
	b.flat = flat
	b.raw = flat && rawText(b.doc)
	if b.raw {
		b.pageSections()
	}
	for _, ts := range b.tpl.Tables {
		if s := found[ts.Number]; s != nil {
			b.readSection(s)
		}
	}
	b.solveReadings(b.readings)
	b.placeReadings(b.readings)
	if b.raw {
		b.predictRaw()
	}
	for _, ts := range b.tpl.Tables {
		s := found[ts.Number]
		if s == nil {
			b.res.Tables = append(b.res.Tables, TableStat{Table: ts.Number, Title: ts.Title})
			b.res.Diags = append(b.res.Diags, Diag{Msg: fmt.Sprintf("没有找到表%d %s", ts.Number, ts.Title)})
			continue
		}
		if s.stat.Placed == 0 {
			s.stat.Empty = true
		}
		b.res.Tables = append(b.res.Tables, *s.stat)
	}
	b.readExtras()
}

// readSection splits off the notes under the table and reads its body.
func (b *builder) readSection(s *section) {
	var body []textimport.Line
	inNote, noteEnded := false, false
	var notes []string
	for _, l := range s.lines {
		t := strings.TrimSpace(l.Text())
		nt := norm(t)
		if isPageNumber(l) {
			continue
		}
		if strings.HasPrefix(nt, "注：") || strings.HasPrefix(nt, "注:") {
			inNote = true
		}
		if b.isEmptyNote(nt) {
			b.addEmptyNote(t)
			s.stat.Empty = true
			continue
		}
		formula := strings.ContainsAny(t, "行栏") && strings.ContainsAny(t, "=＝")
		if inNote && b.raw && !formula && !strings.HasPrefix(nt, "注") && noteEnded {
			// Raw text prints the amount columns after the note: a note
			// ends with its sentence.
			inNote = false
		}
		if inNote {
			if formula {
				notes = append(notes, t)
			}
			noteEnded = strings.HasSuffix(t, "。")
			continue
		}
		body = append(body, l)
	}
	if len(notes) > 0 {
		if b.res.Report.Published.Notes == nil {
			b.res.Report.Published.Notes = map[int]string{}
		}
		b.res.Report.Published.Notes[s.ts.Number] = strings.Join(notes, "")
	}
	s.lines = body
	for _, l := range body {
		for _, c := range l.Cells {
			if IsAmount(c.Text) {
				s.stat.Amounts++
			}
		}
	}
	switch {
	case s.ts.IsGeneric():
		b.generic(s)
	case b.flat && s.ts.Layout == "two-halves":
		b.flatTwoHalves(s)
	case b.raw && s.ts.Layout == "blocks" && b.rawBlockTable(s):
	case b.flat && s.ts.Layout == "blocks":
		b.flatBlocks(s)
	case b.flat && s.ts.RowKind == juesuan.RowsFixed:
		b.flatSingleRow(s)
	case b.raw && b.rawCodeRows(s):
	case b.flat:
		b.flatCodeRows(s)
	case s.ts.Layout == "two-halves":
		b.twoHalves(s)
	case s.ts.Layout == "blocks":
		b.blocks(s)
	case s.ts.RowKind == juesuan.RowsFixed:
		b.singleRow(s)
	default:
		b.codeRows(s)
	}
}

func (b *builder) isEmptyNote(nt string) bool {
	for _, k := range b.lay.EmptyNotes {
		if strings.Contains(nt, k) {
			return true
		}
	}
	return false
}

func (b *builder) addEmptyNote(t string) {
	p := &b.res.Report.Published
	if strings.Contains(p.EmptyTables, t) {
		return
	}
	if p.EmptyTables != "" {
		p.EmptyTables += "\n"
	}
	p.EmptyTables += t
}

// header returns the lines before the first amount, and the rest.
func header(lines []textimport.Line) (head, body []textimport.Line) {
	for i, l := range lines {
		for _, c := range l.Cells {
			if IsAmount(c.Text) {
				return lines[:i], lines[i:]
			}
		}
	}
	return lines, nil
}

// anchors finds the position of each column in the printed header (the
// right edge of the first unused header cell that matches the column's
// keywords, in printed column order): amounts are right-aligned.
func (b *builder) anchors(s *section, head []textimport.Line) map[string]float64 {
	out := map[string]float64{}
	used := map[[3]int]bool{}
	for _, col := range s.ts.Columns {
		kws := s.tl.Columns[col.Key]
	search:
		for li, l := range head {
			for ci, c := range l.Cells {
				for _, kw := range kws {
					if exact, ok := strings.CutPrefix(kw, "="); ok {
						if strings.TrimSpace(width(c.Text)) == exact && !used[[3]int{li, ci, 0}] {
							out[col.Key] = c.End
							used[[3]int{li, ci, 0}] = true
							break search
						}
					} else if x, part, ok := subTokenAt(c, kw, func(p int) bool { return used[[3]int{li, ci, p}] }); ok {
						out[col.Key] = x
						used[[3]int{li, ci, part}] = true
						break search
					}
				}
			}
		}
		if _, ok := out[col.Key]; !ok && len(kws) > 0 {
			s.stat.Headless = true
		}
	}
	return out
}

// assign places the amounts of one row into columns: the nearest column
// anchor, and on a collision the next free column to the right in printed
// order (counted as guessed).
func (b *builder) assign(s *section, row string, amts []amt, cm *colMapper) {
	if len(amts) == 0 {
		return
	}
	cols := cm.cols
	sort.SliceStable(amts, func(i, j int) bool { return amts[i].cell.End < amts[j].cell.End })
	taken := map[string]bool{}
	for _, a := range amts {
		best := cm.col(a)
		guessed := false
		if best < 0 {
			best, guessed = 0, true
		}
		for best < len(cols) && taken[cols[best]] {
			best++
			guessed = true
		}
		if best >= len(cols) {
			b.unplaced(a, fmt.Sprintf("表%d %s 行的金额多于栏数，无法放置", s.ts.Number, row))
			continue
		}
		taken[cols[best]] = true
		if guessed {
			s.stat.Guessed++
		}
		b.place(s, juesuan.CellRef{Table: s.ts.Number, Row: row, Col: cols[best]}, a)
	}
}

// bodyAmounts lists the amounts of lines, optionally only those that keep(x).
func (b *builder) bodyAmounts(lines []textimport.Line, keep func(x float64) bool) []amt {
	var out []amt
	for _, l := range lines {
		for _, c := range l.Cells {
			if IsAmount(c.Text) && (keep == nil || keep(c.X)) {
				out = append(out, amt{cell: c, line: l})
			}
		}
	}
	return out
}

func (b *builder) place(s *section, ref juesuan.CellRef, a amt) {
	r := b.res.Report
	if err := s.ts.HasCell(ref.Row, ref.Col); err != nil {
		b.unplaced(a, err.Error())
		return
	}
	if old, dup := r.Cells[ref]; dup {
		b.unplaced(a, fmt.Sprintf("%s（%s）已有金额 %s，重复的金额未采用", ref, ref.Label(), old.Wan()))
		return
	}
	r.Cells[ref] = a.v
	s.stat.Placed++
	b.res.Placements = append(b.res.Placements, Placement{Cell: ref, Page: a.line.Page, Line: a.line.No, Text: a.cell.Text, X: a.cell.X, End: a.cell.End})
}

func (b *builder) unplaced(a amt, msg string) {
	b.res.Diags = append(b.res.Diags, Diag{Page: a.line.Page, Line: a.line.No, Text: a.cell.Text, Msg: msg})
}

func (b *builder) amount(c textimport.Cell, l textimport.Line) (amt, bool) {
	if !IsAmount(c.Text) {
		return amt{}, false
	}
	v, err := juesuan.ParseAmount(width(c.Text), b.unit)
	if err != nil {
		b.res.Diags = append(b.res.Diags, Diag{Page: l.Page, Line: l.No, Text: c.Text, Msg: "金额无法识别：" + err.Error()})
		return amt{}, false
	}
	return amt{cell: c, line: l, v: v}, true
}

func (b *builder) leftover(s *section, pend []amt) {
	for _, a := range pend {
		b.unplaced(a, fmt.Sprintf("表%d 中的金额找不到所在的行", s.ts.Number))
	}
}

// labelMatch compares a printed cell with a row label, allowing a label
// wrapped onto two lines (the cell is a prefix of it) or printed longer.
func labelMatch(cell, label string) bool {
	a, l := norm(cell), norm(label)
	if l == "" || a == "" {
		return false
	}
	if a == l {
		return true
	}
	ra, rl := []rune(a), []rune(l)
	if len(ra) >= 4 && strings.HasPrefix(l, a) {
		return true
	}
	return len(rl) >= 4 && strings.HasPrefix(a, l)
}

// twoHalves reads 表1/表4: 收入 rows on the left, 支出 rows on the right,
// found by their labels (or printed 行次), amounts by column position.
func (b *builder) twoHalves(s *section) {
	head, body := header(s.lines)
	anc := b.anchors(s, head)
	var halfCols [2][]string
	leftSide := s.ts.Columns[0].Side
	for _, c := range s.ts.Columns {
		h := 0
		if c.Side != leftSide {
			h = 1
		}
		halfCols[h] = append(halfCols[h], c.Key)
	}
	var rows [2][]*juesuan.RowSpec
	for i := range s.ts.Rows {
		r := &s.ts.Rows[i]
		rows[r.Half] = append(rows[r.Half], r)
	}
	// The boundary is where the leftmost 支出 label is printed: laid-out
	// text does not keep the 支出 label column straight (a long 收入 label
	// pushes its line's 支出 label right), so every 支出 label counts, but
	// not one that is also a 收入 label (总计 on both sides).
	boundary := math.Inf(1)
	for _, l := range s.lines {
		for _, c := range l.Cells {
			if IsAmount(c.Text) || !matchesAny(rows[1], c.Text) || matchesAny(rows[0], c.Text) {
				continue
			}
			boundary = math.Min(boundary, c.X-0.5)
		}
	}
	if math.IsInf(boundary, 1) {
		if x, ok := anc[halfCols[1][0]]; ok {
			boundary = x - 1
		}
		s.stat.Headless = true
	}
	var cm [2]*colMapper
	cm[0] = newColMapper(halfCols[0], anc, b.bodyAmounts(body, func(x float64) bool { return x < boundary }))
	cm[1] = newColMapper(halfCols[1], anc, b.bodyAmounts(body, func(x float64) bool { return x >= boundary }))
	var cursor [2]int
	var pending [2][]amt
	for _, l := range body {
		var cur [2]*juesuan.RowSpec
		var amts [2][]amt
		for _, c := range l.Cells {
			h := 0
			if c.X >= boundary {
				h = 1
			}
			if a, ok := b.amount(c, l); ok {
				amts[h] = append(amts[h], a)
				continue
			}
			if IsAmount(c.Text) {
				continue
			}
			t := strings.TrimSpace(c.Text)
			if b.lay.LineNumbers && reInt.MatchString(t) {
				for i, r := range rows[h] {
					if r.Key == t {
						cur[h], cursor[h] = r, i+1
					}
				}
				continue
			}
			if r, i := matchRow(rows[h], cursor[h], t); r != nil {
				cur[h], cursor[h] = r, i+1
			}
		}
		for h := 0; h < 2; h++ {
			if cur[h] == nil {
				pending[h] = append(pending[h], amts[h]...)
				continue
			}
			b.assign(s, cur[h].Key, append(pending[h], amts[h]...), cm[h])
			pending[h] = nil
		}
	}
	b.leftover(s, append(pending[0], pending[1]...))
}

func matchesAny(rows []*juesuan.RowSpec, text string) bool {
	for _, r := range rows {
		if labelMatch(text, r.Label) {
			return true
		}
	}
	return false
}

func matchRow(rows []*juesuan.RowSpec, from int, text string) (*juesuan.RowSpec, int) {
	for pass := 0; pass < 2; pass++ {
		start := from
		if pass == 1 {
			start = 0
		}
		for i := start; i < len(rows); i++ {
			if labelMatch(text, rows[i].Label) {
				return rows[i], i
			}
		}
	}
	return nil, 0
}

// singleRow reads 表7: one data row, columns by position.
func (b *builder) singleRow(s *section) {
	head, body := header(s.lines)
	anc := b.anchors(s, head)
	var cols []string
	for _, c := range s.ts.Columns {
		cols = append(cols, c.Key)
	}
	row := s.ts.Rows[0].Key
	cm := newColMapper(cols, anc, b.bodyAmounts(body, nil))
	for _, l := range body {
		var amts []amt
		for _, c := range l.Cells {
			if a, ok := b.amount(c, l); ok {
				amts = append(amts, a)
			}
		}
		b.assign(s, row, amts, cm)
	}
}

// rowAcc collects one code row while it is read.
type rowAcc struct {
	code     string
	name     string
	line     textimport.Line
	amts     []amt
	special  string
	lastLine int
}

func adjacent(a, b textimport.Line) bool { return a.Page == b.Page && b.No-a.No <= 3 }

// codeRows reads 表2/3/5/8/9: rows by 功能分类 code (merged 2012903 or
// split 201 29 03) or 合计, amounts on the row's line or on the lines just
// above it (a label wrapped onto two lines centres its amounts).
func (b *builder) codeRows(s *section) {
	head, body := header(s.lines)
	anc := b.anchors(s, head)
	var cols []string
	for _, c := range s.ts.Columns {
		cols = append(cols, c.Key)
	}
	var rows []*rowAcc
	var cur *rowAcc
	var pending []amt
	var floating []textimport.Line
	cat := b.tpl.Catalogs[s.ts.Catalog]
	cm := newColMapper(cols, anc, b.bodyAmounts(body, nil))
	for _, l := range body {
		var amts []amt
		var text []string
		for _, c := range l.Cells {
			if a, ok := b.amount(c, l); ok {
				amts = append(amts, a)
			} else if !IsAmount(c.Text) {
				text = append(text, strings.TrimSpace(width(c.Text)))
			}
		}
		joined := strings.Join(text, " ")
		var opened *rowAcc
		if m := reFuncCode.FindStringSubmatch(joined); m != nil {
			opened = &rowAcc{code: m[1] + m[2] + m[3], name: m[4], line: l}
		} else if nt := norm(joined); nt == "合计" || nt == "总计" {
			opened = &rowAcc{special: "total", line: l}
		}
		if opened != nil {
			distribute(cat, cur, opened, floating)
			floating = nil
			opened.amts = append(pending, amts...)
			opened.lastLine = l.No
			pending = nil
			rows = append(rows, opened)
			cur = opened
			continue
		}
		if joined != "" && len(amts) == 0 {
			floating = append(floating, l)
			continue
		}
		if cur != nil && joined != "" && adjacent(cur.line, l) && cur.special == "" {
			distribute(cat, cur, nil, floating)
			floating = nil
			cur.name += joined
			cur.line = l
			// The rest of a wrapped label may carry the row's amounts.
			if len(amts) > 0 && len(cur.amts) == 0 && len(pending) == 0 {
				cur.amts, amts = amts, nil
			}
		}
		pending = append(pending, amts...)
	}
	distribute(cat, cur, nil, floating)
	for _, r := range rows {
		key := r.special
		if key == "" {
			key = r.code
			if err := s.ts.CheckCode(key); err != nil {
				for _, a := range r.amts {
					b.unplaced(a, err.Error())
				}
				continue
			}
			if name := norm(r.name); name != "" {
				b.res.Report.RowNames[juesuan.RowRef{Table: s.ts.Number, Row: key}] = name
			}
		}
		b.assign(s, key, r.amts, cm)
	}
	b.leftover(s, pending)
}

// blocks reads 表6: two or three side-by-side blocks of economic codes
// (类 and 款 in one cell, or in two columns, or 款 on the next line).
func (b *builder) blocks(s *section) {
	head, body := header(s.lines)
	starts := blockHeadStarts(s.tl.BlockHead, head)
	if len(starts) == 0 {
		starts = []float64{0}
		s.stat.Headless = true
	}
	n := len(starts)
	// A continuation page may repeat the header: it is not data, and its
	// cells say where the blocks start on that page.
	hw := headerWords(head)
	pageStarts := map[int][]float64{}
	kept := body[:0:0]
	for _, l := range body {
		if repeatedHeader(hw, l) {
			if xs := blockHeadStarts(s.tl.BlockHead, []textimport.Line{l}); len(xs) == n {
				pageStarts[l.Page] = xs
			}
			continue
		}
		kept = append(kept, l)
	}
	body = kept
	firstPage := 0
	if len(s.lines) > 0 {
		firstPage = s.lines[0].Page
	}
	geo := newBlockGeometry(starts, firstPage, pageStarts, body)
	cur := make([]*rowAcc, n)
	pending := make([][]amt, n)
	floating := make([][]textimport.Line, n)
	cat := b.tpl.Catalogs[s.ts.Catalog]
	var rows []*rowAcc
	for _, l := range body {
		texts := make([][]string, n)
		amts := make([][]amt, n)
		for _, c := range l.Cells {
			if a, ok := b.amount(c, l); ok {
				k := geo.blockOf(l.Page, c, true)
				amts[k] = append(amts[k], a)
			} else if !IsAmount(c.Text) {
				k := geo.blockOf(l.Page, c, false)
				texts[k] = append(texts[k], strings.TrimSpace(width(c.Text)))
			}
		}
		opened := make([]*rowAcc, n)
		for k := 0; k < n; k++ {
			joined := strings.Join(texts[k], " ")
			nt := norm(joined)
			switch {
			case strings.HasPrefix(nt, "人员经费"):
				opened[k] = &rowAcc{special: "personnel", line: l}
			case strings.HasPrefix(nt, "公用经费"):
				opened[k] = &rowAcc{special: "public", line: l}
			default:
				if m := reEconCode.FindStringSubmatch(joined); m != nil {
					opened[k] = &rowAcc{code: m[1] + m[2], name: m[3], line: l}
				} else if m := reSubCode.FindStringSubmatch(joined); m != nil && cur[k] != nil && len(cur[k].code) == 3 && adjacent(cur[k].line, l) {
					cur[k].code += m[1]
					cur[k].name = m[2]
					cur[k].line = l
					// A PDF may print the amount on the 款 code's line.
					if len(amts[k]) > 0 && len(cur[k].amts) == 0 && len(pending[k]) == 0 {
						cur[k].amts, amts[k] = amts[k], nil
					}
				} else if joined != "" && len(amts[k]) == 0 {
					floating[k] = append(floating[k], textimport.Line{Page: l.Page, No: l.No, Cells: []textimport.Cell{{Text: joined}}})
				} else if joined != "" && cur[k] != nil && cur[k].special == "" && adjacent(cur[k].line, l) {
					distribute(cat, cur[k], nil, floating[k])
					floating[k] = nil
					cur[k].name += joined
					cur[k].line = l
					// The rest of a wrapped label may carry the row's amount.
					if len(amts[k]) > 0 && len(cur[k].amts) == 0 && len(pending[k]) == 0 {
						cur[k].amts, amts[k] = amts[k], nil
					}
				}
			}
			if opened[k] != nil {
				distribute(cat, cur[k], opened[k], floating[k])
				floating[k] = nil
				pending[k] = claimCentred(cur[k], pending[k], l)
				opened[k].amts = append(pending[k], amts[k]...)
				pending[k] = nil
				cur[k] = opened[k]
				rows = append(rows, opened[k])
			}
		}
		for k := 0; k < n; k++ {
			if opened[k] != nil || len(amts[k]) == 0 {
				continue
			}
			// A total's label and amount may fall into different blocks
			// (人员经费合计 | … | 3.50): give the amount to a total of this line
			// that has none.
			given := false
			for j := 0; j < n && !given; j++ {
				if o := opened[j]; o != nil && o.special != "" && len(o.amts) == 0 {
					o.amts = append(o.amts, amts[k]...)
					given = true
				}
			}
			if !given {
				pending[k] = append(pending[k], amts[k]...)
			}
		}
	}
	for k := range cur {
		distribute(cat, cur[k], nil, floating[k])
	}
	for _, r := range rows {
		key := r.special
		if key == "" {
			key = r.code
			if err := s.ts.CheckCode(key); err != nil {
				for _, a := range r.amts {
					b.unplaced(a, err.Error())
				}
				continue
			}
			if name := norm(r.name); name != "" {
				b.res.Report.RowNames[juesuan.RowRef{Table: s.ts.Number, Row: key}] = name
			}
		}
		if len(r.amts) > 1 {
			for _, a := range r.amts[1:] {
				b.unplaced(a, fmt.Sprintf("表%d %s 行已有金额", s.ts.Number, key))
			}
		}
		if len(r.amts) > 0 {
			b.place(s, juesuan.CellRef{Table: s.ts.Number, Row: key, Col: s.ts.Columns[0].Key}, r.amts[0])
		}
	}
	for _, p := range pending {
		b.leftover(s, p)
	}
}

// claimCentred gives the previous row the pending amounts printed closer
// to it than to the row opening on line next, when it has none: a PDF
// centres a wrapped row's amount between the label's lines, below the
// code, where layout text puts it above.
func claimCentred(prev *rowAcc, pending []amt, next textimport.Line) []amt {
	if prev == nil || prev.special != "" || len(prev.amts) > 0 || len(pending) == 0 {
		return pending
	}
	var rest []amt
	for _, a := range pending {
		if a.line.Page == prev.line.Page && a.line.Page == next.Page && a.line.No-prev.line.No < next.No-a.line.No {
			prev.amts = append(prev.amts, a)
			continue
		}
		rest = append(rest, a)
	}
	return rest
}

func dedupeNear(xs []float64) []float64 {
	var out []float64
	for _, x := range xs {
		if len(out) > 0 && x-out[len(out)-1] < 1 {
			continue
		}
		out = append(out, x)
	}
	return out
}

// subTokenAt finds kw at the start of the cell or of one of its
// space-separated parts ("基本支出 项目支出" is one cell when a single space
// separates the headers) and returns that part's centre.
func subTokenAt(c textimport.Cell, kw string, used func(int) bool) (float64, int, bool) {
	parts := strings.Split(c.Text, " ")
	total := len([]rune(c.Text))
	if total == 0 {
		return 0, 0, false
	}
	scale := (c.End - c.X) / float64(total)
	off := 0
	for i, p := range parts {
		n := len([]rune(p))
		if !used(i) && strings.HasPrefix(norm(p), kw) && (len(parts) == 1 || n > 1) {
			if len(parts) == 1 {
				return c.End, i, true
			}
			return c.X + float64(off+n)*scale, i, true
		}
		off += n + 1
	}
	return 0, 0, false
}

// distribute gives the text lines printed between two rows to one or the
// other: a wrapped label is centred on its row, so its first part may be
// printed above the row's code and the rest below. The catalog name of
// each row decides where it can; otherwise a line right above a code goes
// to that code, and the rest to the row above.
func distribute(cat *juesuan.Catalog, prev, next *rowAcc, pieces []textimport.Line) {
	catName := func(r *rowAcc) string {
		if r == nil || r.special != "" || cat == nil {
			return ""
		}
		if e, ok := cat.Lookup(r.code); ok {
			return norm(e.Name)
		}
		return ""
	}
	cp, cn := catName(prev), catName(next)
	var toNext []string
	for i, l := range pieces {
		t := norm(l.Text())
		if t == "" {
			continue
		}
		switch {
		case prev != nil && cp != "" && norm(prev.name) != cp && strings.Contains(cp, norm(prev.name)+t):
			prev.name += t
		case next != nil && cn != "" && strings.HasPrefix(cn, strings.Join(toNext, "")+t):
			toNext = append(toNext, t)
		case prev != nil && prev.special == "" && (norm(prev.name) == "" || (next == nil || i < len(pieces)-1 || l.No+1 != next.line.No) && cp == ""):
			prev.name += t
		case next != nil && next.special == "":
			toNext = append(toNext, t)
		case prev != nil && prev.special == "":
			prev.name += t
		}
	}
	if next != nil && len(toNext) > 0 {
		next.name = strings.Join(toNext, "") + next.name
	}
}
