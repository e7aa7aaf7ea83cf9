package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/juesuan/juesuan/internal/yearspec"
)

// block is a piece of the reference text: a paragraph, a table (its
// tab-separated lines) or a page break.
type block struct {
	para   string
	rows   [][]string
	break_ bool
}

func referenceBlocks(t *testing.T) []block {
	t.Helper()
	raw, err := os.ReadFile("testdata/wuhan-zhigong-2020-final.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []block
	for p, page := range strings.Split(string(raw), "\f") {
		if p > 0 {
			out = append(out, block{break_: true})
		}
		var tbl *block
		for _, line := range strings.Split(page, "\n") {
			if strings.TrimSpace(line) == "" {
				tbl = nil
				continue
			}
			if !strings.Contains(line, "\t") {
				out = append(out, block{para: line})
				tbl = nil
				continue
			}
			if tbl == nil {
				out = append(out, block{})
				tbl = &out[len(out)-1]
			}
			tbl.rows = append(tbl.rows, strings.Split(line, "\t"))
			out[len(out)-1] = *tbl
		}
	}
	return out
}

// grid pads a table's rows to one width and tells how many rows are
// header (before the first amount).
func grid(rows [][]string) (g [][]string, head int) {
	w := 0
	for _, r := range rows {
		w = max(w, len(r))
	}
	head = -1
	for i, r := range rows {
		row := make([]string, w)
		for j, f := range r {
			row[j] = strings.TrimSpace(f)
			if head < 0 && IsAmount(row[j]) {
				head = i
			}
		}
		g = append(g, row)
	}
	if head < 0 {
		head = len(g)
	}
	return g, head
}

// span is how far a header cell at (r, c) reaches: over the empty cells
// to its right under which the next header row has text (a group
// header such as 收入 over 项目/行次/金额).
func span(g [][]string, head, r, c int) int {
	n := 1
	for c+n < len(g[r]) && g[r][c+n] == "" && r+1 < head && g[r+1][c+n] != "" {
		n++
	}
	return n
}

// gbkPortalPage lays the reference report out the way a portal does: GBK
// with a http-equiv charset, navigation, breadcrumbs, a script and a
// footer whose text would mislead the detection (another year, 部门预算),
// a layout table around the content, group headers with colspan, amounts
// padded with &nbsp; and long labels broken with <br>.
func gbkPortalPage(t *testing.T) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>武汉市总工会门户网站</title><style>.nav{color:red}</style>
<script>document.title = "2019年度部门预算公开";</script></head><body>
<div id="top-nav" class="nav"><ul><li><a href="/">首页</a></li><li>2019年度部门预算</li></ul></div>
<table width="1000" cellpadding="0" cellspacing="0"><tr>
<td width="200" valign="top"><ul class="left-menu"><li>2018年度部门预算</li><li>2021年度部门决算</li></ul></td>
<td valign="top"><div class="breadcrumb">当前位置：首页 &gt; 2019年度部门预算公开</div><div class="article">
`)
	for _, bl := range referenceBlocks(t) {
		switch {
		case bl.break_:
			b.WriteString(`<div style="page-break-after:always"></div>` + "\n")
		case bl.rows == nil:
			fmt.Fprintf(&b, "<p style=\"text-indent:2em\">&nbsp;&nbsp;%s</p>\n", html.EscapeString(bl.para))
		default:
			g, head := grid(bl.rows)
			b.WriteString(`<table border="1" class="MsoNormalTable">` + "\n")
			for r, row := range g {
				b.WriteString("<tr>")
				for c := 0; c < len(row); c++ {
					f := row[c]
					switch {
					case r < head && f != "":
						n := span(g, head, r, c)
						fmt.Fprintf(&b, `<td colspan="%d"><p align="center"><b>%s</b></p></td>`, n, html.EscapeString(f))
						c += n - 1
					case IsAmount(f):
						fmt.Fprintf(&b, `<td align="right"><span>&nbsp;%s&nbsp;</span></td>`, f)
					case len([]rune(f)) > 10 && !strings.ContainsAny(f, "0123456789"):
						rs := []rune(f)
						fmt.Fprintf(&b, `<td>%s<br/>%s</td>`, html.EscapeString(string(rs[:6])), html.EscapeString(string(rs[6:])))
					case f == "":
						b.WriteString("<td>&nbsp;</td>")
					default:
						fmt.Fprintf(&b, "<td>%s</td>", html.EscapeString(f))
					}
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</table>\n")
		}
	}
	b.WriteString(`</div></td></tr></table>
<footer><p>版权所有：2020年度部门预算 主办单位</p></footer>
<script>var x = "<table><tr><td>1.00</td></tr></table>";</script></body></html>`)
	out, err := simplifiedchinese.GBK.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	return []byte(out)
}

func TestPortalHTML(t *testing.T) {
	ref := mustImport(t, "testdata/wuhan-zhigong-2020-final.txt")
	want := cellsCSV(t, ref.Template, ref.Report)
	page := gbkPortalPage(t)
	if bytes.Contains(page, []byte("部门")) {
		t.Fatal("the page is not GBK encoded")
	}
	res, err := Bytes("portal.htm", page, yearspec.Default, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := cellsCSV(t, res.Template, res.Report); got != want {
		t.Errorf("cells differ:\n%s", lineDiff(want, got))
	}
	if res.Format != FormatHTML || res.Report.Unit.Name != ref.Report.Unit.Name {
		t.Errorf("format %s, unit %q, want %q", res.Format, res.Report.Unit.Name, ref.Report.Unit.Name)
	}
	if len(res.Diags) != 0 {
		t.Errorf("diagnostics: %v", res.Diags)
	}
	if res.Report.Prior.Total == nil || *res.Report.Prior.Total != *ref.Report.Prior.Total {
		t.Errorf("prior total %v, want %v", res.Report.Prior.Total, ref.Report.Prior.Total)
	}
}

// wordDocument lays the reference report out as a Word body: group
// headers with w:gridSpan, headers over two rows with w:vMerge, page
// breaks both explicit and as Word's rendered marks.
func wordDocument(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>`)
	para := func(s string) string {
		return `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">` + html.EscapeString(s) + `</w:t></w:r></w:p>`
	}
	pendingRendered := false
	for _, bl := range referenceBlocks(t) {
		if isTableTitle(bl.para) {
			// Every table on a new page: Word writes the explicit break and,
			// once laid out, its rendered mark on the next paragraph.
			bl.break_ = true
			b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
			b.WriteString(`<w:p><w:r><w:lastRenderedPageBreak/><w:t>` + html.EscapeString(bl.para) + `</w:t></w:r></w:p>`)
			continue
		}
		switch {
		case bl.break_:
			b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
			pendingRendered = true
		case bl.rows == nil:
			if pendingRendered {
				b.WriteString(`<w:p><w:r><w:lastRenderedPageBreak/><w:t>` + html.EscapeString(bl.para) + `</w:t></w:r></w:p>`)
				pendingRendered = false
				continue
			}
			b.WriteString(para(bl.para))
		default:
			g, head := grid(bl.rows)
			b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>`)
			for range g[0] {
				b.WriteString(`<w:gridCol w:w="1000"/>`)
			}
			b.WriteString(`</w:tblGrid>`)
			vcont := map[[2]int]bool{}
			for r, row := range g {
				b.WriteString(`<w:tr><w:trPr><w:tblHeader/></w:trPr>`)
				for c := 0; c < len(row); c++ {
					f := row[c]
					switch {
					case vcont[[2]int{r, c}]:
						b.WriteString(`<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>`)
					case r < head && f != "":
						n := span(g, head, r, c)
						props := ""
						if n > 1 {
							props = fmt.Sprintf(`<w:gridSpan w:val="%d"/>`, n)
						} else if r+1 < head && g[r+1][c] == "" {
							props = `<w:vMerge w:val="restart"/>`
							vcont[[2]int{r + 1, c}] = true
						}
						fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>%s</w:tcPr><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>%s</w:t></w:r></w:p></w:tc>`, 1000*n, props, html.EscapeString(f))
						c += n - 1
					case len([]rune(f)) > 10 && !strings.ContainsAny(f, "0123456789"):
						// A label Word wrapped into two paragraphs.
						rs := []rune(f)
						fmt.Fprintf(&b, `<w:tc>%s%s</w:tc>`, para(string(rs[:6])), para(string(rs[6:])))
					default:
						fmt.Fprintf(&b, `<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>`, html.EscapeString(f))
					}
				}
				b.WriteString(`</w:tr>`)
			}
			b.WriteString(`</w:tbl>`)
		}
	}
	b.WriteString(`<w:sectPr/></w:body></w:document>`)
	return b.String()
}

