package importer

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/render/docx"
	"github.com/juesuan/juesuan/internal/render/html"
	"github.com/juesuan/juesuan/internal/render/xlsx"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// roundTripReports are the reference example and five generated units.
func roundTripReports(t *testing.T) (names []string, reports []*juesuan.Report, tpls []*juesuan.Template) {
	t.Helper()
	r, tpl, err := reportfile.ReadFile("../../examples/wuhan-zhigong-2020.yaml", yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	names, reports, tpls = append(names, "example"), append(reports, r), append(tpls, tpl)
	gtpl, err := yearspec.Default.Load("2020")
	if err != nil {
		t.Fatal(err)
	}
	p, err := audit.Program(gtpl)
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []uint64{1, 7} {
		for _, g := range gen.Generate(p, 2020, gen.Options{Units: 5, Seed: seed}) {
			names = append(names, fmt.Sprintf("seed%d-%s", seed, g.Unit.Code))
			reports, tpls = append(reports, g.Report), append(tpls, gtpl)
		}
	}
	return names, reports, tpls
}

// printed is the report as its document prints it: a report kept in 元
// is published in 万元 (balanced rounding), which is what an import of
// the document can give back.
func printed(t *testing.T, tpl *juesuan.Template, r *juesuan.Report) *juesuan.Report {
	t.Helper()
	given := map[juesuan.CellRef]bool{}
	for c := range r.Cells {
		given[c] = true // a zero the report states is printed as 0.00
	}
	vals, _, err := disclosure.Values(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	p := juesuan.NewReport(r.Year, r.Template)
	for c, v := range vals {
		if v != 0 || given[c] {
			p.Cells[c] = v
		}
	}
	return p
}

type renderer func(*bytes.Buffer, *disclosure.Document) error

// Juesuan's own HTML and Word renderings import back to exactly the
// report's cells.
func TestRenderedRoundTrip(t *testing.T) {
	names, reports, tpls := roundTripReports(t)
	formats := []struct {
		ext    string
		format Format
		render renderer
	}{
		{".html", FormatHTML, func(b *bytes.Buffer, d *disclosure.Document) error { return html.Render(b, d) }},
		{".docx", FormatDOCX, func(b *bytes.Buffer, d *disclosure.Document) error { return docx.Render(b, d) }},
		{".xlsx", FormatXLSX, func(b *bytes.Buffer, d *disclosure.Document) error { return xlsx.Render(b, d) }},
	}
	for i, r := range reports {
		want := cellsCSV(t, tpls[i], printed(t, tpls[i], r))
		d, err := disclosure.Build(tpls[i], r)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range formats {
			t.Run(names[i]+f.ext, func(t *testing.T) {
				var buf bytes.Buffer
				if err := f.render(&buf, d); err != nil {
					t.Fatal(err)
				}
				res, err := Bytes(names[i]+f.ext, buf.Bytes(), yearspec.Default, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if res.Format != f.format {
					t.Errorf("format %s, want %s", res.Format, f.format)
				}
				if got := cellsCSV(t, res.Template, res.Report); got != want {
					t.Errorf("cells differ:\n%s", lineDiff(want, got))
				}
				if len(res.Diags) != 0 {
					t.Errorf("diagnostics: %v", res.Diags)
				}
			})
		}
	}
}
