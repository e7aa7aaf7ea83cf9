// Package xlsximport turns a workbook into the positioned lines the
// table reconstruction reads: every sheet is a page, every row a line,
// and the column index is a cell's exact position (like a tab-separated
// line). It reads the published layouts (one sheet per table, or all
// tables on one sheet) and Juesuan's own XLSX output.
//
// Amounts are read as the stored decimal text (RawCellValue), never
// through float64: a number cell holding 122.4 becomes "122.40".
package xlsximport

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// Limits bound what one workbook may cost.
const (
	MaxUnzipped = juesuan.ImportMemoryBudget // all parts, decompressed (zip bombs)
	MaxXMLPart  = 16 << 20                   // one XML part (a sheet, the shared strings); a 部门决算's are well under 1 MB
	MaxSheets   = 200
	MaxRows     = 20000 // per sheet; a 部门决算 table has tens of rows
	MaxCols     = 200
)

// Read converts the workbook in data.
func Read(name string, data []byte) (doc *textimport.Doc, err error) {
	defer func() {
		// excelize is large and fed untrusted input: a panic in it is a
		// bad file, not a crash.
		if p := recover(); p != nil {
			doc, err = nil, fmt.Errorf("%s: XLSX 文件无法读取（文件可能已损坏）: %v", name, p)
		}
	}()
	if err := checkParts(name, data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    MaxUnzipped,
		UnzipXMLSizeLimit: MaxXMLPart,
	})
	if err != nil {
		return nil, openError(name, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%s: 工作簿中没有工作表", name)
	}
	if len(sheets) > MaxSheets {
		return nil, fmt.Errorf("%s: 工作簿有 %d 个工作表，超过上限 %d 个", name, len(sheets), MaxSheets)
	}
	doc = &textimport.Doc{Name: name, Pages: len(sheets)}
	st := &styleCache{f: f, decimals: map[int]bool{}}
	for i, sh := range sheets {
		lines, err := readSheet(f, st, sh, i+1)
		if err != nil {
			return nil, fmt.Errorf("%s: 工作表“%s”: %v", name, sh, err)
		}
		doc.Lines = append(doc.Lines, lines...)
	}
	if len(doc.Lines) == 0 {
		return nil, fmt.Errorf("%s: 工作簿是空的（没有任何单元格内容）", name)
	}
	return doc, nil
}

func openError(name string, err error) error {
	switch {
	case errors.Is(err, excelize.ErrWorkbookFileFormat):
		return fmt.Errorf("%s: 不是有效的 XLSX 文件（文件已损坏或不是 Excel 工作簿）", name)
	case errors.Is(err, excelize.ErrOptionsUnzipSizeLimit), strings.Contains(err.Error(), "size limit"):
		return fmt.Errorf("%s: XLSX 解压后过大（上限 %d MB），不像一份部门决算", name, MaxUnzipped>>20)
	case strings.Contains(err.Error(), "encrypt") || strings.Contains(err.Error(), "password"):
		return fmt.Errorf("%s: XLSX 已加密，需要密码才能打开；请提供未加密的文件", name)
	}
	return fmt.Errorf("%s: XLSX 文件无法打开（文件可能已损坏）: %v", name, err)
}

func readSheet(f *excelize.File, st *styleCache, sheet string, page int) ([]textimport.Line, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []textimport.Line
	r := 0
	for rows.Next() {
		r++
		if r > MaxRows {
			return nil, fmt.Errorf("超过 %d 行，不像一份部门决算", MaxRows)
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("第 %d 行: %v", r, err)
		}
		if len(cols) > MaxCols {
			return nil, fmt.Errorf("第 %d 行超过 %d 列", r, MaxCols)
		}
		l := textimport.Line{Page: page, No: r, Tabbed: true}
		for c, v := range cols {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r)
			v = st.value(sheet, ref, v)
			l.Cells = append(l.Cells, textimport.Cell{X: float64(c), End: float64(c), Text: v})
		}
		if len(l.Cells) > 0 {
			out = append(out, l)
		}
	}
	return out, rows.Error()
}

