package pdfimport

import (
	"cmp"
	"math"
	"slices"
	"unicode/utf8"

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
	return linesGlyphs(page, gs, false)
}

// linesGlyphs is LinesGlyphs; with reuse it sorts gs in place instead of
// a copy, for a caller that has no further use of their order.
func linesGlyphs(page int, gs []Glyph, reuse bool) ([]textimport.Line, [][]Glyph, float64) {
	if len(gs) == 0 {
		return nil, nil, 0
	}
	em := emSize(gs)
	unit := columnUnit(gs, em) // reads gs in the order printed
	sorted := gs
	if !reuse {
		sorted = slices.Clone(gs)
	}
	slices.SortStableFunc(sorted, func(a, b Glyph) int { return cmp.Compare(b.Base, a.Base) })
	// A row is a run of consecutive glyphs of sorted: each row is a
	// slice of it (capped, so that appending to one cannot overwrite the
	// next) rather than a slice grown glyph by glyph.
	var rows [][]Glyph
	start := 0
	var mean float64
	for k, g := range sorted {
		if k > start && math.Abs(g.Base-mean) <= 0.3*em {
			mean += (g.Base - mean) / float64(k-start+1)
			continue
		}
		if k > start {
			rows = append(rows, sorted[start:k:k])
		}
		start, mean = k, g.Base
	}
	rows = append(rows, sorted[start:len(sorted):len(sorted)])
	out := make([]textimport.Line, 0, len(rows))
	for i, r := range rows {
		slices.SortStableFunc(r, func(a, b Glyph) int { return cmp.Compare(a.Left, b.Left) })
		out = append(out, textimport.Line{Page: page, No: i + 1, Cells: cells(r, em, unit)})
	}
	return out, rows, unit
}

func cells(r []Glyph, h, unit float64) []textimport.Cell {
	// The row's text is built once; a word is a span of it.
	type word struct {
		left, right float64
		start, end  int
		joinable    bool // after a single space: may join its neighbour
	}
	words := make([]word, 0, 8)
	text := make([]byte, 0, 3*len(r))
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
			words = append(words, word{left: g.Left, start: len(text), joinable: i > 0 && gap <= unit*1.4})
		}
		text = utf8.AppendRune(text, g.R)
		w := &words[len(words)-1]
		w.end, w.right = len(text), g.Right
	}
	all := string(text)
	out := make([]textimport.Cell, 0, len(words))
	for _, w := range words {
		t := all[w.start:w.end]
		if w.joinable && len(out) > 0 && !textimport.Numeric(t) && !textimport.Numeric(out[len(out)-1].Text) {
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
	var cjk []float64
	for _, g := range gs {
		if g.R >= 0x2E80 {
			if cjk == nil {
				cjk = make([]float64, 0, len(gs))
			}
			cjk = append(cjk, g.Right-g.Left)
		}
	}
	if len(cjk) >= 5 {
		slices.Sort(cjk)
		return cjk[len(cjk)/2]
	}
	all := make([]float64, len(gs))
	for i, g := range gs {
		all[i] = g.Right - g.Left
	}
	slices.Sort(all)
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
	slices.Sort(adv)
	return adv[len(adv)/2]
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
