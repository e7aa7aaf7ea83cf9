package importer

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/importer/pdfimport"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// Import speed per page of the corpus PDFs, pdfium already started
// (BenchmarkStartup in pdfimport measures the start), beside
// `pdftotext -layout` on the same files. See BENCHMARKS.md.
//
//	go test ./internal/importer -run XXX -bench 'PDF|Pdftotext' -benchtime 5x
func BenchmarkImportPDF(b *testing.B) {
	for _, name := range corpusPDFs {
		b.Run(name, func(b *testing.B) {
			data := readPDF(b, name)
			res, err := Bytes(name+".pdf", data, yearspec.Default, Options{}) // start pdfium
			if err != nil {
				b.Fatal(err)
			}
			pages := pageCount(b, data)
			_ = res
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Bytes(name+".pdf", data, yearspec.Default, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N*pages), "s/page")
		})
	}
}

// BenchmarkExtractPDF is the text extraction alone (no table rebuilding).
func BenchmarkExtractPDF(b *testing.B) {
	for _, name := range corpusPDFs {
		b.Run(name, func(b *testing.B) {
			data := readPDF(b, name)
			pages := pageCount(b, data)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := pdfimport.Read(context.Background(), name, data, pdfimport.DefaultLimits); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N*pages), "s/page")
		})
	}
}

func BenchmarkPdftotext(b *testing.B) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("JUESUAN_REQUIRE_TOOLS") != "" {
			b.Fatal("pdftotext (poppler-utils) is required")
		}
		b.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	for _, name := range corpusPDFs {
		b.Run(name, func(b *testing.B) {
			path := filepath.Join("testdata", name+".pdf")
			pages := pageCount(b, readPDF(b, name))
			for i := 0; i < b.N; i++ {
				if out, err := exec.Command(bin, "-layout", path, os.DevNull).CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N*pages), "s/page")
		})
	}
}

func readPDF(b testing.TB, name string) []byte {
	data, err := os.ReadFile(filepath.Join("testdata", name+".pdf"))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func pageCount(b testing.TB, data []byte) int {
	doc, err := pdfimport.Read(context.Background(), "x.pdf", data, pdfimport.Limits{PageTimeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	return doc.Pages
}
