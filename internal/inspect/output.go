package inspect

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Names of the files Write puts in the output directory.
const (
	FindingsJSON = "findings.json"
	FindingsCSV  = "findings.csv"
	ReportXLSX   = "检查报告.xlsx"
	ReportDOCX   = "检查报告.docx"
	UnitsDir     = "单位问题清单"
)

// Batch is what findings.json holds.
type Batch struct {
	Year      int         `json:"year"`
	Documents []*Document `json:"documents"`
	Region    *Region     `json:"region"`
}

// Write writes the batch's findings (JSON, CSV), the region's 检查报告
// (XLSX, DOCX) and each unit's list (CSV) into dir.
func Write(dir string, b *Batch) error {
	if err := os.MkdirAll(filepath.Join(dir, UnitsDir), 0o755); err != nil {
		return fmt.Errorf("%s: 无法创建输出目录：%v", dir, err)
	}
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, FindingsJSON), js.Bytes()); err != nil {
		return err
	}
	var all []row
	for _, d := range b.Documents {
		all = append(all, rowsOf(d)...)
	}
	if err := writeFile(filepath.Join(dir, FindingsCSV), csvBytes(all)); err != nil {
		return err
	}
	for _, u := range b.Region.Units {
		if u.Missing {
			continue
		}
		var rows []row
		for _, d := range u.Docs {
			rows = append(rows, rowsOf(d)...)
		}
		name := u.Name
		if u.Code != "" {
			name = u.Code + "-" + u.Name
		}
		if err := writeFile(filepath.Join(dir, UnitsDir, safeName(name)+".csv"), csvBytes(rows)); err != nil {
			return err
		}
		if err := writeFile(filepath.Join(dir, UnitsDir, safeName(name)+".docx"), UnitDOCX(b.Region.Year, u)); err != nil {
			return err
		}
	}
	x, err := XLSX(b)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, ReportXLSX), x); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, ReportDOCX), DOCX(b))
}

func writeFile(p string, b []byte) error {
	if err := os.WriteFile(p, b, 0o644); err != nil {
		return fmt.Errorf("%s: 无法写入：%v", p, err)
	}
	return nil
}

func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, filepath.Base(s))
	if s == "" || s == "." || s == ".." {
		s = "_"
	}
	return s
}

// row is one finding as a line of the lists.
type row struct {
	File, Unit, Code                 string
	Page                             int
	Box                              string
	Severity, Kind, Rule             string
	Cells, Expected, Actual, Message string
	Where, Status                    string
}

var sevCN = map[string]string{"error": "错误", "warning": "警告", "info": "提示"}

// SeverityName is the Chinese name of a severity.
func SeverityName(s string) string {
	if n, ok := sevCN[s]; ok {
		return n
	}
	return s
}

func rowsOf(d *Document) []row {
	var out []row
	if d.Error != "" {
		return []row{{File: d.File, Unit: d.Unit, Code: d.Match.Code, Severity: "无法检查", Message: d.Error}}
	}
	for _, f := range d.Findings {
		r := row{File: d.File, Unit: d.Unit, Code: d.Match.Code, Page: f.Page, Severity: SeverityName(string(f.Severity)),
			Kind: f.Kind, Rule: f.Rule, Cells: strings.Join(f.Cells, " "), Expected: f.Expected, Actual: f.Actual,
			Message: f.Message, Where: f.Where, Status: f.Status}
		if f.Box != nil {
			r.Box = fmt.Sprintf("%.1f,%.1f,%.1f,%.1f", f.Box[0], f.Box[1], f.Box[2], f.Box[3])
		}
		out = append(out, r)
	}
	return out
}

// CSV is the documents' findings as CSV (UTF-8 with a byte order mark).
func CSV(docs []*Document) []byte {
	var all []row
	for _, d := range docs {
		all = append(all, rowsOf(d)...)
	}
	return csvBytes(all)
}

var csvHeader = []string{"文件", "单位", "单位代码", "页码", "位置(x0,y0,x1,y1)", "严重程度", "类别", "规则", "单元格", "应为", "实为", "说明", "出处", "处理状态"}

func (r row) fields() []string {
	p := ""
	if r.Page > 0 {
		p = strconv.Itoa(r.Page)
	}
	return []string{r.File, r.Unit, r.Code, p, r.Box, r.Severity, r.Kind, r.Rule, r.Cells, r.Expected, r.Actual, r.Message, r.Where, r.Status}
}

