package importer

import (
	"regexp"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// flatText tells text whose positions say nothing about columns: the
// common extractors' output with one space between words and blank cells
// simply missing (collapsed layout text, raw `pdftotext`). Layout text
// separates its columns by runs of spaces on most multi-cell lines; flat
// text on almost none.
func flatText(d *textimport.Doc) bool {
	if d.PDF {
		return false
	}
	multi, wide := 0, 0
	for _, l := range d.Lines {
		if l.Tabbed {
			return false
		}
		if len(l.Cells) < 2 {
			continue
		}
		multi++
		for i := 1; i < len(l.Cells); i++ {
			if l.Cells[i].X-l.Cells[i-1].End >= 2 {
				wide++
				break
			}
		}
	}
	return wide*10 < multi || multi == 0
}

// reEnumerated matches a label printed with its number: 一、 （二） 3.
var reEnumerated = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])`)

// reFused finds a code printed against the names around it
// (工资福利支出302商品和服务支出, 310资本性支出).
var reFused = regexp.MustCompile(`\d{3,7}`)

// tokens splits a flat line into its printed tokens in order: amounts,
// codes and names, with codes fused to names split off.
func tokens(l textimport.Line) []string {
	var out []string
	for _, c := range l.Cells {
		t := strings.TrimSpace(width(c.Text))
		if IsAmount(t) {
			out = append(out, t)
			continue
		}
		for _, part := range strings.Fields(t) {
			locs := reFused.FindAllStringIndex(part, -1)
			if len(locs) == 0 || strings.ContainsAny(part, ".,%") {
				out = append(out, part)
				continue
			}
			prev := 0
			for _, lc := range locs {
				if lc[0] > prev {
					out = append(out, part[prev:lc[0]])
				}
				out = append(out, part[lc[0]:lc[1]])
				prev = lc[1]
			}
			if prev < len(part) {
				out = append(out, part[prev:])
			}
		}
	}
	return out
}

// cellsOfRow lists the cells a row has, in printed column order.
func cellsOfRow(ts *juesuan.TableSpec, row string) []juesuan.CellRef {
	var out []juesuan.CellRef
	for _, c := range ts.Columns {
		if ts.HasCell(row, c.Key) == nil {
			out = append(out, juesuan.CellRef{Table: ts.Number, Row: row, Col: c.Key})
		}
	}
	return out
}

func (b *builder) newReading(s *section, row string, amts []amt) {
	if len(amts) == 0 {
		return
	}
	b.readings = append(b.readings, &reading{s: s, row: row, amts: amts, cands: cellsOfRow(s.ts, row)})
}

func (b *builder) flatAmount(t string, l textimport.Line) (amt, bool) {
	return b.amount(textimport.Cell{Text: t}, l)
}

var reCode = regexp.MustCompile(`^\d{3}(?:\d{2}){0,2}$`)

// flatCodeRows reads a code table (表2/3/5/8/9) from flat text: a row opens
// at its code or at 合计 and owns the amounts printed after it on its
// line; the amounts of a line without a code belong to the row above or
// the row below (raw text puts each cell on a line of its own below its
// row, a PDF centres a wrapped row's amounts above its code): which one,
// and in which columns, is left to the arithmetic.
func (b *builder) flatCodeRows(s *section) {
	cat := b.tpl.Catalogs[s.ts.Catalog]
	type segment struct {
		amts       []amt
		prev, next *rowAcc
		single     bool // one amount alone on its line
		lastNo     int
	}
	var rows []*rowAcc
	var cur *rowAcc
	var segs []*segment
	var open []*segment // segments still waiting for the next row
	var floating []textimport.Line
	for _, l := range s.lines {
		var amts []amt
		var text []string
		var opened *rowAcc
		for _, t := range tokens(l) {
			if a, ok := b.flatAmount(t, l); ok {
				amts = append(amts, a)
				continue
			}
			if IsAmount(t) {
				continue
			}
			switch nt := norm(t); {
			case opened == nil && len(text) == 0 && reCode.MatchString(t):
				opened = &rowAcc{code: t, line: l}
			case opened != nil && opened.name == "" && len(amts) == 0 && len(t) == 2 && len(opened.code) < 7 && reCode.MatchString(opened.code+t):
				opened.code += t // 类 款 项 printed as 201 29 03
			case opened == nil && (nt == "合计" || nt == "总计"):
				// A 合计 may share its line with the 类 款 项 header.
				opened = &rowAcc{special: "total", line: l}
				text = nil
			case opened != nil && opened.special == "" && len(amts) == 0:
				opened.name += t
			default:
				text = append(text, t)
			}
		}
		if opened != nil {
			if cur == nil {
				floating = nil // the header's words are no row's name
			}
			distribute(cat, cur, opened, floating)
			floating = nil
			opened.amts = amts
			for _, sg := range open {
				sg.next = opened
			}
			open = nil
			rows = append(rows, opened)
			cur = opened
			continue
		}
		joined := strings.Join(text, "")
		if joined != "" {
			floating = append(floating, textimport.Line{Page: l.Page, No: l.No, Cells: []textimport.Cell{{Text: joined}}})
		}
		if len(amts) == 0 {
			continue
		}
		single := len(amts) == 1 && joined == ""
		if n := len(open); n > 0 && single && open[n-1].single && open[n-1].lastNo < l.No {
			// Raw text: the cells of one row, one a line, in order.
			open[n-1].amts = append(open[n-1].amts, amts...)
			open[n-1].lastNo = l.No
			continue
		}
		sg := &segment{amts: amts, prev: cur, single: single, lastNo: l.No}
		segs = append(segs, sg)
		open = append(open, sg)
	}
	distribute(cat, cur, nil, floating)
	keys := map[*rowAcc]string{}
	for _, r := range rows {
		key, ok := b.rowKey(s, r)
		if !ok {
			continue
		}
		keys[r] = key
		if name := norm(r.name); name != "" && r.special == "" {
			b.res.Report.RowNames[juesuan.RowRef{Table: s.ts.Number, Row: key}] = name
		}
		b.newReading(s, key, r.amts)
	}
	for _, sg := range segs {
		var alts []string
		for _, r := range []*rowAcc{sg.prev, sg.next} {
			if k, ok := keys[r]; ok && r != nil {
				alts = append(alts, k)
			}
		}
		if len(alts) == 0 {
			b.leftover(s, sg.amts)
			continue
		}
		if len(alts) == 2 && nearerBelow(sg.amts[0].line, &sg.prev.line, &sg.next.line) {
			alts[0], alts[1] = alts[1], alts[0]
		}
		rd := &reading{s: s, row: strings.Join(alts, " 或 "), amts: sg.amts}
		for _, k := range alts {
			c := cellsOfRow(s.ts, k)
			rd.spans = append(rd.spans, [2]int{len(rd.cands), len(rd.cands) + len(c)})
			rd.cands = append(rd.cands, c...)
		}
		b.readings = append(b.readings, rd)
	}
}

// flatSingleRow reads a one-row table (三公): every amount, in order.
func (b *builder) flatSingleRow(s *section) {
	var amts []amt
	for _, l := range s.lines {
		for _, t := range tokens(l) {
			if a, ok := b.flatAmount(t, l); ok {
				amts = append(amts, a)
			}
		}
	}
	b.newReading(s, s.ts.Rows[0].Key, amts)
}

// flatTwoHalves reads 表1/表4 from flat text. An amount printed after a
// row label on its line belongs to the last such label, whichever half it
// is in, so that an expense amount never falls to the income label
// printed before it. An amount with no label before it on its line (a
// label wrapped around its amount, …应急管理支 / 98.23 / 出, or a PDF
// centring the amount between the lines of a wrapped label) belongs to a
// row labelled on the line above or below: which one, and which column,
// is left to the arithmetic.
func (b *builder) flatTwoHalves(s *section) {
	var rows [2][]*juesuan.RowSpec
	for i := range s.ts.Rows {
		r := &s.ts.Rows[i]
		rows[r.Half] = append(rows[r.Half], r)
	}
	type hline struct {
		rows []*juesuan.RowSpec
		lead []amt // amounts before the line's first label
	}
	var cursor [2]int
	var lines []hline
	var order []*juesuan.RowSpec
	got := map[*juesuan.RowSpec][]amt{}
	// Above the first amount is the header, whose words may be or begin a
	// row label (一般公共预算财政拨款 over its column): there only a label
	// printed with its number (一、…) names a row.
	head, _ := header(s.lines)
	for li, l := range s.lines {
		inHead := li < len(head)
		var hl hline
		var cur *juesuan.RowSpec
		for _, t := range tokens(l) {
			if a, ok := b.flatAmount(t, l); ok {
				if cur == nil {
					hl.lead = append(hl.lead, a)
					continue
				}
				if _, seen := got[cur]; !seen {
					order = append(order, cur)
				}
				got[cur] = append(got[cur], a)
				continue
			}
			if IsAmount(t) {
				continue
			}
			if b.lay.LineNumbers && reInt.MatchString(t) {
				// The printed 行次 names the row of the label before it.
				if r, h := rowByKey(rows, t); r != nil {
					if len(hl.rows) > 0 && hl.rows[len(hl.rows)-1] == cur && cur.Half == h {
						hl.rows = hl.rows[:len(hl.rows)-1]
					}
					cur = r
					hl.rows = append(hl.rows, r)
				}
				continue
			}
			// A label after a 支出 label on the same line is the 支出 side
			// (一、一般公共预算财政拨款 总计 436.75: the second 总计).
			from := 0
			if cur != nil {
				from = cur.Half
				if from == 0 && len(hl.rows) > 0 {
					from = 1
				}
			}
			if r, h := matchHalves(rows, cursor, t, from); r != nil && (!inHead || reEnumerated.MatchString(t)) {
				cur = r
				hl.rows = append(hl.rows, r)
				for i, x := range rows[h] {
					if x == r {
						cursor[h] = i + 1
					}
				}
			}
		}
		if len(hl.rows) > 0 || len(hl.lead) > 0 {
			lines = append(lines, hl)
		}
	}
	for _, r := range order {
		b.newReading(s, r.Key, got[r])
	}
	for i, hl := range lines {
		if len(hl.lead) == 0 {
			continue
		}
		var near []*juesuan.RowSpec
		for j := i - 1; j >= 0; j-- {
			if len(lines[j].rows) > 0 {
				near = append(near, lines[j].rows...)
				break
			}
		}
		if len(hl.rows) > 0 {
			near = append(near, hl.rows...)
		} else {
			for j := i + 1; j < len(lines); j++ {
				if len(lines[j].rows) > 0 {
					near = append(near, lines[j].rows...)
					break
				}
			}
		}
		b.spanReadings(s, hl.lead, near)
	}
}

// spanReadings makes one reading of each amount, to go to a cell of one
// of rows (the nearest first).
func (b *builder) spanReadings(s *section, amts []amt, rows []*juesuan.RowSpec) {
	if len(rows) == 0 {
		b.leftover(s, amts)
		return
	}
	var keys []string
	seen := map[string]bool{}
	for _, r := range rows {
		if !seen[r.Key] {
			seen[r.Key] = true
			keys = append(keys, r.Key)
		}
	}
	for _, a := range amts {
		rd := &reading{s: s, row: "第 " + strings.Join(keys, "、") + " 行之一", amts: []amt{a}}
		for _, k := range keys {
			c := cellsOfRow(s.ts, k)
			rd.spans = append(rd.spans, [2]int{len(rd.cands), len(rd.cands) + len(c)})
			rd.cands = append(rd.cands, c...)
		}
		b.readings = append(b.readings, rd)
	}
}

func rowByKey(rows [2][]*juesuan.RowSpec, key string) (*juesuan.RowSpec, int) {
	for h := range rows {
		for _, r := range rows[h] {
			if r.Key == key {
				return r, h
			}
		}
	}
	return nil, 0
}

// matchHalves finds the row a label names: forward from each half's
// cursor first (labels such as 一、一般公共预算财政拨款 recur), then anywhere.
func matchHalves(rows [2][]*juesuan.RowSpec, cursor [2]int, t string, from int) (*juesuan.RowSpec, int) {
	for h := from; h < 2; h++ {
		for i := cursor[h]; i < len(rows[h]); i++ {
			if labelMatch(t, rows[h][i].Label) {
				return rows[h][i], h
			}
		}
	}
	for h := from; h < 2; h++ {
		for i := 0; i < cursor[h] && i < len(rows[h]); i++ {
			if labelMatch(t, rows[h][i].Label) {
				return rows[h][i], h
			}
		}
	}
	return nil, 0
}

// flatBlocks reads 表6 from flat text: the blocks printed side by side
// are one stream of codes (类 and 款 apart, 301 01, or the 款 on the next
// line under its 类), each owning the amount printed after it on its line.
// Amounts printed before any code of their line (a PDF centres them
// between a wrapped name's lines) belong, in order, to the rows of the
// code line above or below: the arithmetic decides which.
func (b *builder) flatBlocks(s *section) {
	cat := b.tpl.Catalogs[s.ts.Catalog]
	type bline struct {
		rows []*rowAcc
		lead []amt
		at   textimport.Line
	}
	var rows []*rowAcc
	var lines []bline
	var last *rowAcc // the row names go to
	for _, l := range s.lines {
		bl := bline{at: l}
		var cur *rowAcc
		for _, t := range tokens(l) {
			if a, ok := b.flatAmount(t, l); ok {
				if cur == nil || len(cur.amts) > 0 {
					bl.lead = append(bl.lead, a)
					continue
				}
				cur.amts = append(cur.amts, a)
				continue
			}
			if IsAmount(t) {
				continue
			}
			nt := norm(t)
			var opened *rowAcc
			switch {
			case strings.HasPrefix(nt, "人员经费"):
				opened = &rowAcc{special: "personnel", line: l}
			case strings.HasPrefix(nt, "公用经费"):
				opened = &rowAcc{special: "public", line: l}
			case len(t) == 2 && reCode.MatchString("000"+t):
				// A 款 extends the latest 类 code still waiting for it.
				for j := len(rows) - 1; j >= 0 && j >= len(rows)-4; j-- {
					r := rows[j]
					if r.special == "" && len(r.code) == 3 && len(r.amts) == 0 && l.No-r.line.No <= 2 && s.ts.CheckCode(r.code+t) == nil {
						r.code += t
						break
					}
				}
				continue
			case reEconCode.MatchString(t) && (len(t) == 3 || len(t) == 5) && reCode.MatchString(t):
				opened = &rowAcc{code: t, line: l}
			}
			if opened != nil {
				rows = append(rows, opened)
				bl.rows = append(bl.rows, opened)
				cur, last = opened, opened
				continue
			}
			if last != nil && last.special == "" {
				last.name += t
			}
		}
		if len(bl.rows) > 0 || len(bl.lead) > 0 {
			lines = append(lines, bl)
		}
	}
	keys := map[*rowAcc]string{}
	for _, r := range rows {
		k, ok := b.rowKey(s, r)
		if !ok {
			continue
		}
		keys[r] = k
		if r.special == "" {
			name := norm(r.name)
			if e, ok := lookup(cat, r.code); ok && name != norm(e.Name) && (name == "" || strings.Contains(norm(e.Name), name) || strings.Contains(name, norm(e.Name))) {
				// A wrapped name's pieces fall around the code; the
				// catalog's name is what was printed in pieces.
				name = norm(e.Name)
			}
			if name != "" {
				b.res.Report.RowNames[juesuan.RowRef{Table: s.ts.Number, Row: k}] = name
			}
		}
		b.newReading(s, k, r.amts)
	}
	rowKeys := func(rs []*rowAcc) []string {
		var out []string
		for _, r := range rs {
			if k, ok := keys[r]; ok {
				out = append(out, k)
			}
		}
		return out
	}
	for i, bl := range lines {
		if len(bl.lead) == 0 {
			continue
		}
		var groups [][]string
		var above, below *textimport.Line
		for j := i - 1; j >= 0; j-- {
			if len(lines[j].rows) > 0 {
				groups = append(groups, rowKeys(lines[j].rows))
				above = &lines[j].at
				break
			}
		}
		if len(bl.rows) > 0 {
			groups = append(groups, rowKeys(bl.rows))
		} else {
			for j := i + 1; j < len(lines); j++ {
				if len(lines[j].rows) > 0 {
					groups = append(groups, rowKeys(lines[j].rows))
					below = &lines[j].at
					break
				}
			}
		}
		if len(groups) == 2 && nearerBelow(bl.at, above, below) {
			groups[0], groups[1] = groups[1], groups[0]
		}
		rd := &reading{s: s, amts: bl.lead}
		var names []string
		for _, g := range groups {
			var c []juesuan.CellRef
			for _, k := range g {
				c = append(c, cellsOfRow(s.ts, k)...)
			}
			if len(c) == 0 {
				continue
			}
			names = append(names, strings.Join(g, "、"))
			rd.spans = append(rd.spans, [2]int{len(rd.cands), len(rd.cands) + len(c)})
			rd.cands = append(rd.cands, c...)
		}
		if len(rd.cands) == 0 {
			b.leftover(s, bl.lead)
			continue
		}
		rd.row = strings.Join(names, " 或 ")
		b.readings = append(b.readings, rd)
	}
}

func lookup(cat *juesuan.Catalog, code string) (*juesuan.CatalogEntry, bool) {
	if cat == nil {
		return nil, false
	}
	return cat.Lookup(code)
}

// nearerBelow tells whether the line below is nearer to l than the line
// above: amounts printed between two rows go to the nearer one when the
// arithmetic cannot tell (raw text puts them below their row, a PDF that
// centres them may put them just above the next).
func nearerBelow(l textimport.Line, above, below *textimport.Line) bool {
	if below == nil || below.Page != l.Page {
		return false
	}
	if above == nil || above.Page != l.Page {
		return true
	}
	return below.No-l.No < l.No-above.No
}

// rowKey is a flat row's key: its special key (合计 …) or its code; a code
// the table cannot have leaves the row's amounts unplaced, with why.
func (b *builder) rowKey(s *section, r *rowAcc) (string, bool) {
	if r.special != "" {
		return r.special, true
	}
	if err := s.ts.CheckCode(r.code); err != nil {
		for _, a := range r.amts {
			b.unplaced(a, err.Error())
		}
		return "", false
	}
	return r.code, true
}
