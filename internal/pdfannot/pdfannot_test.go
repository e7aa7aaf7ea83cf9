package pdfannot

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
)

// classic builds a two-page PDF with a classic cross-reference table;
// the second page already has an annotation, given indirectly.
func classic() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	off := map[int]int{}
	obj := func(n int, s string) {
		off[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, s)
	}
	obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	obj(2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>")
	obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>")
	obj(4, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots 6 0 R /Contents 5 0 R >>")
	obj(5, "<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (Hello) Tj ET        \nendstream")
	obj(6, "[7 0 R]")
	obj(7, "<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (old) >>")
	x := b.Len()
	b.WriteString("xref\n0 8\n0000000000 65535 f \n")
	for i := 1; i <= 7; i++ {
		fmt.Fprintf(&b, "%010d 00000 n \n", off[i])
	}
	fmt.Fprintf(&b, "trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", x)
	return b.Bytes()
}

// compressed builds a one-page PDF whose page objects live in an object
// stream, indexed by a cross-reference stream with a PNG predictor.
func compressed() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	}
	var head, body strings.Builder
	for i, o := range objs {
		fmt.Fprintf(&head, "%d %d ", i+1, body.Len())
		body.WriteString(o + " ")
	}
	data := head.String() + body.String()
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(data))
	zw.Close()
	streamOff := b.Len()
	fmt.Fprintf(&b, "4 0 obj\n<< /Type /ObjStm /N 3 /First %d /Length %d /Filter /FlateDecode >>\nstream\n", len(head.String()), z.Len())
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj\n")
	xrefOff := b.Len()
	// Entries: W [1 2 1]; 0 free, 1-3 in stream 4, 4 at streamOff, 5 the xref stream itself.
	rows := [][]byte{
		{0, 0, 0, 0},
		{2, 0, 4, 0}, {2, 0, 4, 1}, {2, 0, 4, 2},
		{1, byte(streamOff >> 8), byte(streamOff), 0},
		{1, byte(xrefOff >> 8), byte(xrefOff), 0},
	}
	var raw []byte
	prev := make([]byte, 4)
	for _, r := range rows {
		raw = append(raw, 2) // PNG "up"
		for i := range r {
			raw = append(raw, r[i]-prev[i])
		}
		prev = r
	}
	z.Reset()
	zw = zlib.NewWriter(&z)
	zw.Write(raw)
	zw.Close()
	fmt.Fprintf(&b, "5 0 obj\n<< /Type /XRef /Size 6 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> /Length %d >>\nstream\n", z.Len())
	b.Write(z.Bytes())
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xrefOff)
	return b.Bytes()
}

func TestAnnotate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		pdf    []byte
		anns   []Annotation
		counts map[int]int
	}{
		{"classic", classic(), []Annotation{{Page: 1, Rect: [4]float64{10, 10, 50, 20}, Contents: "表1 错误", Error: true}, {Page: 2, Rect: [4]float64{1, 2, 3, 4}, Contents: "警告"}}, map[int]int{1: 1, 2: 2}},
		{"object streams", compressed(), []Annotation{{Page: 1, Rect: [4]float64{10, 10, 50, 20}, Contents: "a"}, {Page: 1, Rect: [4]float64{60, 10, 90, 20}, Contents: "b"}}, map[int]int{1: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Annotate(tc.pdf, tc.anns)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(out, tc.pdf) {
				t.Fatal("original bytes changed")
			}
			got, err := Count(out)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.counts) {
				t.Errorf("counts %v, want %v", got, tc.counts)
			}
			// Annotating the annotated file again appends once more.
			again, err := Annotate(out, tc.anns[:1])
			if err != nil {
				t.Fatal(err)
			}
			got2, _ := Count(again)
			if got2[tc.anns[0].Page] != tc.counts[tc.anns[0].Page]+1 {
				t.Errorf("second update: %v", got2)
			}
		})
	}
}

func TestAnnotateErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		pdf  []byte
		anns []Annotation
		want string
	}{
		{"not a pdf", []byte("hello"), nil, "不是 PDF"},
		{"no startxref", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"), nil, "startxref"},
		{"page out of range", classic(), []Annotation{{Page: 3}}, "第 3 页不存在"},
		{"encrypted", bytes.Replace(classic(), []byte("/Root 1 0 R >>"), []byte("/Root 1 0 R /Encrypt 9 0 R >>"), 1), nil, "加密"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Annotate(tc.pdf, tc.anns)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func FuzzAnnotate(f *testing.F) {
	f.Add(classic())
	f.Add(compressed())
	f.Add([]byte("%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Root 1 0 R /Prev 9 >>\nstartxref\n9\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Annotate(data, []Annotation{{Page: 1, Rect: [4]float64{1, 1, 2, 2}, Contents: "x"}})
		if err == nil && !bytes.HasPrefix(out, data) {
			t.Fatal("original bytes changed")
		}
		Count(data)
	})
}
