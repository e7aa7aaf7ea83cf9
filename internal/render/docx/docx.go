// Package docx writes the disclosure document as a Word file from
// hand-written OOXML: real tables whose merged header rows repeat on every
// page, heading styles for the navigation pane, 仿宋/黑体/方正小标宋简体
// named as East Asian fonts, a page-number footer and the charts as PNG
// images. It opens in Word, WPS and LibreOffice.
package docx

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/render/chart"
)

// Page geometry in twips (A4, 2.54 cm / 2.2 cm margins).
const (
	pageW, pageH   = 11906, 16838
	marginTB       = 1440
	marginLR       = 1247
	textW          = pageW - 2*marginLR
	textWL         = pageH - 2*marginTB // landscape: the margins turn with the page
	emuPerPx       = 9525
	chartPxW       = chart.Width
	chartPxH       = chart.Height
	imageRelOffset = 10 // rId10… are images
)

// esc escapes text for XML.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			// Control characters and the noncharacters U+FFFE and
			// U+FFFF are not allowed in XML 1.0: one of them makes the
			// document unopenable.
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

type writer struct {
	b      strings.Builder
	images [][]byte
}

func (w *writer) para(style, text string, extra string) {
	w.b.WriteString("<w:p><w:pPr>")
	if style != "" {
		fmt.Fprintf(&w.b, `<w:pStyle w:val="%s"/>`, style)
	}
	w.b.WriteString(extra)
	w.b.WriteString("</w:pPr>")
	if text != "" {
		fmt.Fprintf(&w.b, `<w:r><w:t xml:space="preserve">%s</w:t></w:r>`, esc(text))
	}
	w.b.WriteString("</w:p>")
}

func (w *writer) pageBreak() {
	w.b.WriteString(`<w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:br w:type="page"/></w:r></w:p>`)
}

// Render writes d as a DOCX file.
func Render(out io.Writer, d *disclosure.Document) error {
	w := &writer{}
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>`)
	// Cover.
	if d.Review {
		w.para("TableTitle", "审核稿（含按公式计算的得分与尾差提示，不对外公开）", "")
	}
	for i := 0; i < 4; i++ {
		w.para("Title", "", "")
	}
	w.para("Title", fmt.Sprintf("%d年度%s", d.Year, d.Unit), "")
	w.para("Title", "部 门 决 算", `<w:spacing w:before="1200" w:after="2400" w:line="240" w:lineRule="auto"/>`)
	w.para("Title", d.Date, `<w:spacing w:before="2400"/>`)
	w.pageBreak()
	// 目录.
	w.para("TableTitle", "目　录", "")
	w.toc(d)
	w.pageBreak()
	pngs, err := chartImages(d)
	if err != nil {
		return err
	}
	landscape := false
	for i, bl := range d.Blocks {
		// A wide table gets a landscape section of its own; the section
		// break starts its page, so the page break before it is dropped.
		wide := bl.Kind == disclosure.TableBlock && bl.Table.Wide
		if bl.Kind == disclosure.PageBreak && i+1 < len(d.Blocks) {
			if next := d.Blocks[i+1]; next.Kind == disclosure.TableBlock && next.Table.Wide {
				if landscape {
					w.pageBreak() // the next wide table stays in this section
				}
				continue
			}
		}
		if !wide && landscape && bl.Kind != disclosure.Para {
			w.sectionEnd(true)
			landscape = false
			if bl.Kind == disclosure.PageBreak {
				continue
			}
		}
		if wide && !landscape {
			w.sectionEnd(false)
			landscape = true
		}
		switch bl.Kind {
		case disclosure.PageBreak:
			w.pageBreak()
		case disclosure.Heading:
			w.para(fmt.Sprintf("Heading%d", min(max(bl.Level, 1), 3)), bl.Text, "")
		case disclosure.Para:
			style := ""
			if bl.Class != "" {
				style = "Small"
			}
			w.para(style, bl.Text, "")
		case disclosure.ChartBlock:
			w.images = append(w.images, pngs[i])
			w.image(len(w.images), bl.Chart.Title)
			w.para("Small", bl.Chart.Title, `<w:jc w:val="center"/>`)
		case disclosure.TableBlock:
			tw := textW
			if landscape {
				tw = textWL
			}
			w.table(bl.Table, tw)
		}
	}
	w.b.WriteString(sectPr(landscape))
	w.b.WriteString(`</w:body></w:document>`)
	return w.pack(out, d)
}

// sectPr is a section's page: A4 portrait, or landscape for wide tables.
func sectPr(landscape bool) string {
	if landscape {
		return fmt.Sprintf(`<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:type w:val="nextPage"/><w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="851" w:gutter="0"/></w:sectPr>`,
			pageH, pageW, marginLR, marginTB, marginLR, marginTB)
	}
	return fmt.Sprintf(`<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:type w:val="nextPage"/><w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="851" w:gutter="0"/></w:sectPr>`,
		pageW, pageH, marginTB, marginLR, marginTB, marginLR)
}

// sectionEnd closes the section so far: Word keeps a section's page
// settings in the last paragraph of the section.
func (w *writer) sectionEnd(landscape bool) {
	w.b.WriteString(`<w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/>` + sectPr(landscape) + `</w:pPr></w:p>`)
}

// toc writes the 目录 as a Word TOC field over the heading outline; its
// cached result is the document's own 目录, so it reads right before
// Word updates the field (settings ask it to on opening).
func (w *writer) toc(d *disclosure.Document) {
	for i, e := range d.TOC {
		ind := `<w:ind w:firstLineChars="0" w:firstLine="0"/>`
		if e.Level > 1 {
			ind = `<w:ind w:left="640" w:firstLineChars="0" w:firstLine="0"/>`
		}
		w.b.WriteString(`<w:p><w:pPr>` + ind + `</w:pPr>`)
		if i == 0 {
			w.b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-2" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
		}
		fmt.Fprintf(&w.b, `<w:r><w:t xml:space="preserve">%s</w:t></w:r>`, esc(e.Text))
		if i == len(d.TOC)-1 {
			w.b.WriteString(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
		}
		w.b.WriteString(`</w:p>`)
	}
}

func (w *writer) image(n int, title string) {
	cx, cy := chartPxW*emuPerPx, chartPxH*emuPerPx
	fmt.Fprintf(&w.b, `<w:p><w:pPr><w:jc w:val="center"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="图%d" descr="%s"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="%d" name="chart%d.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId%d"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
		cx, cy, n, n, esc(title), n, n, imageRelOffset+n, cx, cy)
}

