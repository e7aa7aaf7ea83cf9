package docximport

import (
	"strings"

	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// emitter turns the body tree into lines, numbered on their page.
type emitter struct {
	doc     *textimport.Doc
	page    int
	no      int
	content bool // the current page has a line: a break before any is not a page
	full    bool
}

func (e *emitter) emit(cells []textimport.Cell, tabbed bool) {
	if len(cells) == 0 || e.full {
		return
	}
	if len(e.doc.Lines) >= MaxLines {
		e.full = true
		return
	}
	e.no++
	e.content = true
	e.doc.Lines = append(e.doc.Lines, textimport.Line{Page: e.page, No: e.no, Cells: cells, Tabbed: tabbed})
}

// pageBreak starts a new page. Word writes both an explicit break and
// the break it rendered there, so consecutive breaks count once.
func (e *emitter) pageBreak() {
	if e.content {
		e.page++
		e.no = 0
		e.content = false
	}
}

func (e *emitter) container(n *node, depth int) {
	if depth > MaxDepth {
		return
	}
	for _, c := range n.children {
		switch c.kind {
		case kPara:
			for _, line := range strings.Split(c.text.String(), "\n") {
				e.emit(textimport.SplitRuns(line), false)
			}
		case kBreak:
			e.pageBreak()
		case kTable:
			e.table(c, depth+1)
		}
	}
}

// table emits a data table's rows, or walks a layout table's cells as
// blocks: a table whose cells hold tables, or a single cell, frames
// content rather than holding figures.
func (e *emitter) table(t *node, depth int) {
	if isLayout(t) {
		for _, row := range t.children {
			for _, c := range row.children {
				e.container(c, depth+1)
			}
		}
		return
	}
	for _, row := range t.children {
		col := row.before
		var cells []textimport.Cell
		brk := false
		for _, c := range row.children {
			if col >= MaxCols {
				break
			}
			text, b := cellText(c)
			brk = brk || b
			if !c.merged && text != "" {
				cells = append(cells, textimport.Cell{X: float64(col), End: float64(col), Text: text})
			}
			col += c.span
		}
		if brk {
			e.pageBreak()
		}
		e.emit(cells, true)
	}
}

func isLayout(t *node) bool {
	n := 0
	for _, row := range t.children {
		for _, c := range row.children {
			n++
			for _, k := range c.children {
				if k.kind == kTable {
					return true
				}
			}
		}
	}
	return n == 1
}

// cellText is a cell's paragraphs on one line, and whether a page break
// falls in it (the row then starts a page).
func cellText(c *node) (string, bool) {
	var parts []string
	brk := false
	for _, k := range c.children {
		switch k.kind {
		case kPara:
			if s := strings.Join(strings.Fields(k.text.String()), " "); s != "" {
				parts = append(parts, s)
			}
		case kBreak:
			brk = true
		}
	}
	return strings.Join(parts, " "), brk
}