func csvBytes(rows []row) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff") // Excel opens UTF-8 CSV with a BOM correctly
	w := csv.NewWriter(&b)
	w.Write(csvHeader)
	for _, r := range rows {
		w.Write(r.fields())
	}
	w.Flush()
	return b.Bytes()
}

// XLSX is the region's 检查报告 as a workbook: 汇总, 单位排名, 问题清单,
// 缺报单位.
func XLSX(b *Batch) ([]byte, error) {
	s := Dimensions()
	f := excelize.NewFile()
	defer f.Close()
	sum := "汇总"
	f.SetSheetName("Sheet1", sum)
	rg := b.Region
	lines := [][]any{
		{fmt.Sprintf("%d 年度部门决算公开检查报告", rg.Year)},
		{"检查文件数", rg.Documents},
		{"无法检查的文件", rg.Unreadable},
		{"涉及单位", len(rg.Units) - len(rg.Missing)},
		{"缺报单位", len(rg.Missing)},
		{"错误", rg.Counts.Error},
		{"警告", rg.Counts.Warning},
		{"提示", rg.Counts.Info},
	}
	for _, d := range s.Dimensions {
		lines = append(lines, []any{"类别：" + d, rg.ByKind[d]})
	}
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow(sum, cell, &l)
	}
	f.SetColWidth(sum, "A", "A", 30)

	us := "单位排名"
	f.NewSheet(us)
	head := []any{"排名", "单位代码", "单位名称", "所属部门", "匹配", "错误", "警告", "提示"}
	for _, d := range s.Dimensions {
		head = append(head, d+"问题")
	}
	for _, d := range s.Dimensions {
		head = append(head, d+"得分")
	}
	head = append(head, "综合得分", "导入存疑", "文件")
	f.SetSheetRow(us, "A1", &head)
	for i, u := range rg.Units {
		rank := any(u.Rank)
		if u.Missing {
			rank = "缺报"
		}
		r := []any{rank, u.Code, u.Name, u.Department, u.Match, u.Counts.Error, u.Counts.Warning, u.Counts.Info}
		for _, d := range s.Dimensions {
			r = append(r, u.ByKind[d])
		}
		for _, d := range s.Dimensions {
			r = append(r, u.Scores[d])
		}
		r = append(r, u.Total, u.Doubts, strings.Join(u.Files, "；"))
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow(us, cell, &r)
	}
	f.SetColWidth(us, "C", "C", 36)

	fl := "问题清单"
	f.NewSheet(fl)
	h := make([]any, len(csvHeader))
	for i, c := range csvHeader {
		h[i] = c
	}
	f.SetSheetRow(fl, "A1", &h)
	n := 2
	for _, d := range b.Documents {
		for _, r := range rowsOf(d) {
			fs := r.fields()
			v := make([]any, len(fs))
			for i, x := range fs {
				v[i] = x
			}
			if r.Page > 0 {
				v[3] = r.Page
			}
			cell, _ := excelize.CoordinatesToCellName(1, n)
			f.SetSheetRow(fl, cell, &v)
			n++
		}
	}
	f.SetColWidth(fl, "L", "L", 80)

	ms := "缺报单位"
	f.NewSheet(ms)
	f.SetSheetRow(ms, "A1", &[]any{"单位代码", "单位名称", "所属部门"})
	for i, u := range rg.Missing {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow(ms, cell, &[]any{u.Code, u.Name, u.Department})
	}
	// Print each sheet landscape, one page wide, with a bold header row.
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	land, one, zero, yes := "landscape", 1, 0, true
	for _, sh := range []string{sum, us, fl, ms} {
		f.SetPageLayout(sh, &excelize.PageLayoutOptions{Orientation: &land, FitToWidth: &one, FitToHeight: &zero})
		f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &yes})
		f.SetRowStyle(sh, 1, 1, bold)
	}
	f.SetRowHeight(us, 1, 32)
	f.SetColWidth(us, "A", "A", 6)
	f.SetColWidth(us, "B", "B", 12)
	f.SetColWidth(us, "D", "D", 18)
	f.SetColWidth(fl, "A", "A", 30)
	f.SetColWidth(fl, "B", "B", 24)
	f.SetColWidth(fl, "I", "I", 24)
	f.SetColWidth(ms, "A", "A", 12)
	f.SetColWidth(ms, "B", "C", 30)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("检查报告 XLSX 无法生成：%v", err)
	}
	return out.Bytes(), nil
}
