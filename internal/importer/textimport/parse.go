package textimport

import (
	"strings"
	"unicode"
)

// Parse splits text into pages (form feeds) and lines, and each line into
// cells: tab-separated fields when the line has a tab, otherwise runs of
// text separated by two or more spaces, with amounts and codes split off
// even when a single space separates them.
func Parse(name, text string) *Doc {
	d := &Doc{Name: name}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	page := 1
	for i, raw := range strings.Split(text, "\n") {
		for {
			before, after, ok := strings.Cut(raw, "\f")
			if !ok {
				break
			}
			if strings.TrimSpace(before) != "" {
				d.Lines = append(d.Lines, splitLine(before, page, i+1))
			}
			page++
			raw = after
		}
		if strings.TrimSpace(raw) == "" {
			continue
		}
		d.Lines = append(d.Lines, splitLine(raw, page, i+1))
	}
	d.Pages = page
	return d
}

func splitLine(s string, page, no int) Line {
	l := Line{Page: page, No: no}
	if strings.Contains(s, "\t") {
		l.Tabbed = true
		for i, f := range strings.Split(s, "\t") {
			if f = strings.TrimSpace(f); f != "" {
				l.Cells = append(l.Cells, Cell{X: float64(i), End: float64(i), Text: f})
			}
		}
		return l
	}
	l.Cells = SplitRuns(s)
	return l
}

// SplitRuns splits a layout line into cells by position (rune columns).
func SplitRuns(s string) []Cell {
	type tok struct {
		x, end int
		text   string
	}
	var toks []tok
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) {
			j++
		}
		toks = append(toks, tok{i, j, string(rs[i:j])})
		i = j
	}
	var cells []Cell
	for k, t := range toks {
		if k > 0 && len(cells) > 0 {
			prev := toks[k-1]
			if t.x-prev.end == 1 && !Numeric(prev.text) && !Numeric(t.text) {
				c := &cells[len(cells)-1]
				c.Text += " " + t.text
				c.End = float64(t.end)
				continue
			}
		}
		cells = append(cells, Cell{X: float64(t.x), End: float64(t.end), Text: t.text})
	}
	return cells
}

// Numeric reports whether s is an amount or a digit code, the tokens that
// must stay separate cells.
func Numeric(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= '０' && r <= '９' || r == ',' || r == '.' || r == '-' || r == '，' || r == '．') {
			return false
		}
	}
	return true
}
