// Package docximport turns a Word file (.docx) into the positioned lines
// the table reconstruction reads: paragraphs are text lines, every row of
// a table is a line whose cells sit at their grid column (w:gridSpan and
// w:vMerge respected, like a workbook), and page breaks (explicit, or
// where Word last laid out a page) start a new page. It reads
// word/document.xml with the standard library only.
package docximport

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// Limits bound what one file may cost.
const (
	MaxUnzipped = 256 << 20 // all parts, decompressed (zip bombs)
	MaxBodyXML  = 64 << 20  // word/document.xml; a 部门决算 body is a few MB
	MaxDepth    = 256       // element nesting
	MaxLines    = 200000
	MaxCols     = 200
)

const bodyPart = "word/document.xml"

// Read converts the Word file in data.
func Read(name string, data []byte) (*textimport.Doc, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: 不是有效的 DOCX 文件（压缩包已损坏或不完整）", name)
	}
	var body, lists *zip.File
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		switch f.Name {
		case bodyPart:
			body = f
		case numberingPart:
			lists = f
		}
	}
	if body == nil {
		return nil, fmt.Errorf("%s: 不是有效的 DOCX 文件（缺少正文 %s）", name, bodyPart)
	}
	// Refused from the directory alone, before anything is inflated.
	if body.UncompressedSize64 > MaxBodyXML {
		return nil, fmt.Errorf("%s: DOCX 正文解压后 %d MB，超过上限 %d MB，不像一份部门决算", name, body.UncompressedSize64>>20, MaxBodyXML>>20)
	}
	if total > MaxUnzipped {
		return nil, fmt.Errorf("%s: DOCX 解压后过大（%d MB，上限 %d MB），不像一份部门决算", name, total>>20, MaxUnzipped>>20)
	}
	rc, err := body.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: DOCX 正文无法打开（文件可能已损坏）: %v", name, err)
	}
	defer rc.Close()
	// The directory may lie about the size: the reader is bounded too.
	root, err := parse(io.LimitReader(rc, MaxBodyXML+1), readNumbering(lists))
	if err != nil {
		return nil, fmt.Errorf("%s: DOCX 正文无法读取（文件可能已损坏或不完整）: %v", name, err)
	}
	e := &emitter{doc: &textimport.Doc{Name: name}, page: 1}
	e.container(root, 0)
	if e.full {
		return nil, fmt.Errorf("%s: DOCX 内容超过 %d 行，不像一份部门决算", name, MaxLines)
	}
	e.doc.Pages = e.page
	if len(e.doc.Lines) == 0 {
		return nil, fmt.Errorf("%s: DOCX 中没有任何文字（可能只有图片；扫描件需要先做文字识别）", name)
	}
	return e.doc, nil
}

// kind is what a node of the body tree is.
type kind int

const (
	kBody kind = iota
	kPara
	kBreak // a page break between paragraphs
	kTable
	kRow
	kCell
)

type node struct {
	kind     kind
	text     strings.Builder // kPara
	children []*node
	span     int // kCell: w:gridSpan
	merged   bool
	before   int    // kRow: w:gridBefore
	numID    string // kPara: the list it is numbered in
	ilvl     int
}

var errTooDeep = errors.New("元素嵌套过深")

func isW(n xml.Name) bool {
	return strings.HasSuffix(n.Space, "wordprocessingml/2006/main") || strings.HasSuffix(n.Space, "/wordprocessingml/main")
}

func attrVal(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// leftOut are subtrees whose text is not the document's: deleted
// revisions, field instructions and text moved elsewhere.
var leftOut = map[string]bool{"del": true, "delText": true, "instrText": true, "moveFrom": true}

// parse reads the body into a tree of paragraphs and tables. A page break
// inside a paragraph splits it, so that breaks sit between lines.
func parse(r io.Reader, lists *numbering) (*node, error) {
	p := &parser{root: &node{kind: kBody}, lists: lists}
	p.stack = []*node{p.root}
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return p.root, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(p.opened) >= MaxDepth {
				return nil, errTooDeep
			}
			p.start(t)
		case xml.EndElement:
			p.end()
		case xml.CharData:
			if p.inText && p.skip == 0 {
				if para := p.top(kPara); para != nil {
					para.text.Write(t)
				}
			}
		}
	}
}

type parser struct {
	root  *node
	lists *numbering
	stack []*node // open body, table, row, cell and paragraph nodes
	// opened parallels the XML element stack: the node each element
	// opened (nil for none) and its local name.
	opened []*node
	names  []string
	skip   int // depth inside a subtree that is left out
	inText bool
}

func (p *parser) top(k ...kind) *node {
	for i := len(p.stack) - 1; i >= 0; i-- {
		for _, want := range k {
			if p.stack[i].kind == want {
				return p.stack[i]
			}
		}
	}
	return nil
}

