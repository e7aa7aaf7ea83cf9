package importer

import (
	"regexp"
	"slices"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// Raw text (pdftotext without -layout, and the reading-order extractors
// like it) prints a code table as streams, not rows: the codes one a
// line, then the names, then each amount column top to bottom with its
// blank cells gone — or a block of adjacent columns row by row, one cell
// a line. Nothing but the order and the arithmetic says which amount is
// whose. The rows are the codes in order; a column's stream is placed by
// the table's own hierarchy (合计 = Σ 类, 类 = Σ 款, 款 = Σ 项), which
// almost always leaves one placement; a block of columns row by row is
// cut into rows by its 合计 column (each row's total, then the parts that
// add up to it) and left to the solver like flat text.

// rawText tells raw text: flat text in which most amounts stand alone on
// their line.
func rawText(d *textimport.Doc) bool {
	alone, lines := 0, 0
	for _, l := range d.Lines {
		n, other := 0, 0
		for _, c := range l.Cells {
			for _, t := range strings.Fields(c.Text) {
				if IsAmount(t) {
					n++
				} else {
					other++
				}
			}
		}
		if n == 0 {
			continue
		}
		lines++
		if n == 1 && other == 0 {
			alone++
		}
	}
	return lines >= 20 && alone*10 >= lines*7
}

// rawRun is one stream of amounts and the printed words just before it
// (column headings, 栏次 numbers).
type rawRun struct {
	amts  []amt
	heads []string
}

// rawPage is what one page of a code table prints in raw text.
type rawPage struct {
	codes []string
	names []string
	total bool
	runs  []*rawRun
}

// rawCodeRows reads a code table from raw text, page by page: a page's
// streams hold its own rows only.
func (b *builder) rawCodeRows(s *section) bool {
	var pages []*rawPage
	var pg *rawPage
	var heads []string
	var cur *rawRun
	page := -1
	interleaved, runsAtFirstCode := 0, 0
	for _, l := range s.lines {
		if l.Page != page || pg == nil {
			page = l.Page
			pg = &rawPage{}
			pages = append(pages, pg)
			cur, heads, runsAtFirstCode = nil, nil, 0
		}
		for _, t := range tokens(l) {
			if a, ok := b.flatAmount(t, l); ok {
				if cur == nil {
					cur = &rawRun{heads: heads}
					pg.runs = append(pg.runs, cur)
					heads = nil
				}
				cur.amts = append(cur.amts, a)
				continue
			}
			if IsAmount(t) {
				continue
			}
			cur = nil
			switch nt := norm(t); {
			case reCode.MatchString(t) && s.ts.CheckCode(t) == nil:
				if len(pg.codes) > 0 && len(pg.runs) > runsAtFirstCode {
					interleaved++
				}
				if len(pg.codes) == 0 {
					runsAtFirstCode = len(pg.runs)
				}
				pg.codes = append(pg.codes, t)
			case nt == "合计" || nt == "总计":
				pg.total = true
			default:
				heads = append(heads, t)
				if len(pg.runs) == 0 && !reInt.MatchString(t) && len([]rune(nt)) >= 2 && !columnHeading(s.ts, t) {
					pg.names = append(pg.names, nt)
				}
			}
		}
	}
	streams := false
	for _, p := range pages {
		streams = streams || len(p.codes) > 0 && len(p.runs) > 0
	}
	if !streams || interleaved > 1 {
		// No streams: the rows are printed one after another, each code
		// before its amounts, as flat text (flatCodeRows).
		return false
	}
	for i, p := range pages {
		if len(p.runs) == 0 {
			continue
		}
		// A page that is not the table's last may end inside a 类: the
		// rows above its last one are not complete there.
		var open []string
		if i+1 < len(pages) && len(p.codes) > 0 {
			for _, q := range pages[i+1:] {
				if len(q.codes) > 0 {
					open = p.codes
					break
				}
			}
		}
		b.rawCodePage(s, p, open)
	}
	return true
}

// rawCodePage places the streams of one page.
func (b *builder) rawCodePage(s *section, p *rawPage, open []string) {
	codes := p.codes
	if len(codes) == 0 {
		for _, r := range p.runs {
			b.leftover(s, r.amts)
		}
		return
	}
	var keys []string
	if p.total {
		keys = append(keys, "total")
	}
	keys = append(keys, codes...)
	tree := newCodeTree(keys)
	if len(open) > 0 {
		// The ancestors of the page's last row continue on the next page.
		last := open[len(open)-1]
		for i, k := range keys {
			if k == "total" || len(k) < len(last) && strings.HasPrefix(last, k) {
				tree.open(i)
			}
		}
	}
	runs := p.runs
	taken := map[string]bool{}
	cols := s.ts.Columns
	colIdx := map[string]int{}
	for i, c := range cols {
		colIdx[c.Key] = i
	}
	next := 0 // the first column a run without a heading may be
	for _, r := range runs {
		lanes, named := runLanes(r.heads, cols)
		if len(lanes) > 1 || len(r.amts) > len(keys) {
			// A block of columns printed row by row.
			if len(lanes) < 2 {
				lanes = nil
				for _, c := range cols[next:] {
					lanes = append(lanes, c.Key)
				}
			}
			if !b.rawBlock(s, keys, lanes, r.amts) {
				b.leftover(s, r.amts)
			}
			for _, k := range lanes {
				taken[k] = true
			}
			next = colIdx[lanes[len(lanes)-1]] + 1
			continue
		}
		var cands []string
		switch {
		case len(lanes) == 1:
			cands = lanes
		case len(named) > 0:
			cands = named
		default:
			for _, c := range cols[min(next, len(cols)):] {
				if !taken[c.Key] {
					cands = append(cands, c.Key)
				}
			}
		}
		col, sols := b.rawColumn(s, tree, r.amts, cands)
		if col == "" {
			b.leftover(s, r.amts)
			continue
		}
		taken[col] = true
		next = colIdx[col] + 1
		rd := &reading{s: s, row: "第 " + col + " 栏", amts: r.amts, given: sols}
		for _, k := range keys {
			rd.cands = append(rd.cands, juesuan.CellRef{Table: s.ts.Number, Row: k, Col: col})
		}
		b.readings = append(b.readings, rd)
	}
	if names := p.names; len(names) >= len(codes) {
		// The names stream, in the codes' order, after the headings.
		names = names[len(names)-len(codes):]
		for i, c := range codes {
			b.res.Report.RowNames[juesuan.RowRef{Table: s.ts.Number, Row: c}] = names[i]
		}
	}
}

// runLanes lists the columns the words before a run name: by printed 栏次
// numbers, and by column headings.
func runLanes(heads []string, cols []juesuan.ColumnSpec) (byNo, byName []string) {
	for _, h := range heads {
		for _, c := range cols {
			switch {
			case reInt.MatchString(h) && h == c.Key:
				byNo = append(byNo, c.Key)
			case c.Name != "" && labelMatch(h, c.Name):
				byName = append(byName, c.Key)
			}
		}
	}
	return byNo, byName
}

// rawBlock cuts a block of adjacent columns printed row by row into rows:
// each row begins with its total (the block's first column), followed by
// the parts that add up to it.
func (b *builder) rawBlock(s *section, keys, lanes []string, amts []amt) bool {
	if len(lanes) == 0 || lanes[0] != s.ts.Columns[0].Key {
		return false
	}
	var groups [][]amt
	for i := 0; i < len(amts); {
		g := []amt{amts[i]}
		var sum juesuan.Amount
		j := i + 1
		for ; j < len(amts) && sum < amts[i].v; j++ {
			sum += amts[j].v
			g = append(g, amts[j])
		}
		if sum != amts[i].v && len(g) > 1 {
			return false
		}
		groups = append(groups, g)
		i = j
	}
	if len(groups) != len(keys) {
		return false
	}
	for i, g := range groups {
		var cands []juesuan.CellRef
		for _, k := range lanes {
			cands = append(cands, juesuan.CellRef{Table: s.ts.Number, Row: keys[i], Col: k})
		}
		b.readings = append(b.readings, &reading{s: s, row: keys[i], amts: g, cands: cands})
	}
	return true
}

// rawColumn places one column's stream: among the candidate columns, the
// first under which the hierarchy admits a placement, preferring columns
// that are not usually blank. It returns the column and the placements
// (the row of each amount, -1 never).
func (b *builder) rawColumn(s *section, tree *codeTree, amts []amt, cands []string) (string, [][]int) {
	vals := make([]juesuan.Amount, len(amts))
	for i, a := range amts {
		vals[i] = a.v
	}
	sols := tree.place(vals, max(b.unit.Scale()/100, 1), maxPlacings)
	if len(sols) == 0 || len(cands) == 0 {
		return "", nil
	}
	best := ""
	for _, k := range cands {
		c, _ := s.ts.Column(k)
		if best == "" {
			best = k
		}
		if c != nil && !c.Rare {
			best = k
			break
		}
	}
	return best, sols
}

// pageSections gives each table the lines printed on its title's page
// before the title: raw text may print a page's left columns (the codes)
// before the block holding the title.
func (b *builder) pageSections() {
	if len(b.sections) > 0 {
		// The first table takes its page's lines from its 部门：line on.
		s := b.sections[0]
		page := b.doc.Lines[s.start].Page
		for i := s.start - 1; i >= 0 && b.doc.Lines[i].Page == page; i-- {
			if reDeptLine.MatchString(norm(b.doc.Lines[i].Text())) {
				s.lines = append(slices.Clone(b.doc.Lines[i:s.start]), s.lines...)
				break
			}
		}
	}
	for i := 1; i < len(b.sections); i++ {
		prev, s := b.sections[i-1], b.sections[i]
		page := b.doc.Lines[s.start].Page
		cut := len(prev.lines)
		for cut > 0 && prev.lines[cut-1].Page == page {
			cut--
		}
		if cut == len(prev.lines) {
			continue
		}
		// When the previous table ends on this page, its last block comes
		// first; the next table's own lines begin at its 部门：line, printed
		// once under each title.
		for i := len(prev.lines) - 1; i > cut; i-- {
			if reDeptLine.MatchString(norm(prev.lines[i].Text())) {
				cut = i
				break
			}
		}
		moved := append([]textimport.Line(nil), prev.lines[cut:]...)
		prev.lines = prev.lines[:cut]
		s.lines = append(moved, s.lines...)
	}
}

// reDeptLine is the line naming the unit under a table's title.
var reDeptLine = regexp.MustCompile(`^(?:部门|单位名称|编制单位|填报单位|公开部门)[:：]`)

func columnHeading(ts *juesuan.TableSpec, t string) bool {
	for _, c := range ts.Columns {
		if c.Name != "" && labelMatch(t, c.Name) {
			return true
		}
	}
	return false
}
