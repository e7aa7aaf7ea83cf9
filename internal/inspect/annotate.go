package inspect

import (
	"fmt"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/pdfannot"
)

// Annotations are a PDF document's located findings as annotations: one
// per finding, on the box of its first place, with the finding as note.
func Annotations(d *Document) []pdfannot.Annotation {
	var out []pdfannot.Annotation
	for _, f := range d.Findings {
		if f.Box == nil || f.Page < 1 {
			continue
		}
		var rects [][4]float64
		for _, p := range f.Places {
			if p.Box != nil && p.Page == f.Page {
				rects = append(rects, [4]float64(*p.Box))
			}
		}
		note := fmt.Sprintf("[%s·%s] %s %s", SeverityName(string(f.Severity)), f.Kind, f.Rule, f.Message)
		out = append(out, pdfannot.Annotation{Page: f.Page, Rect: [4]float64(*f.Box), Rects: rects, Contents: note, Error: f.Severity == juesuan.SevError})
	}
	return out
}
