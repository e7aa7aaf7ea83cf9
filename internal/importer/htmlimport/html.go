// Package htmlimport turns a report published as a web page into the
// positioned lines the table reconstruction reads: every row of a data
// table is a line whose cells sit at their column index (colspan and
// rowspan respected, like a workbook), and paragraphs and headings are
// text lines in document order. Site chrome (scripts, navigation,
// headers and footers, menus, breadcrumbs) is left out, and a table used
// to lay out the whole page is read as the blocks it holds.
package htmlimport

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// Limits bound what one page may cost.
const (
	MaxSize  = textimport.MaxTextSize
	MaxDepth = 400    // element nesting walked; real pages stay under 50
	MaxLines = 200000 // lines emitted; a 部门决算 page has a few thousand
	MaxCols  = 200    // columns of one table row
	MaxNest  = 16     // tables within tables; a page framed in tables uses 3 or 4
)

var reCharset = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// Charset returns the charset a page declares in its head, or "". Pages
// with long inline scripts declare it late: 16 KB are searched.
func Charset(data []byte) string {
	head := data[:min(len(data), 16<<10)]
	if m := reCharset.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// Read converts the page in data.
func Read(name string, data []byte) (*textimport.Doc, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%s: 网页文件过大（%d MB，上限 %d MB）", name, len(data)>>20, MaxSize>>20)
	}
	var s string
	var err error
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		s, err = textimport.Decode(name, data) // a byte-order mark outranks the declaration
	} else {
		s, err = textimport.DecodeDeclared(name, data, Charset(data))
	}
	if err != nil {
		return nil, err
	}
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements") {
			return nil, fmt.Errorf("%s: 网页的元素嵌套过深，不像一份部门决算", name)
		}
		return nil, fmt.Errorf("%s: 网页无法解析: %v", name, err)
	}
	w := &walker{doc: &textimport.Doc{Name: name, Pages: 1}}
	if t := find(root, atom.Title); t != nil {
		w.text(t, 0)
		w.flush()
	}
	if body := find(root, atom.Body); body != nil {
		w.block(body, 0, false)
	}
	w.flush()
	if w.full {
		return nil, fmt.Errorf("%s: 网页内容超过 %d 行，不像一份部门决算", name, MaxLines)
	}
	if len(w.doc.Lines) == 0 {
		return nil, fmt.Errorf("%s: 网页中没有正文文字（可能是由脚本加载内容的页面，请保存完整网页或下载附件）", name)
	}
	return w.doc, nil
}

// walker emits lines while it walks the tree in document order.
type walker struct {
	doc    *textimport.Doc
	cur    strings.Builder // inline text of the line being built
	full   bool
	tables int // tables open around the current one
}

func (w *walker) emit(l textimport.Line) {
	if len(l.Cells) == 0 || w.full {
		return
	}
	if len(w.doc.Lines) >= MaxLines {
		w.full = true
		return
	}
	l.Page = 1
	l.No = len(w.doc.Lines) + 1
	w.doc.Lines = append(w.doc.Lines, l)
}

// flush ends the current text line; runs separated by two or more spaces
// (&nbsp; padding, or separate spans) become separate cells.
func (w *walker) flush() {
	s := w.cur.String()
	w.cur.Reset()
	if strings.TrimSpace(s) == "" {
		return
	}
	w.emit(textimport.Line{Cells: textimport.SplitRuns(s)})
}

// block walks a flow container. inArticle tells that the content is
// inside <main>/<article>, where a <header> holds the report's title.
func (w *walker) block(n *html.Node, depth int, inArticle bool) {
	if depth > MaxDepth {
		return
	}
	// Inline elements join as a browser shows them (Word's HTML splits a
	// sentence into many spans), except labelled fields laid out side by
	// side: <span>部门：…</span><span>单位：万元</span>.
	pieces := !hasOwnText(n) && labelledFields(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			w.cur.WriteString(collapse(c.Data))
		case html.ElementNode:
			if skipped(c, inArticle) {
				continue
			}
			switch {
			case c.DataAtom == atom.Br:
				w.flush()
			case c.DataAtom == atom.Table:
				w.flush()
				w.table(c, depth+1, inArticle)
			case c.DataAtom == atom.Pre:
				// Preformatted text keeps its columns, like pdftotext -layout.
				w.flush()
				for _, line := range strings.Split(rawText(c, depth+1), "\n") {
					w.emit(textimport.Line{Cells: textimport.SplitRuns(strings.ReplaceAll(line, "\u00a0", " "))})
				}
			case isBlock(c):
				w.flush()
				w.block(c, depth+1, inArticle || c.DataAtom == atom.Main || c.DataAtom == atom.Article)
				w.flush()
			default:
				if pieces && strings.TrimSpace(w.cur.String()) != "" {
					w.cur.WriteString("  ")
				}
				w.block(c, depth+1, inArticle) // inline: its text joins the line
			}
		}
	}
}

// text appends the text of n's subtree to the current line.
func (w *walker) text(n *html.Node, depth int) {
	w.cur.WriteString(cellText(n, depth))
}

