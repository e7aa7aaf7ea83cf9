// Package xlsx writes the nine disclosure tables as an Excel workbook
// (excelize): one sheet per table with the printed merged headers,
// amounts formatted #,##0.00, totals as live formulas that carry their
// cached values, and print setup (A4, fit to width, repeated header rows).
package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/juesuan/juesuan/internal/disclosure"
)

// Layout of a sheet: title row, 部门/单位 row, then the header rows.
const (
	titleRow  = 1
	metaRow   = 2
	headerRow = 3
)

// BodyRow returns the sheet row (1-based) of body row i of t.
func BodyRow(t *disclosure.Table, i int) int { return headerRow + len(t.Header) + i }

// CellName returns the sheet cell of body cell (i, j) of t.
func CellName(t *disclosure.Table, i, j int) string {
	n, _ := excelize.CoordinatesToCellName(j+1, BodyRow(t, i))
	return n
}

type styles struct {
	title, meta, metaRight, head, text, center, amount, amountBold, note int
}

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	numFmt := "#,##0.00"
	var s styles
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	s.title = mk(&excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	s.meta = mk(&excelize.Style{Font: font(10, false), Alignment: &excelize.Alignment{Horizontal: "left"}})
	s.metaRight = mk(&excelize.Style{Font: font(10, false), Alignment: &excelize.Alignment{Horizontal: "right"}})
	s.head = mk(&excelize.Style{Font: font(10, true), Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	s.text = mk(&excelize.Style{Font: font(10, false), Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	s.center = mk(&excelize.Style{Font: font(10, false), Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	s.amount = mk(&excelize.Style{Font: font(10, false), Border: border, CustomNumFmt: &numFmt, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}})
	s.amountBold = mk(&excelize.Style{Font: font(10, true), Border: border, CustomNumFmt: &numFmt, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}})
	s.note = mk(&excelize.Style{Font: font(9, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}})
	return s, err
}

// Render writes the workbook of d's nine tables.
func Render(w io.Writer, d *disclosure.Document) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, t := range d.Tables {
		name := t.Sheet
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := writeSheet(f, name, t, st); err != nil {
			return fmt.Errorf("%s：%v", t.Title, err)
		}
	}
	// Excel recalculates on open as well; the cached values serve viewers
	// that never calculate.
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return numericCache(buf.Bytes(), w)
}

func writeSheet(f *excelize.File, sheet string, t *disclosure.Table, st styles) error {
	ncol := t.Cols()
	last, _ := excelize.ColumnNumberToName(ncol)
	cell := func(col, row int) string { n, _ := excelize.CoordinatesToCellName(col, row); return n }
	// Column widths in characters from the relative widths.
	for j, w := range t.Widths {
		c, _ := excelize.ColumnNumberToName(j + 1)
		if err := f.SetColWidth(sheet, c, c, float64(w)*1.15+1); err != nil {
			return err
		}
	}
	if err := f.SetCellStr(sheet, cell(1, titleRow), safeText(t.Title)); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, cell(1, titleRow), last+fmt.Sprint(titleRow)); err != nil {
		return err
	}
	f.SetCellStyle(sheet, cell(1, titleRow), last+fmt.Sprint(titleRow), st.title)
	f.SetRowHeight(sheet, titleRow, 28)
	half := max(ncol/2, 1)
	f.SetCellStr(sheet, cell(1, metaRow), safeText(t.Dept))
	f.MergeCell(sheet, cell(1, metaRow), cell(half, metaRow))
	f.SetCellStyle(sheet, cell(1, metaRow), cell(half, metaRow), st.meta)
	if half < ncol {
		f.SetCellStr(sheet, cell(half+1, metaRow), safeText(t.Unit))
		f.MergeCell(sheet, cell(half+1, metaRow), cell(ncol, metaRow))
		f.SetCellStyle(sheet, cell(half+1, metaRow), cell(ncol, metaRow), st.metaRight)
	}
	put := func(grid [][]disclosure.Cell, top int, head bool) error {
		for i, row := range grid {
			for j, c := range row {
				r := top + i
				ref := cell(j+1, r)
				style := st.text
				switch {
				case head:
					style = st.head
				case c.Value != nil || c.Align == disclosure.Right:
					style = st.amount
					if c.Bold {
						style = st.amountBold
					}
				case c.Align == disclosure.Center:
					style = st.center
				}
				if err := f.SetCellStyle(sheet, ref, ref, style); err != nil {
					return err
				}
				if c.Covered {
					continue
				}
				switch {
				case c.Value != nil:
					// The printed 万元 text is exact; no float64 on the way.
					if err := f.SetCellDefault(sheet, ref, c.Value.Wan()); err != nil {
						return err
					}
					if len(c.Formula) > 0 && !head {
						if err := f.SetCellFormula(sheet, ref, formula(t, c.Formula)); err != nil {
							return err
						}
					}
				case c.Text != "":
					if err := f.SetCellStr(sheet, ref, safeText(c.Text)); err != nil {
						return err
					}
				}
				if c.ColSpan > 1 || c.RowSpan > 1 {
					if err := f.MergeCell(sheet, ref, cell(j+c.ColSpan, r+c.RowSpan-1)); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	if err := put(t.Header, headerRow, true); err != nil {
		return err
	}
	if err := put(t.Body, headerRow+len(t.Header), false); err != nil {
		return err
	}
	r := headerRow + len(t.Header) + len(t.Body) + 1
	notes := append([]string(nil), t.Notes...)
	if t.Empty != "" {
		notes = append(notes, t.Empty)
	}
	for _, n := range notes {
		f.SetCellStr(sheet, cell(1, r), safeText(n))
		f.MergeCell(sheet, cell(1, r), cell(ncol, r))
		f.SetCellStyle(sheet, cell(1, r), cell(ncol, r), st.note)
		f.SetRowHeight(sheet, r, 15*float64(1+len([]rune(n))/(ncol*9)))
		r++
	}
	// Print: A4, fit all columns on one page width, header rows repeated.
	orient := "portrait"
	if t.Wide {
		orient = "landscape"
	}
	size, one, zero := 9, 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if len(t.Header) > 0 {
		return f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, headerRow, headerRow+len(t.Header)-1),
			Scope:    sheet,
		})
	}
	return nil
}

// formula writes a cell's Formula as an Excel expression: B5+B6-B7.
func formula(t *disclosure.Table, refs []disclosure.Ref) string {
	var b strings.Builder
	for i, r := range refs {
		if r.Neg {
			b.WriteByte('-')
		} else if i > 0 {
			b.WriteByte('+')
		}
		b.WriteString(CellName(t, r.Row, r.Col))
	}
	return b.String()
}

// numericCache rewrites the workbook so that formula cells carry their
// cached value as a number: excelize marks every formula cell's value as
// a string (t="str"), which Excel would show until it recalculates.
func numericCache(in []byte, w io.Writer) error {
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, file := range zr.File {
		rc, err := file.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if strings.HasPrefix(file.Name, "xl/worksheets/") {
			data = bytes.ReplaceAll(data, []byte(` t="str"><f>`), []byte(`><f>`))
		}
		hdr := file.FileHeader
		fw, err := zw.CreateHeader(&hdr)
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// safeText neutralises text that a spreadsheet would take for a formula
// when a user edits the cell (=HYPERLINK(…), +cmd, -…, @…): a leading
// apostrophe keeps it text (OWASP CSV-injection advice).
func safeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
