package disclosure

import (
	"strings"
)

// Text renders the document as plain text (tables tab-separated): the
// golden form of the model, and what a reader's copy-paste would give.
func (d *Document) Text() string {
	var b strings.Builder
	b.WriteString(d.Title + "\n" + d.Date + "\n\n目 录\n")
	for _, e := range d.TOC {
		b.WriteString(strings.Repeat("  ", e.Level-1) + e.Text + "\n")
	}
	for _, bl := range d.Blocks {
		switch bl.Kind {
		case Heading:
			b.WriteString("\n" + strings.Repeat("#", bl.Level) + " " + bl.Text + "\n")
		case Para:
			b.WriteString(bl.Text + "\n")
		case ChartBlock:
			b.WriteString("[" + bl.Chart.Title + "]")
			for _, it := range bl.Chart.Items {
				b.WriteString(" " + it.Label + " " + it.Value.Wan())
			}
			b.WriteString("\n")
		case TableBlock:
			t := bl.Table
			b.WriteString("\n" + t.Title + "\n")
			if t.Dept != "" {
				b.WriteString(t.Dept + "\t" + t.Unit + "\n")
			}
			for _, grid := range [][][]Cell{t.Header, t.Body} {
				for _, row := range grid {
					var cells []string
					for _, c := range row {
						if !c.Covered {
							cells = append(cells, c.Text)
						}
					}
					b.WriteString(strings.Join(cells, "\t") + "\n")
				}
			}
			for _, n := range t.Notes {
				b.WriteString(n + "\n")
			}
			if t.Empty != "" {
				b.WriteString(t.Empty + "\n")
			}
		}
	}
	return b.String()
}
