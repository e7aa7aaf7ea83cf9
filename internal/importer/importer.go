// Package importer reads published 部门决算 (text extracted from a PDF,
// the PDF itself, an XLSX workbook, a Word file, a web page, or a legacy
// .xls/.doc through LibreOffice) into a juesuan.Report: it detects
// the format, the year, the unit, the amount unit and the template, then
// rebuilds the tables from positioned text and extracts the narrative facts.
package importer

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// Format is a kind of input file.
type Format string

// Formats the importer reads.
const (
	FormatText Format = "text"
	FormatPDF  Format = "pdf"
	FormatXLSX Format = "xlsx"
	FormatHTML Format = "html"
	FormatDOCX Format = "docx"
	// Legacy binary files, read through a LibreOffice conversion.
	FormatXLS Format = "xls"
	FormatDOC Format = "doc"
)

// Templates lists and loads templates (internal/yearspec implements it).
type Templates interface {
	IDs() []string
	Load(id string) (*juesuan.Template, error)
}

// Options control an import.
type Options struct {
	Year     int    // force the year (0: detect)
	Template string // force the template id ("": detect)
	// TimeBudget bounds the reading of a PDF as a whole (0:
	// juesuan.ImportTimeBudget); past it the read stops with a message.
	TimeBudget time.Duration
}

// budget returns a context that ends when the import's time budget does.
func (o Options) budget() (context.Context, context.CancelFunc, time.Duration) {
	d := o.TimeBudget
	if d <= 0 {
		d = juesuan.ImportTimeBudget
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	return ctx, cancel, d
}

// overBudget turns an error of a read cut by the budget into the budget's
// message.
func overBudget(ctx context.Context, name string, d time.Duration, err error) error {
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("%s: 导入超过总时限（%s）后停止：文件过于复杂或已损坏，不像一份部门决算", name, d)
	}
	return err
}

// Diag is something the importer could not place, or a doubt about what
// it placed; it is never dropped silently.
type Diag struct {
	Page int    `json:"page,omitempty"`
	Line int    `json:"line,omitempty"`
	Text string `json:"text"`
	Msg  string `json:"message"`
}

// String formats the diagnostic with its place.
func (d Diag) String() string {
	var where []string
	if d.Page > 0 {
		where = append(where, fmt.Sprintf("第 %d 页", d.Page))
	}
	if d.Line > 0 {
		where = append(where, fmt.Sprintf("第 %d 行", d.Line))
	}
	s := strings.Join(where, " ")
	if s != "" {
		s += "："
	}
	s += d.Msg
	if d.Text != "" {
		s += "：“" + d.Text + "”"
	}
	return s
}

// TableStat is the confidence summary of one table.
type TableStat struct {
	Table    int    `json:"table"`
	Title    string `json:"title"`
	Found    bool   `json:"found"`
	Page     int    `json:"page,omitempty"`
	Amounts  int    `json:"amounts"`  // amounts seen in the table's text
	Placed   int    `json:"placed"`   // amounts placed in a cell
	Guessed  int    `json:"guessed"`  // placed by order after a column collision
	Empty    bool   `json:"empty"`    // declared empty (空表说明) or no amount
	Headless bool   `json:"headless"` // some columns were not found in the header
	// Extra: the template does not know the table; it was imported by its
	// title as a generic table and is not audited.
	Extra bool `json:"extra,omitempty"`
}

// Confidence is placed-and-not-guessed over seen, in percent.
func (s TableStat) Confidence() int {
	if s.Amounts == 0 {
		if s.Found {
			return 100
		}
		return 0
	}
	c := 100 * (s.Placed - s.Guessed) / s.Amounts
	if s.Headless && c > 80 {
		c = 80
	}
	return c
}

// Placement records where one printed amount went.
type Placement struct {
	Cell juesuan.CellRef
	Page int
	Line int
	Text string
	// X and End are the amount's horizontal extent on its line, in the
	// unit of the source (see textimport.Cell); with the PDF reader's
	// glyphs they give the printed amount's box.
	X, End float64
}

// Result is an imported report with everything the import has to say.
type Result struct {
	Report     *juesuan.Report
	Template   *juesuan.Template
	Format     Format
	Kind       string // 决算 or 预算
	Diags      []Diag
	Tables     []TableStat
	Placements []Placement
}