// table emits a data table's rows, or walks a layout table's cells as
// blocks: a table whose cells hold tables, or a single cell, lays out a
// page rather than holding figures.
func (w *walker) table(t *html.Node, depth int, inArticle bool) {
	if w.tables >= MaxNest {
		return
	}
	w.tables++
	defer func() { w.tables-- }()
	rows := tableRows(t)
	if isLayout(t, rows) {
		for _, tr := range rows {
			for _, td := range rowCells(tr) {
				if skipped(td, inArticle) {
					continue // the menu column of a page laid out in a table
				}
				w.block(td, depth+1, inArticle)
				w.flush()
			}
		}
		return
	}
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Caption {
			w.text(c, depth)
			w.flush()
		}
	}
	// busy[col] is the first row no longer covered by a rowspan above.
	var busy [MaxCols]int
	for r, tr := range rows {
		l := textimport.Line{Tabbed: true}
		col := 0
		for _, td := range rowCells(tr) {
			for col < MaxCols && busy[col] > r {
				col++
			}
			if col >= MaxCols {
				break
			}
			span := clampAttr(td, "colspan", MaxCols-col)
			rspan := clampAttr(td, "rowspan", len(rows)-r)
			if t := cellText(td, depth); t != "" {
				l.Cells = append(l.Cells, textimport.Cell{X: float64(col), End: float64(col), Text: t})
			}
			for k := col; k < col+span; k++ {
				busy[k] = r + rspan
			}
			col += span
		}
		w.emit(l)
	}
}

// tableRows lists the rows of t itself (not of tables nested in it).
func tableRows(t *html.Node) []*html.Node {
	var out []*html.Node
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Tr:
			out = append(out, c)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.Type == html.ElementNode && r.DataAtom == atom.Tr {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

func rowCells(tr *html.Node) []*html.Node {
	var out []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) && !hidden(c) {
			out = append(out, c)
		}
	}
	return out
}

func isLayout(t *html.Node, rows []*html.Node) bool {
	if strings.EqualFold(attr(t, "role"), "presentation") {
		return true
	}
	n := 0
	for _, tr := range rows {
		for _, td := range rowCells(tr) {
			n++
			if find(td, atom.Table) != nil {
				return true
			}
		}
	}
	return n == 1
}

func clampAttr(n *html.Node, key string, hi int) int {
	v, err := strconv.Atoi(strings.TrimSpace(attr(n, key)))
	if err != nil || v < 1 {
		return 1
	}
	return max(1, min(v, hi))
}

// cellText is the text of a subtree on one line: <br> and block
// boundaries become spaces, whitespace runs (&nbsp; too) one space.
func cellText(n *html.Node, depth int) string {
	var b strings.Builder
	var walk func(*html.Node, int)
	walk = func(n *html.Node, d int) {
		if d > MaxDepth {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if skipped(c, true) {
					continue
				}
				if c.DataAtom == atom.Br || isBlock(c) || c.DataAtom == atom.Td || c.DataAtom == atom.Th {
					b.WriteByte(' ')
				}
				walk(c, d+1)
				if isBlock(c) {
					b.WriteByte(' ')
				}
			}
		}
	}
	walk(n, depth)
	return strings.Join(strings.Fields(strings.ReplaceAll(b.String(), "\u00a0", " ")), " ")
}

// rawText is the text of a subtree as written (for <pre>).
func rawText(n *html.Node, depth int) string {
	var b strings.Builder
	var walk func(*html.Node, int)
	walk = func(n *html.Node, d int) {
		if d > MaxDepth {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type == html.ElementNode && c.DataAtom == atom.Br:
				b.WriteByte('\n')
			case c.Type == html.ElementNode && !skipped(c, true):
				walk(c, d+1)
			}
		}
	}
	walk(n, depth)
	return strings.ReplaceAll(b.String(), "\r\n", "\n")
}

// collapse applies HTML's whitespace rule to flow text but keeps &nbsp;
// runs, which pages use to space out what is printed side by side.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		if r == '\u00a0' {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

var reField = regexp.MustCompile(`^[^：:]{1,12}[：:]`)

// labelledFields tells whether n's children are two to eight elements
// each of which starts with a label (部门：, 单位：). Only the start of
// each child is looked at, so that nested containers cost no more than
// the page.
func labelledFields(n *html.Node) bool {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		t := textStart(c, 64)
		if t == "" {
			continue
		}
		if !reField.MatchString(t) || k == 8 {
			return false
		}
		k++
	}
	return k >= 2
}

// textStart is the beginning of n's text, from at most budget nodes.
func textStart(n *html.Node, budget int) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 && budget > 0 && b.Len() < 64 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		budget--
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			continue
		}
		if n.Type == html.ElementNode && skipped(n, true) {
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return strings.TrimSpace(strings.ReplaceAll(b.String(), "\u00a0", " "))
}

func hasOwnText(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(strings.ReplaceAll(c.Data, "\u00a0", " ")) != "" {
			return true
		}
	}
	return false
}

// find returns the first element a in n's subtree, without recursion:
// a hostile page may nest elements millions deep.
func find(n *html.Node, a atom.Atom) *html.Node {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode && n.DataAtom == a {
			return n
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
