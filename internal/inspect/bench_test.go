package inspect

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/juesuan/juesuan/internal/pdfannot"
)

// BenchmarkInspectPDF inspects one published 24-page PDF (identify,
// import, audit, locate) and annotates it. The 100-PDF batch timing is
// in BENCHMARKS.md (juesuan inspect over 100 copies).
func BenchmarkInspectPDF(b *testing.B) {
	file := filepath.Join("..", "importer", "testdata", "putuo-shehuigongzuobu-2024-final.pdf")
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	opt := options(b, nil)
	b.ReportAllocs()
	for b.Loop() {
		d := &Document{File: file}
		Bytes(context.Background(), d, data, opt)
		if d.Error != "" {
			b.Fatal(d.Error)
		}
		if _, err := pdfannot.Annotate(d.Data, Annotations(d)); err != nil {
			b.Fatal(err)
		}
	}
}