func docxZip(t *testing.T, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml":   body,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestHandmadeDOCX(t *testing.T) {
	ref := mustImport(t, "testdata/wuhan-zhigong-2020-final.txt")
	want := cellsCSV(t, ref.Template, ref.Report)
	body := wordDocument(t)
	if !strings.Contains(body, `<w:vMerge w:val="restart"/>`) || !strings.Contains(body, "<w:gridSpan") {
		t.Fatal("no merged cells in the document")
	}
	res, err := Bytes("handmade.docx", docxZip(t, body), yearspec.Default, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := cellsCSV(t, res.Template, res.Report); got != want {
		t.Errorf("cells differ:\n%s", lineDiff(want, got))
	}
	if res.Format != FormatDOCX || res.Report.Unit.Name != ref.Report.Unit.Name || len(res.Diags) != 0 {
		t.Errorf("format %s, unit %q, diagnostics %v", res.Format, res.Report.Unit.Name, res.Diags)
	}
	// The cover and 目录 are page 1; each table title opens the next page.
	page := 1
	titles := map[string]int{}
	for _, bl := range referenceBlocks(t) {
		if isTableTitle(bl.para) {
			page++
			if _, ok := titles[bl.para]; !ok {
				titles[bl.para] = page
			}
		}
	}
	if len(titles) < 5 {
		t.Fatalf("only %d table titles in the reference", len(titles))
	}
	for _, s := range res.Tables {
		for title, p := range titles {
			if strings.Contains(title, fmt.Sprintf("（表%d）", s.Table)) && s.Page != p {
				t.Errorf("表%d on page %d, want %d", s.Table, s.Page, p)
			}
		}
	}
}

func isTableTitle(s string) bool {
	return strings.HasPrefix(s, "2020年度") && strings.HasSuffix(s, "）") && strings.Contains(s, "（表")
}
