package pdfimport

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/render/pdf"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// The direct calls are really used with the go-pdfium this module
// builds with; otherwise the comparison below would compare the
// reference with itself.
func TestDirectAvailable(t *testing.T) {
	p, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	inst, err := p.GetInstance(time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	if newDirect(inst) == nil {
		t.Fatal("direct calls unavailable: go-pdfium's WebAssembly implementation changed")
	}
}

// The pages read with direct calls, on one instance and on two in
// parallel, are exactly those read through go-pdfium's requests (the importer's reading before the
// direct calls), bit for bit, on the corpus PDFs (ONLYOFFICE and WPS), a
// LibreOffice PDF and a PDF the project renders with Chromium.
func TestDirectSameAsReference(t *testing.T) {
	files := map[string][]byte{}
	for _, name := range corpusPDFs {
		files[name] = corpusPDF(t, name)
	}
	small, err := os.ReadFile("testdata/small.pdf")
	if err != nil {
		t.Fatal(err)
	}
	files["small"] = small
	if b := renderedPDF(t); b != nil {
		files["rendered"] = b
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			want, err := glyphs(context.Background(), name, data, DefaultLimits, readOptions{reference: true})
			if err != nil {
				t.Fatal(err)
			}
			for run := 0; run < 2; run++ {
				// The second run reads with two instances in parallel.
				got, err := glyphs(context.Background(), name, data, DefaultLimits, readOptions{instances: 1 + run})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("%d pages, reference %d", len(got), len(want))
				}
				n := 0
				for i := range want {
					if d := firstDiff(got[i].Glyphs, want[i].Glyphs); d != "" {
						t.Fatalf("run %d, page %d: %s", run, i+1, d)
					}
					n += len(want[i].Glyphs)
				}
				if n == 0 {
					t.Fatal("no glyphs")
				}
			}
		})
	}
}

func firstDiff(got, want []Glyph) string {
	for i := 0; i < min(len(got), len(want)); i++ {
		if !sameGlyph(got[i], want[i]) {
			return fmt.Sprintf("glyph %d is %+v, reference %+v", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d glyphs, reference %d", len(got), len(want))
	}
	return ""
}

func sameGlyph(a, b Glyph) bool {
	bits := func(g Glyph) [5]uint64 {
		return [5]uint64{math.Float64bits(g.Left), math.Float64bits(g.Right), math.Float64bits(g.Bottom), math.Float64bits(g.Top), math.Float64bits(g.Base)}
	}
	return a.R == b.R && bits(a) == bits(b)
}

// renderedPDF is the example report rendered by the project's PDF
// renderer (headless Chromium), or nil when Chromium is missing.
func renderedPDF(t *testing.T) []byte {
	if _, err := pdf.Browser(); err != nil {
		if os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" {
			t.Fatal(err)
		}
		t.Logf("skipping the rendered PDF: %v", err)
		return nil
	}
	r, tpl, err := reportfile.ReadFile(filepath.Join("..", "..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := disclosure.Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := pdf.Render(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
