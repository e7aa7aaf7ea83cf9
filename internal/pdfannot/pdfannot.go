// Package pdfannot adds annotations (a red box and a note per finding)
// to an existing PDF by an incremental update: the original bytes are
// kept unchanged and the new page objects, annotation objects, a
// cross-reference section and a trailer are appended, as the PDF
// specification (ISO 32000-1, 7.5.6) allows. It reads classic
// cross-reference tables and cross-reference streams, with objects in
// object streams.
package pdfannot

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Annotation is one box with its note on a page (1-based). Rect is in
// PDF points [x0, y0, x1, y1].
type Annotation struct {
	Page     int
	Rect     [4]float64
	Rects    [][4]float64 // other boxes of the same finding on the page (informative)
	Contents string
	Error    bool // red for an error, orange otherwise
}

// Annotate returns the PDF with the annotations appended as an
// incremental update. An annotation on a page the PDF does not have is
// an error, as is a PDF whose structure cannot be read.
func Annotate(data []byte, anns []Annotation) ([]byte, error) {
	f, err := open(data)
	if err != nil {
		return nil, err
	}
	pages, err := f.pages()
	if err != nil {
		return nil, err
	}
	byPage := map[int][]Annotation{}
	for _, a := range anns {
		if a.Page < 1 || a.Page > len(pages) {
			return nil, fmt.Errorf("批注所在的第 %d 页不存在（PDF 共 %d 页）", a.Page, len(pages))
		}
		byPage[a.Page] = append(byPage[a.Page], a)
	}
	var out bytes.Buffer
	out.Write(data)
	if !bytes.HasSuffix(data, []byte("\n")) {
		out.WriteByte('\n')
	}
	offsets := map[int]int{}
	next := f.size
	var nums []int
	for p := 1; p <= len(pages); p++ {
		list := byPage[p]
		if len(list) == 0 {
			continue
		}
		ref := pages[p-1]
		raw, err := f.object(ref.num)
		if err != nil {
			return nil, fmt.Errorf("第 %d 页：%v", p, err)
		}
		var refs []string
		for _, a := range list {
			num := next
			next++
			offsets[num] = out.Len()
			nums = append(nums, num)
			fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", num, annotDict(a, ref))
			refs = append(refs, fmt.Sprintf("%d 0 R", num))
		}
		dict, err := f.withAnnots(raw, refs)
		if err != nil {
			return nil, fmt.Errorf("第 %d 页：%v", p, err)
		}
		offsets[ref.num] = out.Len()
		nums = append(nums, ref.num)
		fmt.Fprintf(&out, "%d %d obj\n%s\nendobj\n", ref.num, ref.gen, dict)
	}
	if len(nums) == 0 {
		return data, nil
	}
	sort.Ints(nums)
	gens := map[int]int{}
	for _, r := range pages {
		gens[r.num] = r.gen
	}
	xref := out.Len()
	out.WriteString("xref\n")
	for _, n := range nums {
		fmt.Fprintf(&out, "%d 1\n%010d %05d n \n", n, offsets[n], gens[n])
	}
	out.WriteString("trailer\n<< /Size " + strconv.Itoa(next) + " /Prev " + strconv.Itoa(f.startxref))
	for _, k := range []string{"Root", "Info", "ID", "Encrypt"} {
		if v, ok := f.trailer[k]; ok {
			out.WriteString(" /" + k + " " + v)
		}
	}
	fmt.Fprintf(&out, " >>\nstartxref\n%d\n%%%%EOF\n", xref)
	return out.Bytes(), nil
}

func annotDict(a Annotation, page ref) string {
	r := a.Rect
	const pad = 1.5
	color := "1 0.5 0"
	if a.Error {
		color = "1 0 0"
	}
	return fmt.Sprintf("<< /Type /Annot /Subtype /Square /Rect [%s %s %s %s] /C [%s] /BS << /W 1.5 /S /S >> /F 4 /P %d %d R /T %s /Contents %s >>",
		num(r[0]-pad), num(r[1]-pad), num(r[2]+pad), num(r[3]+pad), color, page.num, page.gen, textString("Juesuan 公开检查"), textString(a.Contents))
}

func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

// textString encodes s as a PDF text string: UTF-16BE with a byte order
// mark, in hex.
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// Count reads a PDF (following its whole update chain) and returns the
// number of annotations of each page, by 1-based page number.
func Count(data []byte) (map[int]int, error) {
	f, err := open(data)
	if err != nil {
		return nil, err
	}
	pages, err := f.pages()
	if err != nil {
		return nil, err
	}
	out := map[int]int{}
	for i, p := range pages {
		d, err := f.dictOf(p.num)
		if err != nil {
			return nil, err
		}
		v := d["Annots"]
		if r, ok := parseRef(v); ok {
			raw, err := f.object(r.num)
			if err != nil {
				return nil, err
			}
			v = string(raw)
		}
		if n := len(refs(v)); n > 0 {
			out[i+1] = n
		}
	}
	return out, nil
}
