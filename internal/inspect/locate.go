package inspect

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/importer/pdfimport"
	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// geometry keeps, for a PDF, the glyphs of every line the importer read:
// rows[page-1][line-1] are the glyphs of textimport line (page, line),
// and unit[page-1] converts a cell's X/End to points.
type geometry struct {
	rows [][][]pdfimport.Glyph
	unit []float64
}

// pdfDoc builds the importer's lines from the glyphs, keeping them.
func pdfDoc(name string, pages []pdfimport.Page) (*textimport.Doc, *geometry) {
	doc := &textimport.Doc{Name: name, Pages: len(pages), PDF: true}
	g := &geometry{rows: make([][][]pdfimport.Glyph, len(pages)), unit: make([]float64, len(pages))}
	for i, p := range pages {
		lines, rows, unit := pdfimport.LinesGlyphs(i+1, p.Glyphs)
		doc.Lines = append(doc.Lines, lines...)
		g.rows[i], g.unit[i] = rows, unit
	}
	return doc, g
}

func (g *geometry) row(page, line int) []pdfimport.Glyph {
	if g == nil || page < 1 || page > len(g.rows) || line < 1 || line > len(g.rows[page-1]) {
		return nil
	}
	return g.rows[page-1][line-1]
}

// span boxes the glyphs of a line between x and end (in columns).
func (g *geometry) span(page, line int, x, end float64) *Box {
	r := g.row(page, line)
	if r == nil {
		return nil
	}
	u := g.unit[page-1]
	tol := u * 0.25
	var b *Box
	for _, gl := range r {
		if gl.Left >= x*u-tol && gl.Right <= end*u+tol {
			b = add(b, gl)
		}
	}
	return b
}

// lineBox boxes a whole printed line.
func (g *geometry) lineBox(page, line int) *Box {
	var b *Box
	for _, gl := range g.row(page, line) {
		b = add(b, gl)
	}
	return b
}

func add(b *Box, g pdfimport.Glyph) *Box {
	gb := Box{g.Left, min(g.Bottom, g.Base), g.Right, g.Top}
	if b == nil {
		return &gb
	}
	u := b.union(gb)
	return &u
}

// locator finds where the cells and sentences a finding names are printed.
type locator struct {
	doc   *textimport.Doc
	geo   *geometry
	cells map[string]importer.Placement
	order []importer.Placement
	// titles are the template's table titles by number.
	titles map[int]string
}

func newLocator(doc *textimport.Doc, geo *geometry, ps []importer.Placement, tpl *juesuan.Template) *locator {
	l := &locator{doc: doc, geo: geo, cells: map[string]importer.Placement{}, order: ps, titles: map[int]string{}}
	if tpl != nil {
		for _, ts := range tpl.Tables {
			l.titles[ts.Number] = ts.Title
		}
	}
	for _, p := range ps {
		l.cells[p.Cell.String()] = p
	}
	return l
}

var (
	reWhereLine = regexp.MustCompile(`第 ?(\d+) ?页 ?第 ?(\d+) ?行`)
	reQuoted    = regexp.MustCompile(`[“「"]([^”」"]{2,60})[”」"]`)
	reTableNo   = regexp.MustCompile(`^表(\d+)`)
	reSection   = regexp.MustCompile(`情况说明 ?([一二三四五六七八九十]+)`)
	reTableOnly = regexp.MustCompile(`^表(\d+)(?: 注)?$`)
	reTableRow  = regexp.MustCompile(`^表(\d+) ?([0-9A-Za-z]+)行`)
)

