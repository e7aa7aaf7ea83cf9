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
		if err := writeSheet(f, name, t, st, d.Title); err != nil {
			return fmt.Errorf("%s：%v", t.Title, err)
		}
	}
	// The 情况说明 and the 绩效自评表 follow the tables, as in the document.
	if err := writeText(f, d, st); err != nil {
		return err
	}
	n, heading := 0, ""
	for _, b := range d.Blocks {
		if b.Kind == disclosure.Heading {
			heading = b.Text
		}
		if b.Kind != disclosure.TableBlock || b.Table.Class != "perf" {
			continue
		}
		n++
		name := fmt.Sprintf("绩效自评表%d", n)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		t := *b.Table
		if t.Title == "" {
			t.Title = heading // a sheet read alone needs the sheet's title
		}
		if err := writeSheet(f, name, &t, st, d.Title); err != nil {
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

func writeSheet(f *excelize.File, sheet string, t *disclosure.Table, st styles, docTitle string) error {
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
	meta := t.Dept
	if meta == "" && !strings.Contains(t.Title, "年") {
		// A family printing neither 部门 line nor year over its tables
		// (Shanghai): a sheet read alone still says whose and which year.
		meta = docTitle
	}
	f.SetCellStr(sheet, cell(1, metaRow), safeText(meta))
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
	// Header rows tall enough for their wrapped text; the header stays in
	// view while the rows scroll.
	for i, row := range t.Header {
		lines := 1
		for j, c := range row {
			if c.Covered || c.RowSpan > 1 {
				continue
			}
			lines = max(lines, textLines(c.Text, spanChars(t.Widths, j, c.ColSpan)))
		}
		if err := f.SetRowHeight(sheet, headerRow+i, 14*float64(lines)+4); err != nil {
			return err
		}
	}
	if t.Class == "perf" {
		for i, row := range t.Body {
			lines := 1
			for j, c := range row {
				if !c.Covered && c.RowSpan <= 1 {
					lines = max(lines, textLines(c.Text, spanChars(t.Widths, j, c.ColSpan)))
				}
			}
			f.SetRowHeight(sheet, headerRow+len(t.Header)+i, 13*float64(lines)+3)
		}
	}
	top := headerRow + len(t.Header)
	if len(t.Header) == 0 {
		top = headerRow
	}
	if len(t.Body) > 0 {
		topLeft, _ := excelize.CoordinatesToCellName(1, top)
		if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: top - 1, TopLeftCell: topLeft, ActivePane: "bottomLeft"}); err != nil {
			return err
		}
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

// colChars is a relative column width's size in characters of the sheet.
func colChars(w int) float64 { return float64(w)*1.15 + 1 }

func spanChars(widths []int, j, span int) float64 {
	c := 0.0
	for k := j; k < j+max(span, 1) && k < len(widths); k++ {
		c += colChars(widths[k])
	}
	return c
}

// textLines is how many lines text wraps to in a cell chars wide (a Chinese
// character is two characters wide).
func textLines(text string, chars float64) int {
	w := 0.0
	for _, r := range text {
		if r < 0x2E80 {
			w++
		} else {
			w += 2
		}
	}
	if chars < 2 {
		return 1
	}
	return max(1, int(w/(chars-1))+1)
}

// writeText adds a sheet with the document's text: the 概况, the 情况说明
// and the 名词解释, one paragraph a row, headings in bold.
func writeText(f *excelize.File, d *disclosure.Document, st styles) error {
	const sheet = "情况说明"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	const width = 100.0
	if err := f.SetColWidth(sheet, "A", "A", width); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 12}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	row := 1
	for i, b := range d.Blocks {
		if b.Kind == disclosure.Heading && perfFollows(d.Blocks[i+1:]) {
			break // the 绩效自评表 have sheets of their own
		}
		style := st.note
		switch {
		case b.Kind == disclosure.Heading:
			style = head
		case b.Kind == disclosure.Para && b.Class == "":
		case b.Kind == disclosure.Para:
		default:
			continue
		}
		ref := fmt.Sprintf("A%d", row)
		if err := f.SetCellStr(sheet, ref, safeText(b.Text)); err != nil {
			return err
		}
		f.SetCellStyle(sheet, ref, ref, style)
		f.SetRowHeight(sheet, row, 15*float64(textLines(b.Text, width)))
		row++
	}
	return nil
}

// perfFollows tells a 绩效自评表's heading: its table comes before any
// other heading.
func perfFollows(bs []disclosure.Block) bool {
	for _, b := range bs {
		switch {
		case b.Kind == disclosure.Heading:
			return false
		case b.Kind == disclosure.TableBlock:
			return b.Table.Class == "perf"
		}
	}
	return false
}
