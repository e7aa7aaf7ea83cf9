// Package hostile makes inputs meant to hurt the importers, for tests:
// too big to commit, cheap to generate.
package hostile

import (
	"fmt"
	"strings"
)

// MillionOpsPDF is a valid one-page PDF whose content stream holds a
// million drawing operations and no text: reading it keeps a core busy for
// seconds and ends in a "no text layer" error, or in the importer's
// per-page time limit.
func MillionOpsPDF() []byte {
	var ops strings.Builder
	for i := 0; i < 1_000_000; i++ {
		ops.WriteString("0 0 m 1 1 l S\n")
	}
	content := ops.String()
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	var pdf strings.Builder
	pdf.WriteString("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, pdf.Len())
		fmt.Fprintf(&pdf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := pdf.Len()
	fmt.Fprintf(&pdf, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&pdf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&pdf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(pdf.String())
}
