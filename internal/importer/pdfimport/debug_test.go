package pdfimport

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
)

// TestDebugLines prints the lines of one page (JUESUAN_DEBUG_PDF,
// JUESUAN_DEBUG_PAGE; JUESUAN_DEBUG_GLYPHS=1 prints the glyphs too).
func TestDebugLines(t *testing.T) {
	path := os.Getenv("JUESUAN_DEBUG_PDF")
	if path == "" {
		t.Skip("JUESUAN_DEBUG_PDF not set")
	}
	page, _ := strconv.Atoi(os.Getenv("JUESUAN_DEBUG_PAGE"))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := Glyphs(context.Background(), path, data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	p := pages[page-1]
	if os.Getenv("JUESUAN_DEBUG_GLYPHS") != "" {
		for _, g := range p.Glyphs {
			fmt.Printf("%q %.1f-%.1f y %.1f-%.1f\n", g.R, g.Left, g.Right, g.Bottom, g.Top)
		}
	}
	for _, l := range Lines(page, p.Glyphs) {
		fmt.Printf("%3d:", l.No)
		for _, c := range l.Cells {
			fmt.Printf(" [%.1f-%.1f %s]", c.X, c.End, c.Text)
		}
		fmt.Println()
	}
}