// places locates a finding: every printed cell it names; for a finding
// about text, the line of the sentence it is about.
func (l *locator) places(f juesuan.Finding) []Place {
	var out []Place
	for _, c := range f.Cells {
		p, ok := l.cells[c]
		if !ok {
			// A blank cell is not printed: the row it is on is.
			if pl, ok := l.rowOf(c); ok {
				out = append(out, pl)
			}
			continue
		}
		pl := Place{Cell: c, Text: p.Text, Page: p.Page, Line: p.Line}
		if l.geo != nil {
			pl.Box = l.geo.span(p.Page, p.Line, p.X, p.End)
		}
		out = append(out, pl)
	}
	if len(out) > 0 || l.doc == nil {
		return out
	}
	if m := reWhereLine.FindStringSubmatch(f.Where + " " + f.Message); m != nil {
		page, _ := strconv.Atoi(m[1])
		line, _ := strconv.Atoi(m[2])
		if pl, ok := l.line(page, line); ok {
			return []Place{pl}
		}
	}
	if m := reTableRow.FindStringSubmatch(f.Where); m != nil {
		// A row of a table: the line its amounts are printed on.
		for _, p := range l.order {
			if strconv.Itoa(p.Cell.Table) == m[1] && p.Cell.Row == m[2] {
				if pl, ok := l.line(p.Page, p.Line); ok {
					return []Place{pl}
				}
			}
		}
		// A row with no amount placed: the line printing its code, after
		// the table's first placed amount.
		first := 0
		for _, p := range l.order {
			if strconv.Itoa(p.Cell.Table) == m[1] {
				first = p.Page
				break
			}
		}
		for _, ln := range l.doc.Lines {
			if ln.Page < first {
				continue
			}
			// The code may be printed whole (30212) or in 类/款/项
			// columns (302 12).
			// columns (302 12), and a line may print two tables side by
			// side: try the cells from each start.
			for i := range ln.Cells {
				joined := ""
				for _, c := range ln.Cells[i:] {
					joined += compact(c.Text)
					if joined == m[2] || strings.HasPrefix(joined, m[2]) && !isDigitRune(joined, len(m[2])) {
						if pl, ok := l.line(ln.Page, ln.No); ok {
							return []Place{pl}
						}
					}
					if len(joined) >= len(m[2]) || !isDigitRune(joined, len(joined)-1) {
						break
					}
				}
			}
		}
	}
	if m := reTableRow.FindStringSubmatch(f.Where); m != nil && len(m[2]) == 5 {
		// A 款 whose 类 code (302) is printed on one line and its own
		// two digits (12) on the next, beside a name wrapped in two.
		if pl, ok := l.splitCode(m[2]); ok {
			return []Place{pl}
		}
	}
	for _, m := range reQuoted.FindAllStringSubmatch(f.Message, -1) {
		if pl, ok := l.find(func(s string) bool { return strings.Contains(s, compact(m[1])) }); ok {
			return []Place{pl}
		}
	}
	if m := reSection.FindStringSubmatch(f.Where); m != nil {
		if pl, ok := l.find(func(s string) bool { return strings.HasPrefix(s, m[1]+"、") }); ok {
			return []Place{pl}
		}
	}
	if m := reTableOnly.FindStringSubmatch(f.Where); m != nil {
		// A finding about a whole table (an empty table, its 注): the
		// table's title as printed in the body, not in the 目录.
		n, _ := strconv.Atoi(m[1])
		if title := compact(l.titles[n]); title != "" {
			var last Place
			found := false
			for _, ln := range l.doc.Lines {
				s := compact(ln.Text())
				if strings.Contains(s, title) && len([]rune(s)) <= len([]rune(title))+12 && !strings.Contains(s, "…") && !strings.Contains(s, "..") {
					if pl, ok := l.line(ln.Page, ln.No); ok {
						last, found = pl, true
					}
				}
			}
			if found {
				return []Place{last}
			}
		}
	}
	if strings.Contains(f.Where, "名词解释") {
		if pl, ok := l.find(func(s string) bool {
			return strings.Contains(s, "名词解释") && !strings.Contains(s, "…") && !strings.Contains(s, "..")
		}); ok {
			return []Place{pl}
		}
	}
	return out
}

// rowOf places a blank cell: the line of its row, where another cell of
// the row is printed.
func (l *locator) rowOf(cell string) (Place, bool) {
	ref, err := juesuan.ParseCellRef(cell)
	if err != nil {
		return Place{}, false
	}
	for _, p := range l.order {
		if p.Cell.Table == ref.Table && p.Cell.Row == ref.Row {
			pl, ok := l.line(p.Page, p.Line)
			pl.Cell, pl.Row = cell, true
			return pl, ok
		}
	}
	return Place{}, false
}

// splitCode places a 5-digit code printed as its 类 on one line and its
// 款 digits just below and to the right, on one of the next two lines.
func (l *locator) splitCode(code string) (Place, bool) {
	lines := l.doc.Lines
	for i, ln := range lines {
		for _, c := range ln.Cells {
			if compact(c.Text) != code[:3] {
				continue
			}
			for j := i + 1; j < len(lines) && j <= i+2 && lines[j].Page == ln.Page; j++ {
				for _, d := range lines[j].Cells {
					if compact(d.Text) == code[3:] && d.X > c.X && d.X-c.End < 12 {
						a, ok1 := l.line(ln.Page, ln.No)
						b, ok2 := l.line(lines[j].Page, lines[j].No)
						if !ok1 || !ok2 {
							return Place{}, false
						}
						if a.Box != nil && b.Box != nil {
							u := a.Box.union(*b.Box)
							b.Box = &u
						}
						b.Text = a.Text + " / " + b.Text
						return b, true
					}
				}
			}
		}
	}
	return Place{}, false
}

// line places one line of the document.
func (l *locator) line(page, no int) (Place, bool) {
	for _, ln := range l.doc.Lines {
		if ln.Page == page && ln.No == no {
			pl := Place{Text: ln.Text(), Page: page, Line: no}
			if l.geo != nil {
				pl.Box = l.geo.lineBox(page, no)
			}
			return pl, true
		}
	}
	return Place{}, false
}

// find places the first line whose compacted text satisfies ok, skipping
// the 目录 (lines ending in a page number after dots).
func (l *locator) find(ok func(string) bool) (Place, bool) {
	for _, ln := range l.doc.Lines {
		s := compact(ln.Text())
		if s == "" || strings.Contains(s, "……") || strings.Contains(s, "....") {
			continue
		}
		if ok(s) {
			return l.line(ln.Page, ln.No)
		}
	}
	return Place{}, false
}

func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

// TableOf returns the table number a finding's first cell names, or 0.
func TableOf(f juesuan.Finding) int {
	for _, c := range f.Cells {
		if i := strings.IndexByte(c, ':'); i > 0 {
			n, _ := strconv.Atoi(c[:i])
			return n
		}
	}
	if m := reTableNo.FindStringSubmatch(f.Where); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// isDigitRune tells whether s has an ASCII digit at byte i.
func isDigitRune(s string, i int) bool { return i < len(s) && s[i] >= '0' && s[i] <= '9' }
