// Package textimport turns text extracted from a published report into
// positioned cells: tab-separated text (the field index is the position)
// and `pdftotext -layout` column text (the character column is the
// position). The PDF reader produces the same model from glyph positions,
// so one table reconstruction serves every input.
package textimport

import "strings"

// Cell is one run of text on a line and its horizontal extent. X and End
// are in the unit of the source: character columns for layout text, field
// indexes for tab-separated text, character widths for a PDF.
type Cell struct {
	X, End float64
	Text   string
}

// Center is the middle of the cell, used to match a cell with a column.
func (c Cell) Center() float64 { return (c.X + c.End) / 2 }

// Line is one printed line.
type Line struct {
	Page  int // 1-based page
	No    int // 1-based line in the file (or on the page for a PDF)
	Cells []Cell
	// Tabbed marks a tab-separated line: positions are exact field indexes.
	Tabbed bool
}

// Text is the line's text with its cells joined by one space.
func (l Line) Text() string {
	switch len(l.Cells) {
	case 0:
		return ""
	case 1:
		return l.Cells[0].Text
	}
	n := len(l.Cells) - 1
	for _, c := range l.Cells {
		n += len(c.Text)
	}
	var b strings.Builder
	b.Grow(n)
	for i, c := range l.Cells {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.Text)
	}
	return b.String()
}

// Doc is a whole document as positioned lines.
type Doc struct {
	Name  string
	Pages int
	Lines []Line
	// Where says how a line is addressed in messages: "行" for a text
	// file (line numbers of the file), "页" lines for a PDF.
	PDF bool
}
