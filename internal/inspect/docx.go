package inspect

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// DOCX is the region's 检查报告 as a Word document: the summary, the
// per-unit table with scores and ranking, the missing units, and every
// finding with its page, unit by unit.
func DOCX(b *Batch) []byte {
	s := Dimensions()
	rg := b.Region
	var body strings.Builder
	para(&body, fmt.Sprintf("%d 年度部门决算公开检查报告", rg.Year), true, 32)
	para(&body, "一、总体情况", true, 28)
	para(&body, fmt.Sprintf("本次共检查文件 %d 个（无法检查 %d 个），涉及单位 %d 个，缺报单位 %d 个；发现错误 %d 个、警告 %d 个、提示 %d 个。",
		rg.Documents, rg.Unreadable, len(rg.Units)-len(rg.Missing), len(rg.Missing), rg.Counts.Error, rg.Counts.Warning, rg.Counts.Info), false, 0)
	var kinds []string
	for _, d := range s.Dimensions {
		kinds = append(kinds, fmt.Sprintf("%s %d 个", d, rg.ByKind[d]))
	}
	para(&body, "按类别："+strings.Join(kinds, "，")+"。", false, 0)

	para(&body, "二、各单位检查结果及排名", true, 28)
	head := []string{"排名", "单位", "错误", "警告", "提示"}
	head = append(head, s.Dimensions...)
	head = append(head, "综合得分")
	rows := [][]string{head}
	for _, u := range rg.Units {
		rank := strconv.Itoa(u.Rank)
		if u.Missing {
			rank = "缺报"
		}
		name := u.Name
		if u.Match == Uncertain {
			name += "（匹配待确认）"
		} else if !u.InList {
			name += "（不在单位清单中）"
		}
		r := []string{rank, name, strconv.Itoa(u.Counts.Error), strconv.Itoa(u.Counts.Warning), strconv.Itoa(u.Counts.Info)}
		for _, d := range s.Dimensions {
			r = append(r, fmt.Sprintf("%d（%d）", u.Scores[d], u.ByKind[d]))
		}
		r = append(r, strconv.Itoa(u.Total))
		rows = append(rows, r)
	}
	table(&body, rows)
	para(&body, "注：各类别列为得分（问题个数）；评分规则见 years/inspect/scoring.json。导入存疑不计入得分。", false, 18)

	para(&body, "三、缺报单位", true, 28)
	if len(rg.Missing) == 0 {
		para(&body, "无。", false, 0)
	} else {
		mr := [][]string{{"单位代码", "单位名称", "所属部门"}}
		for _, u := range rg.Missing {
			mr = append(mr, []string{u.Code, u.Name, u.Department})
		}
		table(&body, mr)
	}

	para(&body, "四、问题清单", true, 28)
	for _, u := range rg.Units {
		if u.Missing {
			continue
		}
		para(&body, u.Name, true, 24)
		fr := [][]string{{"页码", "严重程度", "类别", "单元格", "说明"}}
		for _, d := range u.Docs {
			for _, r := range rowsOf(d) {
				p := ""
				if r.Page > 0 {
					p = strconv.Itoa(r.Page)
				}
				fr = append(fr, []string{p, r.Severity, r.Kind, r.Cells, r.Message})
			}
		}
		if len(fr) == 1 {
			para(&body, "未发现问题。", false, 0)
			continue
		}
		table(&body, fr)
	}
	for _, d := range b.Documents {
		if d.Error != "" && d.Unit == "" {
			para(&body, "无法检查："+d.Error, false, 0)
		}
	}

	return docxPackage(body.String())
}

// docxPackage wraps a body of paragraphs and tables into a DOCX file.
func docxPackage(body string) []byte {
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body +
		`<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>`
	var out bytes.Buffer
	z := zip.NewWriter(&out)
	put := func(name, s string) {
		w, _ := z.Create(name)
		w.Write([]byte(s))
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)
	put("word/document.xml", doc)
	z.Close()
	return out.Bytes()
}

// UnitDOCX is one unit's list, to hand back: its counts and scores, and
// every finding with its page, cells and the expected and printed values.
func UnitDOCX(year int, u *UnitView) []byte {
	s := Dimensions()
	var body strings.Builder
	para(&body, fmt.Sprintf("%s %d 年度部门决算公开检查问题清单", u.Name, year), true, 32)
	para(&body, fmt.Sprintf("检查文件：%s。发现错误 %d 个、警告 %d 个、提示 %d 个；综合得分 %d，排名第 %d。",
		strings.Join(u.Files, "、"), u.Counts.Error, u.Counts.Warning, u.Counts.Info, u.Total, u.Rank), false, 0)
	var kinds []string
	for _, d := range s.Dimensions {
		kinds = append(kinds, fmt.Sprintf("%s %d 分（%d 个问题）", d, u.Scores[d], u.ByKind[d]))
	}
	para(&body, "按类别："+strings.Join(kinds, "，")+"。", false, 0)
	rows := [][]string{{"序号", "页码", "严重程度", "类别", "单元格", "应为", "实为", "说明", "处理状态"}}
	n := 0
	for _, d := range u.Docs {
		for _, r := range rowsOf(d) {
			n++
			p := ""
			if r.Page > 0 {
				p = strconv.Itoa(r.Page)
			}
			rows = append(rows, []string{strconv.Itoa(n), p, r.Severity, r.Kind, r.Cells, r.Expected, r.Actual, r.Message, r.Status})
		}
	}
	if n == 0 {
		para(&body, "未发现问题。", false, 0)
	} else {
		table(&body, rows)
	}
	para(&body, "请对照原件逐条核实；确属错误的，请更正后重新公开。“导入存疑”是文件读取的疑点，请核对原件，不是单位的错误。", false, 18)
	return docxPackage(body.String())
}

func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func run(s string, bold bool, size int) string {
	rp := `<w:rFonts w:ascii="宋体" w:eastAsia="宋体" w:hAnsi="宋体"/>`
	if bold {
		rp += "<w:b/>"
	}
	if size > 0 {
		rp += fmt.Sprintf(`<w:sz w:val="%d"/>`, size)
	}
	return `<w:r><w:rPr>` + rp + `</w:rPr><w:t xml:space="preserve">` + esc(s) + `</w:t></w:r>`
}

func para(b *strings.Builder, s string, bold bool, size int) {
	b.WriteString(`<w:p>` + run(s, bold, size) + `</w:p>`)
}

func table(b *strings.Builder, rows [][]string) {
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>`)
	for _, e := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + e + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	b.WriteString(`</w:tblBorders></w:tblPr>`)
	for i, r := range rows {
		b.WriteString(`<w:tr>`)
		for _, c := range r {
			b.WriteString(`<w:tc><w:p>` + run(c, i == 0, 18) + `</w:p></w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl><w:p/>`)
}
