// Package roundtrip measures import fidelity: generated reports are
// rendered, extracted the ways published reports reach us (the PDF
// itself, pdftotext with and without -layout, text with blank cells
// collapsed, HTML, XLSX, DOCX), imported back and compared cell by cell
// with what the document printed; each import is audited again to count
// errors the import invented. The test in this package prints the table.
package roundtrip

import (
	"github.com/juesuan/juesuan/internal/yearspec"
)

// Target is one template under test and the year its reports are
// generated for.
type Target struct {
	Template string
	Year     int
}

// Targets lists what the harness covers: every template l holds, with the
// year the template declares. Keep this the one place that enumerates
// templates, so that year-range template families can replace it.
func Targets(l *yearspec.Loader) ([]Target, error) {
	var out []Target
	for _, id := range l.IDs() {
		tpl, err := l.Load(id)
		if err != nil {
			return nil, err
		}
		out = append(out, Target{Template: id, Year: tpl.Year})
	}
	return out, nil
}
