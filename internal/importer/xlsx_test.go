package importer

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/render/xlsx"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// Juesuan's own workbook of the example imports back to exactly the
// example's cells.
func TestXLSXRoundTrip(t *testing.T) {
	want, tpl, err := reportfile.ReadFile("../../examples/wuhan-zhigong-2020.yaml", yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := disclosure.Build(tpl, want)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsx.Render(&buf, doc); err != nil {
		t.Fatal(err)
	}
	res, err := Bytes("example.xlsx", buf.Bytes(), yearspec.Default, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != FormatXLSX || len(res.Diags) != 0 {
		t.Errorf("format %s, diagnostics %v", res.Format, res.Diags)
	}
	if got, w := cellsCSV(t, res.Template, res.Report), cellsCSV(t, tpl, want); got != w {
		t.Errorf("cells differ:\n%s", lineDiff(w, got))
	}
}

// publishedWorkbook lays the reference report's tab-separated text out as
// a published workbook: one sheet for everything, or one sheet per page.
// Amounts become number cells (stored as their decimal text, some without
// trailing zeros, as Excel stores 122.4), 行次 stay plain numbers.
func publishedWorkbook(t *testing.T, perPage bool) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/wuhan-zhigong-2020-final.txt")
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	amountStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 4})
	sheet, row := "Sheet1", 0
	for p, page := range strings.Split(string(raw), "\f") {
		if perPage && p > 0 {
			sheet, row = "第"+string(rune('A'+p))+"页", 0
			if _, err := f.NewSheet(sheet); err != nil {
				t.Fatal(err)
			}
		}
		for _, line := range strings.Split(page, "\n") {
			row++
			for c, field := range strings.Split(line, "\t") {
				field = strings.TrimSpace(field)
				if field == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, row)
				switch {
				case IsAmount(field) && !strings.Contains(field, ","):
					// Stored the way Excel stores numbers: no trailing zeros.
					v := strings.TrimSuffix(strings.TrimRight(field, "0"), ".")
					f.SetCellDefault(sheet, ref, v)
					f.SetCellStyle(sheet, ref, ref, amountStyle)
				default:
					f.SetCellStr(sheet, ref, field)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXPublishedLayouts(t *testing.T) {
	want := cellsCSV(t, mustImport(t, "testdata/wuhan-zhigong-2020-final.txt").Template, mustImport(t, "testdata/wuhan-zhigong-2020-final.txt").Report)
	for _, perPage := range []bool{false, true} {
		res, err := Bytes("published.xlsx", publishedWorkbook(t, perPage), yearspec.Default, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := cellsCSV(t, res.Template, res.Report); got != want {
			t.Errorf("sheet per page %v: cells differ:\n%s", perPage, lineDiff(want, got))
		}
		if res.Report.Prior.Total == nil || res.Report.Prior.Total.Wan() != "123.77" {
			t.Errorf("sheet per page %v: prior total %v", perPage, res.Report.Prior.Total)
		}
	}
}

func TestXLSXBadInput(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"zip.xlsx", []byte("PK\x03\x04garbage"), "XLSX"},
		{"old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, ".xlsx"},
		{"fake.xlsx", []byte("hello"), "XLSX"},
	}
	empty := excelize.NewFile()
	var buf bytes.Buffer
	empty.Write(&buf)
	cases = append(cases, struct {
		name string
		data []byte
		want string
	}{"empty.xlsx", buf.Bytes(), "空"})
	for _, c := range cases {
		_, err := Bytes(c.name, c.data, yearspec.Default, Options{})
		if err == nil || !strings.Contains(err.Error(), c.name) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to name the file and say %q", c.name, err, c.want)
		}
	}
}