func (w *writer) table(t *disclosure.Table, textW int) {
	if t.Title != "" {
		w.para("TableTitle", t.Title, "")
	}
	if t.Dept != "" || t.Unit != "" {
		fmt.Fprintf(&w.b, `<w:p><w:pPr><w:pStyle w:val="Small"/><w:keepNext/><w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, textW, esc(t.Dept), esc(t.Unit))
	}
	sum := 0
	for _, x := range t.Widths {
		sum += x
	}
	widths := make([]int, len(t.Widths))
	for i, x := range t.Widths {
		widths[i] = x * textW / max(sum, 1)
	}
	widen(widths, t)
	w.b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + fmt.Sprint(textW) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(&w.b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
	}
	w.b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for _, x := range widths {
		fmt.Fprintf(&w.b, `<w:gridCol w:w="%d"/>`, x)
	}
	w.b.WriteString(`</w:tblGrid>`)
	w.rows(t.Header, widths, true)
	w.rows(t.Body, widths, false)
	w.b.WriteString(`</w:tbl>`)
	for _, n := range t.Notes {
		w.para("Small", n, "")
	}
	if t.Empty != "" {
		w.para("Small", t.Empty, "")
	}
}

// rows writes grid rows; a cell covered by a vertical merge is written as
// a vMerge continuation, one covered by a horizontal span is omitted.
func (w *writer) rows(g [][]disclosure.Cell, widths []int, head bool) {
	type cont struct{ span int }
	vcont := map[[2]int]cont{}
	for i, row := range g {
		for j, c := range row {
			if !c.Covered && c.RowSpan > 1 {
				for k := 1; k < c.RowSpan; k++ {
					vcont[[2]int{i + k, j}] = cont{c.ColSpan}
				}
			}
		}
	}
	for i, row := range g {
		w.b.WriteString("<w:tr><w:trPr><w:cantSplit/>")
		if head {
			w.b.WriteString("<w:tblHeader/>")
		}
		w.b.WriteString("</w:trPr>")
		for j := 0; j < len(row); j++ {
			c := row[j]
			if c.Covered {
				vc, ok := vcont[[2]int{i, j}]
				if !ok {
					continue
				}
				w.b.WriteString(`<w:tc><w:tcPr>`)
				fmt.Fprintf(&w.b, `<w:tcW w:w="%d" w:type="dxa"/>`, spanWidth(widths, j, vc.span))
				if vc.span > 1 {
					fmt.Fprintf(&w.b, `<w:gridSpan w:val="%d"/>`, vc.span)
				}
				w.b.WriteString(`<w:vMerge/></w:tcPr><w:p><w:pPr><w:pStyle w:val="Cell"/></w:pPr></w:p></w:tc>`)
				j += vc.span - 1
				continue
			}
			span := max(c.ColSpan, 1)
			w.b.WriteString(`<w:tc><w:tcPr>`)
			fmt.Fprintf(&w.b, `<w:tcW w:w="%d" w:type="dxa"/>`, spanWidth(widths, j, span))
			if span > 1 {
				fmt.Fprintf(&w.b, `<w:gridSpan w:val="%d"/>`, span)
			}
			if c.RowSpan > 1 {
				w.b.WriteString(`<w:vMerge w:val="restart"/>`)
			}
			if head {
				w.b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>`)
			}
			w.b.WriteString(`<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="Cell"/>`)
			switch {
			case head || c.Align == disclosure.Center:
				w.b.WriteString(`<w:jc w:val="center"/>`)
			case c.Align == disclosure.Right:
				w.b.WriteString(`<w:jc w:val="right"/>`)
			}
			w.b.WriteString(`</w:pPr>`)
			if c.Text != "" {
				w.b.WriteString(`<w:r>`)
				if head || c.Bold {
					w.b.WriteString(`<w:rPr><w:b/></w:rPr>`)
				}
				fmt.Fprintf(&w.b, `<w:t xml:space="preserve">%s</w:t></w:r>`, esc(c.Text))
			}
			w.b.WriteString(`</w:p></w:tc>`)
			j += span - 1
		}
		w.b.WriteString("</w:tr>")
	}
}

