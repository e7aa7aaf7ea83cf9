package pdfimport

import (
	"math"
	"sort"
	"strings"

	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// Lines groups a page's glyphs into printed lines and each line into
// cells. A cell break is a gap of about two character widths (what
// `pdftotext -layout` shows as two or more spaces); a smaller gap is a
// space inside a cell, except between amounts and codes, which always
// stay separate cells. Positions are converted to character columns
// (the median digit advance), so the table reconstruction sees the same
// scale as with layout text.
func Lines(page int, gs []Glyph) []textimport.Line {
	lines, _, _ := LinesGlyphs(page, gs)
	return lines
}

// LinesGlyphs is Lines that also returns, for each line, the glyphs it
// was built from (sorted left to right), and the page's column unit in
// points: a cell's X and End times unit are its left and right edges in
// points. `juesuan inspect` uses it to box the printed amounts.
func LinesGlyphs(page int, gs []Glyph) ([]textimport.Line, [][]Glyph, float64) {
	if len(gs) == 0 {
		return nil, nil, 0
	}
	em := emSize(gs)
	unit := columnUnit(gs, em)
	sorted := append([]Glyph(nil), gs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Base > sorted[j].Base })
	var rows [][]Glyph
	var mean float64
	for _, g := range sorted {
		if len(rows) > 0 && math.Abs(g.Base-mean) <= 0.3*em {
			r := &rows[len(rows)-1]
			*r = append(*r, g)
			mean += (g.Base - mean) / float64(len(*r))
			continue
		}
		rows = append(rows, []Glyph{g})
		mean = g.Base
	}
	var out []textimport.Line
	for i, r := range rows {
		sort.SliceStable(r, func(a, b int) bool { return r[a].Left < r[b].Left })
		out = append(out, textimport.Line{Page: page, No: i + 1, Cells: cells(r, em, unit)})
	}
	return out, rows, unit
}

type word struct {
	left, right float64
	text        strings.Builder
}

func cells(r []Glyph, h, unit float64) []textimport.Cell {
	var words []*word
	for i, g := range r {
		gap := 0.0
		if i > 0 {
			gap = g.Left - r[i-1].Right
		}
		// Overlapping duplicates (bold faked by printing twice) are one glyph.
		if i > 0 && g.R == r[i-1].R && math.Abs(g.Left-r[i-1].Left) < h*0.2 {
			continue
		}
		if i == 0 || gap > unit*0.35 {
			w := &word{left: g.Left}
			words = append(words, w)
			if i > 0 && gap <= unit*1.4 {
				w.text.WriteByte(0) // a single space: may join its neighbour
			}
		}
		w := words[len(words)-1]
		w.text.WriteRune(g.R)
		w.right = g.Right
	}
	var out []textimport.Cell
	for _, w := range words {
		t := w.text.String()
		joinable := strings.HasPrefix(t, "\x00")
		t = strings.TrimPrefix(t, "\x00")
		if joinable && len(out) > 0 && !textimport.Numeric(t) && !textimport.Numeric(out[len(out)-1].Text) {
			c := &out[len(out)-1]
			c.Text += " " + t
			c.End = w.right / unit
			continue
		}
		out = append(out, textimport.Cell{X: w.left / unit, End: w.right / unit, Text: t})
	}
	return out
}

// emSize is the text size of a page: the median advance of its CJK
// glyphs (a CJK glyph is one em wide), or twice the median glyph width.
func emSize(gs []Glyph) float64 {
	var cjk, all []float64
	for _, g := range gs {
		w := g.Right - g.Left
		all = append(all, w)
		if g.R >= 0x2E80 {
			cjk = append(cjk, w)
		}
	}
	if len(cjk) >= 5 {
		sort.Float64s(cjk)
		return cjk[len(cjk)/2]
	}
	sort.Float64s(all)
	if m := 2 * all[len(all)/2]; m > 0 {
		return m
	}
	return 10
}

// columnUnit is the width of one layout character: the median advance
// between consecutive digits of a number, or half the text height.
func columnUnit(gs []Glyph, h float64) float64 {
	var adv []float64
	for i := 1; i < len(gs); i++ {
		a, b := gs[i-1], gs[i]
		if isDigit(a.R) && isDigit(b.R) && math.Abs(a.Base-b.Base) < h/4 {
			if d := b.Left - a.Left; d > 0 && d < 2*h {
				adv = append(adv, d)
			}
		}
	}
	if len(adv) < 5 {
		return h / 2
	}
	sort.Float64s(adv)
	return adv[len(adv)/2]
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
