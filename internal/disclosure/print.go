package disclosure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"text/template"

	"github.com/juesuan/juesuan"
)

// printFile is a family's print layout: the document's parts and how its
// tables are printed. A child family's file replaces its parent's.
const printFile = "print.json"

// Print is how a family prints its disclosure document.
type Print struct {
	// TableTitle is a text/template of a table's printed title; data:
	// Year, Title, Number.
	TableTitle string `json:"tableTitle"`
	// Dept prints the 部门：… line above each table.
	Dept bool `json:"dept"`
	// Descriptions prints the table's 注：本表反映… line; Formulas prints
	// its identities (27行=(1+2+3)行) as a 注 line.
	Descriptions bool `json:"descriptions"`
	Formulas     bool `json:"formulas"`
	// Thousands groups the digits of amounts: 2,940.05.
	Thousands bool `json:"thousands"`
	// SplitCodes prints a code's 类, 款 and 项 in the columns of the
	// header's 类|款|项 cells (201 | 06 | 01) instead of one merged code.
	SplitCodes bool `json:"splitCodes"`
	// TotalLast lists the roles of the code tables printing 合计 as their
	// last row instead of their first.
	TotalLast []string `json:"totalLast,omitempty"`
	// Empty is the narrative file of the 空表说明 under an empty table.
	Empty string `json:"empty,omitempty"`
	// Parts are the document's parts in printed order.
	Parts []Part `json:"parts"`
}

// Part is one part (第一部分 …) of the document.
type Part struct {
	// Title is a text/template; data: No (一, 二, … by printed place),
	// Unit, Year, Kind (部门决算 or 单位决算), Org (部门 or 单位).
	Title string `json:"title"`
	// Content is what the part holds: "narrative" (the files under
	// Narrative, in name order), "glossary" (the same, with the glossary
	// data), "tables", "keywork" (重点工作, left out when there is none).
	Content   string `json:"content"`
	Narrative string `json:"narrative,omitempty"`
	// Published marks the 情况说明 part: a report imported from a
	// published document prints here its sections as they were printed.
	Published bool `json:"published,omitempty"`
}

// defaultPrint is used by a family without print.json (a family laid over
// the embedded ones that has no parent): the national layout.
var defaultPrint = Print{
	TableTitle: "{{.Year}}年度{{.Title}}（表{{.Number}}）", Dept: true, Descriptions: true, Formulas: true, Empty: "narrative/2-empty.tmpl",
	Parts: []Part{
		{Title: "第{{.No}}部分 {{.Unit}}概况", Content: "narrative", Narrative: "narrative/1-"},
		{Title: "第{{.No}}部分 {{.Unit}}{{.Year}}年度{{.Kind}}表", Content: "tables"},
		{Title: "第{{.No}}部分 {{.Unit}}{{.Year}}年度{{.Kind}}情况说明", Content: "narrative", Narrative: "narrative/3-", Published: true},
		{Title: "第{{.No}}部分 {{.Year}}年重点工作完成情况", Content: "keywork"},
		{Title: "第{{.No}}部分 名词解释", Content: "glossary", Narrative: "narrative/5-"},
	},
}

// loadPrint reads the family's print layout.
func loadPrint(tpl *juesuan.Template) (*Print, error) {
	b, ok := tpl.Files[printFile]
	if !ok {
		p := defaultPrint
		return &p, nil
	}
	var p Print
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&p); err != nil {
		return nil, fmt.Errorf("年度模板 %s 的 %s 有误：%v", tpl.ID, printFile, err)
	}
	if len(p.Parts) == 0 {
		return nil, fmt.Errorf("年度模板 %s 的 %s 没有列出文档的各部分（parts）", tpl.ID, printFile)
	}
	for i, part := range p.Parts {
		switch part.Content {
		case "narrative", "glossary", "tables", "keywork":
		default:
			return nil, fmt.Errorf("年度模板 %s 的 %s 第 %d 部分的 content 应为 narrative、glossary、tables 或 keywork，而不是 %q", tpl.ID, printFile, i+1, part.Content)
		}
	}
	return &p, nil
}

// fill executes a one-line text/template of the print layout.
func fill(tpl *juesuan.Template, text string, data any) (string, error) {
	t, err := template.New("print").Option("missingkey=error").Parse(text)
	if err != nil {
		return "", fmt.Errorf("年度模板 %s 的 %s 有误：%v", tpl.ID, printFile, err)
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("年度模板 %s 的 %s 无法生成文字：%v", tpl.ID, printFile, err)
	}
	return b.String(), nil
}

func (p *Print) totalLast(role string) bool { return role != "" && slices.Contains(p.TotalLast, role) }

// Grouped writes a 万元 amount with thousands separators: 2,940.05.
func Grouped(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
