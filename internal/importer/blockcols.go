package importer

import (
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// rePageNumber matches a page number printed as page furniture: "— 11 —",
// "-11-", "第 11 页", "第11页 共20页", "11/20". A bare integer is not
// matched: it may be a 款 code printed on its own line.
var rePageNumber = regexp.MustCompile(`^(?:[-—–－‐─]+\s*\d{1,4}\s*[-—–－‐─]+|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$`)

// isPageNumber reports whether a line is only a page number.
func isPageNumber(l textimport.Line) bool {
	return rePageNumber.MatchString(strings.TrimSpace(width(l.Text())))
}

// reLeadCode matches a cell that begins with an economic classification
// code (类 or 类+款), alone or followed by its name.
var reLeadCode = regexp.MustCompile(`^\d{3}(?:\d{2})?(?:\s|$)`)

// blockGeometry is where the blocks of 表6 begin on each page.
type blockGeometry struct {
	n int
	// text[i] and amount[i] are where block i begins for a label (by its
	// left edge) and for an amount (by its right edge).
	text, amount map[int][]float64
	defText      []float64
	defAmount    []float64
}

// blockOf returns the block of a cell of a line on the given page.
func (g *blockGeometry) blockOf(page int, c textimport.Cell, isAmount bool) int {
	bs, x := g.defText, c.X
	if pb, ok := g.text[page]; ok {
		bs = pb
	}
	if isAmount {
		bs, x = g.defAmount, c.End
		if pb, ok := g.amount[page]; ok {
			bs = pb
		}
		k := 0
		for i := 1; i < len(bs); i++ {
			if x > bs[i] {
				k = i
			}
		}
		return k
	}
	k := 0
	for i := 1; i < len(bs); i++ {
		if x >= bs[i] {
			k = i
		}
	}
	return k
}

// newBlockGeometry derives the blocks' columns from the header cells that
// open each block (starts, in the first page's scale; pageStarts for the
// pages that repeat the header) and from the codes printed in the body.
//
// A block's code column begins at its left edge, where the previous
// block's right-aligned amounts end; the header cell above it is centred,
// so it begins somewhat to the right. Labels are placed by their left
// edge, amounts by their right edge, both against the left edge of the
// code column: the codes printed on the page when there are, the header
// cell otherwise.
func newBlockGeometry(starts []float64, firstPage int, pageStarts map[int][]float64, body []textimport.Line) *blockGeometry {
	n := len(starts)
	g := &blockGeometry{n: n, text: map[int][]float64{}, amount: map[int][]float64{}}
	textOf := func(st []float64) []float64 {
		out := make([]float64, n)
		out[0] = math.Inf(-1)
		for i := 1; i < n; i++ {
			out[i] = st[i] - (st[i]-st[i-1])/8
		}
		return out
	}
	amountOf := func(st []float64) []float64 {
		out := append([]float64(nil), st...)
		out[0] = math.Inf(-1)
		return out
	}
	g.defText, g.defAmount = textOf(starts), amountOf(starts)
	if n < 2 {
		return g
	}
	type codeCell struct{ x, charW float64 }
	codes := map[int][]codeCell{}
	for _, l := range body {
		for _, c := range l.Cells {
			t := strings.TrimSpace(width(c.Text))
			if !reLeadCode.MatchString(t) {
				continue
			}
			w := 0.0
			if d := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' }); d < 0 && c.End > c.X {
				w = (c.End - c.X) / float64(len(t))
			}
			codes[l.Page] = append(codes[l.Page], codeCell{c.X, w})
		}
	}
	pages := map[int]bool{firstPage: true}
	for p := range codes {
		pages[p] = true
	}
	for p := range pageStarts {
		pages[p] = true
	}
	for p := range pages {
		cs := codes[p]
		// The codes say where each block begins when every block prints
		// some on the page: a header may span more columns than the body
		// (类 and 款 over one code cell) or, on a continuation page laid
		// out on its own, have another horizontal scale.
		var xs []float64
		for _, c := range cs {
			xs = append(xs, c.x)
		}
		st, ok := []float64(nil), false
		if cl := clusterStarts(xs, minGap(starts)/2); len(cl) == n {
			st, ok = cl, true
		}
		if !ok {
			st, ok = pageStarts[p]
		}
		if !ok {
			st = starts
		}
		tb, ab := textOf(st), amountOf(st)
		// The left edge of each block's code column, and half a digit
		// of slack for labels.
		left := make([]float64, n)
		for i := range left {
			left[i] = math.Inf(1)
		}
		slack := 0.0
		for _, c := range cs {
			k := 0
			for i := 1; i < n; i++ {
				if c.x >= tb[i] {
					k = i
				}
			}
			left[k] = math.Min(left[k], c.x)
			if c.charW > 0 && (slack == 0 || c.charW/2 < slack) {
				slack = c.charW / 2
			}
		}
		for i := 1; i < n; i++ {
			if math.IsInf(left[i], 1) {
				continue
			}
			tb[i] = math.Min(tb[i], left[i]-slack)
			ab[i] = math.Min(ab[i], left[i])
		}
		g.text[p], g.amount[p] = tb, ab
	}
	return g
}

// clusterStarts returns the leftmost x of each group of xs closer than
// gap to each other.
func clusterStarts(xs []float64, gap float64) []float64 {
	sort.Float64s(xs)
	var cl []float64
	for i, x := range xs {
		if i == 0 || x-xs[i-1] > gap {
			cl = append(cl, x)
		}
	}
	return cl
}

// minGap is the smallest distance between consecutive xs.
func minGap(xs []float64) float64 {
	g := math.Inf(1)
	for i := 1; i < len(xs); i++ {
		g = math.Min(g, xs[i]-xs[i-1])
	}
	return g
}

// repeatedHeader reports whether a body line repeats the table's header
// on a continuation page: no amount, no code, and every word printed in
// the header (a lone word may be the rest of a wrapped label).
func repeatedHeader(headWords map[string]bool, l textimport.Line) bool {
	words := 0
	for _, c := range l.Cells {
		t := strings.TrimSpace(width(c.Text))
		if IsAmount(t) || reLeadCode.MatchString(t) {
			return false
		}
		for _, w := range strings.Fields(t) {
			if !headWords[norm(w)] {
				return false
			}
			words++
		}
	}
	return words > 1
}

// headerWords is the set of the words printed in a table's header.
func headerWords(head []textimport.Line) map[string]bool {
	out := map[string]bool{}
	for _, l := range head {
		for _, c := range l.Cells {
			for _, w := range strings.Fields(width(c.Text)) {
				out[norm(w)] = true
			}
		}
	}
	return out
}

// blockHeadStarts returns the left edges of the header cells that open a
// block (科目编码, also as 经济分类科目编码), in order. A cell may hold
// several header words separated by single spaces (决算数 科目编码).
func blockHeadStarts(kws []string, lines []textimport.Line) []float64 {
	var starts []float64
	for _, l := range lines {
		for _, c := range l.Cells {
			total := len([]rune(c.Text))
			if total == 0 {
				continue
			}
			scale := (c.End - c.X) / float64(total)
			off := 0
			for _, part := range strings.Split(c.Text, " ") {
				np := norm(part)
				for _, kw := range kws {
					if np != "" && strings.Contains(np, kw) && len([]rune(np)) <= 2*len([]rune(kw)) {
						starts = append(starts, c.X+float64(off)*scale)
						break
					}
				}
				off += len([]rune(part)) + 1
			}
		}
	}
	sort.Float64s(starts)
	return dedupeNear(starts)
}
