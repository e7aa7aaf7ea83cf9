package roundtrip

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/render/docx"
	"github.com/juesuan/juesuan/internal/render/html"
	"github.com/juesuan/juesuan/internal/render/pdf"
	"github.com/juesuan/juesuan/internal/render/xlsx"
)

// Mode is one way a rendered report is turned back into importer input.
type Mode string

// The modes, in the order the table prints them.
const (
	ModePDF       Mode = "pdf"       // the PDF itself, read by the importer
	ModeLayout    Mode = "layout"    // pdftotext -layout
	ModeRaw       Mode = "raw"       // pdftotext without -layout
	ModeCollapsed Mode = "collapsed" // -layout text with space runs collapsed: blank cells gone
	ModeHTML      Mode = "html"
	ModeXLSX      Mode = "xlsx"
	ModeDOCX      Mode = "docx"
)

// Modes lists every mode.
var Modes = []Mode{ModePDF, ModeLayout, ModeRaw, ModeCollapsed, ModeHTML, ModeXLSX, ModeDOCX}

// NeedsBrowser tells whether the mode starts from a Chromium-printed PDF.
func (m Mode) NeedsBrowser() bool {
	return m == ModePDF || m.NeedsPdftotext()
}

// NeedsPdftotext tells whether the mode extracts text with poppler.
func (m Mode) NeedsPdftotext() bool {
	return m == ModeLayout || m == ModeRaw || m == ModeCollapsed
}

// File is one rendered or extracted input for the importer; the name's
// extension tells the importer the format.
type File struct {
	Name string
	Data []byte
}

// Renderer renders a document into the inputs of the requested modes.
type Renderer struct {
	Printer   *pdf.Printer // one browser for the whole run; nil without PDF modes
	Pdftotext string       // path of pdftotext; "" without text modes
	Dir       string       // scratch directory for the PDF handed to pdftotext
}

var spaceRun = regexp.MustCompile(`[ \t]+`)

// Files renders doc once per format and extracts what the modes need.
func (rd *Renderer) Files(ctx context.Context, doc *disclosure.Document, modes []Mode) (map[Mode]File, error) {
	want := map[Mode]bool{}
	for _, m := range modes {
		want[m] = true
	}
	out := map[Mode]File{}
	var page bytes.Buffer
	if err := html.Render(&page, doc); err != nil {
		return nil, fmt.Errorf("HTML: %v", err)
	}
	if want[ModeHTML] {
		out[ModeHTML] = File{"report.html", page.Bytes()}
	}
	if want[ModeXLSX] {
		var b bytes.Buffer
		if err := xlsx.Render(&b, doc); err != nil {
			return nil, fmt.Errorf("XLSX: %v", err)
		}
		out[ModeXLSX] = File{"report.xlsx", b.Bytes()}
	}
	if want[ModeDOCX] {
		var b bytes.Buffer
		if err := docx.Render(&b, doc); err != nil {
			return nil, fmt.Errorf("DOCX: %v", err)
		}
		out[ModeDOCX] = File{"report.docx", b.Bytes()}
	}
	if !(want[ModePDF] || want[ModeLayout] || want[ModeRaw] || want[ModeCollapsed]) {
		return out, nil
	}
	if rd.Printer == nil {
		return nil, fmt.Errorf("PDF 模式需要 Chromium")
	}
	doc2, err := rd.Printer.Print(ctx, page.Bytes())
	if err != nil {
		return nil, err
	}
	if want[ModePDF] {
		out[ModePDF] = File{"report.pdf", doc2}
	}
	if !(want[ModeLayout] || want[ModeRaw] || want[ModeCollapsed]) {
		return out, nil
	}
	// Reports render side by side: each PDF gets its own scratch file.
	f, err := os.CreateTemp(rd.Dir, "report-*.pdf")
	if err != nil {
		return nil, err
	}
	path := f.Name()
	defer os.Remove(path)
	_, err = f.Write(doc2)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	layout, err := rd.pdftotext(ctx, path, "-layout")
	if err != nil {
		return nil, err
	}
	if want[ModeLayout] {
		out[ModeLayout] = File{"report-layout.txt", layout}
	}
	if want[ModeCollapsed] {
		out[ModeCollapsed] = File{"report-collapsed.txt", Collapse(layout)}
	}
	if want[ModeRaw] {
		raw, err := rd.pdftotext(ctx, path)
		if err != nil {
			return nil, err
		}
		out[ModeRaw] = File{"report-raw.txt", raw}
	}
	return out, nil
}

func (rd *Renderer) pdftotext(ctx context.Context, path string, flags ...string) ([]byte, error) {
	args := append(append([]string{"-enc", "UTF-8"}, flags...), path, "-")
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, rd.Pdftotext, args...)
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("pdftotext %s: %v: %s", strings.Join(flags, " "), err, stderr.String())
	}
	return b, nil
}

// Collapse reduces every run of spaces on a line to one space, as
// extractors that do not keep the layout do: blank cells leave no trace.
func Collapse(text []byte) []byte {
	lines := strings.Split(string(text), "\n")
	for i, l := range lines {
		lines[i] = strings.Trim(spaceRun.ReplaceAllString(l, " "), " ") // keep \f: it marks pages
	}
	return []byte(strings.Join(lines, "\n"))
}