func (p *parser) parent() string {
	if len(p.names) < 2 {
		return ""
	}
	return p.names[len(p.names)-2]
}

func (p *parser) start(t xml.StartElement) {
	p.opened = append(p.opened, nil)
	p.names = append(p.names, t.Name.Local)
	p.inText = false
	if p.skip > 0 {
		p.skip++
		return
	}
	// mc:Fallback repeats the mc:Choice it stands for.
	if t.Name.Local == "Fallback" || isW(t.Name) && leftOut[t.Name.Local] {
		p.skip = 1
		return
	}
	if !isW(t.Name) {
		return
	}
	open := func(n *node) {
		p.stack = append(p.stack, n)
		p.opened[len(p.opened)-1] = n
	}
	intAttr := func() int {
		v, _ := attrVal(t, "val")
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0
		}
		return min(n, MaxCols)
	}
	switch t.Name.Local {
	case "p":
		open(&node{kind: kPara})
	case "tbl":
		tb := &node{kind: kTable}
		c := p.top(kCell, kBody)
		c.children = append(c.children, tb)
		open(tb)
	case "tr":
		if tb := p.top(kTable); tb != nil {
			row := &node{kind: kRow}
			tb.children = append(tb.children, row)
			open(row)
		}
	case "tc":
		if row := p.top(kRow); row != nil {
			c := &node{kind: kCell, span: 1}
			row.children = append(row.children, c)
			open(c)
		}
	case "gridSpan":
		if c := p.top(kCell); c != nil && p.parent() == "tcPr" {
			c.span = max(1, intAttr())
		}
	case "vMerge":
		// A continuation (no val, or "continue") is covered by the cell
		// above it; "restart" opens a merged cell.
		if c := p.top(kCell); c != nil && p.parent() == "tcPr" {
			if v, _ := attrVal(t, "val"); v != "restart" {
				c.merged = true
			}
		}
	case "gridBefore":
		if row := p.top(kRow); row != nil && p.parent() == "trPr" {
			row.before = intAttr()
		}
	case "t":
		p.inText = true
	case "numId":
		if para := p.top(kPara); para != nil && p.parent() == "numPr" {
			para.numID, _ = attrVal(t, "val")
		}
	case "ilvl":
		if para := p.top(kPara); para != nil && p.parent() == "numPr" {
			para.ilvl = intAttr()
		}
	case "tab", "ptab":
		// A tab in a run separates what is printed side by side (tab
		// stops in paragraph properties are no text).
		if para := p.top(kPara); para != nil && p.parent() == "r" {
			para.text.WriteString("  ")
		}
	case "br", "cr":
		if v, _ := attrVal(t, "type"); v == "page" {
			p.pageBreak()
		} else if para := p.top(kPara); para != nil {
			para.text.WriteByte('\n')
		}
	case "lastRenderedPageBreak":
		p.pageBreak()
	case "pageBreakBefore":
		if v, _ := attrVal(t, "val"); v != "0" && v != "false" && v != "off" {
			if c := p.top(kCell, kBody); c != nil {
				c.children = append(c.children, &node{kind: kBreak})
			}
		}
	}
}

func (p *parser) end() {
	if len(p.opened) == 0 {
		return
	}
	n := p.opened[len(p.opened)-1]
	p.opened = p.opened[:len(p.opened)-1]
	p.names = p.names[:len(p.names)-1]
	p.inText = false
	if p.skip > 0 {
		p.skip--
		return
	}
	if n == nil {
		return
	}
	for len(p.stack) > 1 {
		last := p.stack[len(p.stack)-1]
		p.stack = p.stack[:len(p.stack)-1]
		if last == n {
			break
		}
	}
	if n.kind == kPara {
		if n.numID != "" && n.numID != "0" && p.lists != nil {
			// An empty numbered paragraph still takes its number.
			if label := p.lists.label(n.numID, n.ilvl); strings.TrimSpace(n.text.String()) != "" {
				rest := n.text.String()
				n.text.Reset()
				n.text.WriteString(label + rest)
			}
		}
		if c := p.top(kCell, kBody); c != nil {
			c.children = append(c.children, n)
		}
	}
}

// pageBreak ends the open paragraph's text so far, records the break,
// and continues the paragraph after it.
func (p *parser) pageBreak() {
	c := p.top(kCell, kBody)
	if c == nil {
		return
	}
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].kind != kPara {
			continue
		}
		old := p.stack[i]
		if old.text.Len() > 0 {
			done := &node{kind: kPara}
			done.text.WriteString(old.text.String())
			c.children = append(c.children, done)
			old.text.Reset()
		}
		break
	}
	c.children = append(c.children, &node{kind: kBreak})
}