// styleCache tells whether a cell's number format shows decimals.
type styleCache struct {
	f        *excelize.File
	decimals map[int]bool
}

// value returns the cell's text as the importer should see it: a number
// cell shown with decimals (an amount) as a two-decimal string; any other
// cell as stored.
func (s *styleCache) value(sheet, ref, raw string) string {
	if !isDecimal(raw) {
		return raw
	}
	t, err := s.f.GetCellType(sheet, ref)
	if err != nil || t != excelize.CellTypeNumber && t != excelize.CellTypeUnset {
		return raw
	}
	if !strings.Contains(raw, ".") && !s.showsDecimals(sheet, ref) {
		return raw // 行次, 栏次, counts
	}
	return TwoDecimals(raw)
}

func (s *styleCache) showsDecimals(sheet, ref string) bool {
	id, err := s.f.GetCellStyle(sheet, ref)
	if err != nil || id == 0 {
		return false
	}
	if d, ok := s.decimals[id]; ok {
		return d
	}
	d := false
	if st, err := s.f.GetStyle(id); err == nil {
		switch {
		case st.CustomNumFmt != nil:
			d = strings.Contains(*st.CustomNumFmt, ".0")
		default:
			// Built-in formats with two decimals: 0.00, #,##0.00 and the
			// accounting/currency ones.
			switch st.NumFmt {
			case 2, 4, 7, 8, 39, 40, 43, 44:
				d = true
			}
		}
	}
	s.decimals[id] = d
	return d
}

func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	s = strings.TrimPrefix(s, "-")
	dot := false
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0 && digits <= 30
}

// TwoDecimals writes a stored decimal number with exactly two decimals,
// rounding half away from zero on the decimal digits themselves: a value
// Excel stored as 2940.0500000000002 is 2940.05, with no float64 step.
func TwoDecimals(raw string) string {
	neg := strings.HasPrefix(raw, "-")
	raw = strings.TrimPrefix(raw, "-")
	ip, fp, _ := strings.Cut(raw, ".")
	if ip == "" {
		ip = "0"
	}
	fp += "000"
	keep, rest := fp[:2], fp[2:]
	digits := []byte(ip + keep)
	if rest[0] >= '5' {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	n := len(digits)
	ip = strings.TrimLeft(string(digits[:n-2]), "0")
	if ip == "" {
		ip = "0"
	}
	out := ip + "." + string(digits[n-2:])
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out
}

// checkParts refuses, from the zip directory alone, a workbook whose
// decompressed size or a sheet of which is far beyond any 部门决算: cheaper
// than letting the spreadsheet library read it.
func checkParts(name string, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil // not a zip: the library gives the precise message
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if strings.HasPrefix(f.Name, "xl/worksheets/") && f.UncompressedSize64 > MaxXMLPart {
			return fmt.Errorf("%s: 工作表 %s 解压后 %d MB，超过上限 %d MB，不像一份部门决算", name, f.Name, f.UncompressedSize64>>20, MaxXMLPart>>20)
		}
		// The library reads the shared strings (and styles, and the
		// workbook) whole: 250 MB of them in a 661 KB file took 47 s and
		// 1.6 GB. The zip reader refuses a part longer than it declares.
		if strings.HasSuffix(f.Name, ".xml") && f.UncompressedSize64 > MaxXMLPart {
			return fmt.Errorf("%s: %s 解压后 %d MB，超过上限 %d MB，不像一份部门决算", name, f.Name, f.UncompressedSize64>>20, MaxXMLPart>>20)
		}
	}
	if total > MaxUnzipped {
		return fmt.Errorf("%s: XLSX 解压后过大（%d MB，上限 %d MB），不像一份部门决算", name, total>>20, MaxUnzipped>>20)
	}
	return nil
}