func spanWidth(widths []int, j, span int) int {
	s := 0
	for k := j; k < j+span && k < len(widths); k++ {
		s += widths[k]
	}
	return s
}

func (w *writer) pack(out io.Writer, d *disclosure.Document) error {
	zw := zip.NewWriter(out)
	// A fixed timestamp keeps the archive reproducible.
	stamp := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(name string, data []byte) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return err
		}
		_, err = fw.Write(data)
		return err
	}
	var rels strings.Builder
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
`)
	for i := range w.images {
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart%d.png"/>`+"\n", imageRelOffset+i+1, i+1)
	}
	rels.WriteString(`</Relationships>`)
	core := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + esc(d.Title) + `</dc:title><dc:creator>juesuan</dc:creator></cp:coreProperties>`
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(contentTypes)},
		{"_rels/.rels", []byte(rootRels)},
		{"docProps/core.xml", []byte(core)},
		{"word/document.xml", []byte(w.b.String())},
		{"word/styles.xml", []byte(styles)},
		{"word/settings.xml", []byte(settings)},
		{"word/footer1.xml", []byte(footer)},
		{"word/_rels/document.xml.rels", []byte(rels.String())},
	}
	for _, p := range parts {
		if err := add(p.name, p.data); err != nil {
			return err
		}
	}
	for i, img := range w.images {
		if err := add(fmt.Sprintf("word/media/chart%d.png", i+1), img); err != nil {
			return err
		}
	}
	return zw.Close()
}

// chartImages rasterises every chart of d concurrently (the PNGs are the
// costly part of a DOCX), keyed by block index.
func chartImages(d *disclosure.Document) (map[int][]byte, error) {
	out := map[int][]byte{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	for i, bl := range d.Blocks {
		if bl.Kind != disclosure.ChartBlock {
			continue
		}
		wg.Add(1)
		go func(i int, c *disclosure.Chart) {
			defer wg.Done()
			png, err := chart.PNG(c)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			out[i] = png
		}(i, bl.Chart)
	}
	wg.Wait()
	return out, firstErr
}

// widen makes every column wide enough for the longest code or amount
// it holds on one line (a 7-digit 功能分类 code, 1,511.89), taking the
// width from the widest columns: such a text must never wrap.
func widen(widths []int, t *disclosure.Table) {
	const perDigit, margins = 92, 160 // twips at the 8pt cell font
	need := make([]int, len(widths))
	for _, row := range t.Body {
		for j, c := range row {
			if c.Covered || max(c.ColSpan, 1) > 1 || j >= len(need) || !unbreakable(c.Text) {
				continue
			}
			need[j] = max(need[j], len([]rune(c.Text))*perDigit+margins)
		}
	}
	for j := range widths {
		for widths[j] < need[j] {
			k := 0
			for i := range widths {
				if widths[i]-need[i] > widths[k]-need[k] {
					k = i
				}
			}
			give := min(need[j]-widths[j], widths[k]-need[k])
			if k == j || give <= 0 {
				break
			}
			widths[k] -= give
			widths[j] += give
		}
	}
}

// unbreakable tells a code or an amount: digits, separators and signs.
func unbreakable(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == ',' || r == '-' || r == '%') {
			return false
		}
	}
	return true
}