// DetectFormat tells the format from the content, then the extension.
func DetectFormat(name string, head []byte) (Format, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return FormatPDF, nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		if ext == ".docx" || ext == ".doc" {
			return FormatDOCX, nil
		}
		return FormatXLSX, nil
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		switch ext {
		case ".xls":
			return FormatXLS, nil
		case ".doc":
			return FormatDOC, nil
		}
		return "", fmt.Errorf("%s: 这是旧版 Excel（.xls）或 Word（.doc）文件，不能直接导入；%s", name, convertHint(name))
	case ext == ".doc" && bytes.HasPrefix(head, []byte(`{\rtf`)):
		return FormatDOC, nil // Word saves RTF under .doc too; LibreOffice reads it
	case looksHTML(head):
		// Portals and Word/Excel "save as web page" publish HTML under
		// .htm, .doc and .xls alike.
		return FormatHTML, nil
	}
	switch ext {
	case ".pdf":
		return "", fmt.Errorf("%s: 不是有效的 PDF 文件（缺少 %%PDF 文件头）", name)
	case ".xlsx":
		return "", fmt.Errorf("%s: 不是有效的 XLSX 文件（不是 zip 压缩包）", name)
	case ".docx":
		return "", fmt.Errorf("%s: 不是有效的 DOCX 文件（不是 zip 压缩包）", name)
	case ".doc":
		return "", fmt.Errorf("%s: 扩展名是 .doc，但内容不是 Word 文档（没有 Word 文件头）；请用 Word 或 WPS 另存为 .docx 后再导入", name)
	case ".xls":
		return "", fmt.Errorf("%s: 扩展名是 .xls，但内容不是 Excel 工作簿（没有 Excel 文件头）；请用 Excel 或 WPS 另存为 .xlsx 后再导入", name)
	case ".html", ".htm", ".xhtml", ".shtml":
		return FormatHTML, nil
	}
	return FormatText, nil
}

// FromDoc imports a document already turned into positioned lines.
func FromDoc(doc *textimport.Doc, tpls Templates, opt Options) (*Result, error) {
	det, err := detect(doc, tpls, opt)
	if err != nil {
		return nil, err
	}
	res := &Result{Template: det.tpl, Kind: det.kind}
	r := juesuan.NewReport(det.tpl.Year, det.tpl.ID)
	r.Source = doc.Name
	r.MoneyUnit = juesuan.UnitWanyuan
	res.Report = r
	b := &builder{doc: doc, tpl: det.tpl, lay: det.lay, res: res, unit: det.unit}
	b.tables()
	b.narrative(det)
	b.keepText()
	markUnsure(res)
	sort.SliceStable(res.Diags, func(i, j int) bool {
		if res.Diags[i].Page != res.Diags[j].Page {
			return res.Diags[i].Page < res.Diags[j].Page
		}
		return res.Diags[i].Line < res.Diags[j].Line
	})
	if len(r.Cells) == 0 {
		return nil, fmt.Errorf("%s: 没有找到任何决算表（%s 模板的表名均未出现）；如果这是扫描件，需要先做文字识别", doc.Name, det.tpl.ID)
	}
	return res, nil
}

// Text imports text extracted from a published PDF.
func Text(name string, data []byte, tpls Templates, opt Options) (*Result, error) {
	s, err := textimport.Decode(name, data)
	if err != nil {
		return nil, err
	}
	res, err := FromDoc(textimport.Parse(name, s), tpls, opt)
	if err != nil {
		return nil, err
	}
	res.Format = FormatText
	return res, nil
}

// convertHint tells how to turn a legacy binary file into one we read:
// LibreOffice when it is installed, otherwise Excel/WPS.
func convertHint(name string) string {
	if _, err := exec.LookPath("soffice"); err == nil {
		return fmt.Sprintf("请先转换：soffice --headless --convert-to xlsx %s（Word 文件用 --convert-to docx），或把扩展名改为 .xls/.doc", name)
	}
	return "请用 Excel 或 WPS 另存为 .xlsx（Word 文件另存为 .docx）后再导入"
}

// markUnsure names the tables read with doubts (amounts left unplaced or
// placed by a guess between readings the arithmetic allows), so that the
// audit reports what they break as the import's doubt (audit.Check).
func markUnsure(res *Result) {
	for _, s := range res.Tables {
		if s.Amounts == 0 || s.Placed-s.Guessed >= s.Amounts {
			continue
		}
		if res.Report.Published.ImportUnsure == nil {
			res.Report.Published.ImportUnsure = map[int]string{}
		}
		res.Report.Published.ImportUnsure[s.Table] = fmt.Sprintf("表%d 的 %d 个金额中有 %d 个未能确定位置", s.Table, s.Amounts, s.Amounts-(s.Placed-s.Guessed))
	}
}
