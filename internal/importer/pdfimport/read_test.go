package pdfimport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// buildPDF writes a minimal PDF: one page per content stream, with an
// optional image XObject (8×8 grey pixels) available to every page; a
// content stream that starts with a zlib header is marked as deflated.
func buildPDF(contents []string, withImage bool) []byte {
	var objs []string
	n := len(contents)
	// 1 catalog, 2 pages, 3 font, 4 image, then page i: 5+2i, content 6+2i.
	kids := make([]string, n)
	for i := range contents {
		kids[i] = fmt.Sprintf("%d 0 R", 5+2*i)
	}
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>")
	objs = append(objs, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	objs = append(objs, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	img := strings.Repeat("\x80", 64)
	objs = append(objs, fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream", len(img), img))
	for i, c := range contents {
		res := "<< /Font << /F1 3 0 R >> >>"
		if withImage {
			res = "<< /XObject << /Im1 4 0 R >> >>"
		}
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>", res, 6+2*i))
		filter := ""
		if strings.HasPrefix(c, "\x78\x9c") { // zlib-compressed (deflated)
			filter = " /Filter /FlateDecode"
		}
		objs = append(objs, fmt.Sprintf("<< /Length %d%s >>\nstream\n%s\nendstream", len(c), filter, c))
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

func read(t testing.TB, name string, data []byte, lim Limits) (string, error) {
	t.Helper()
	doc, err := Read(context.Background(), name, data, lim)
	if err != nil {
		return "", err
	}
	var s []string
	for _, l := range doc.Lines {
		s = append(s, l.Text())
	}
	return strings.Join(s, "\n"), nil
}

func TestReadText(t *testing.T) {
	pdf := buildPDF([]string{"BT /F1 12 Tf 72 700 Td (Total  1,234.56) Tj ET", "BT /F1 12 Tf 72 700 Td (Page two) Tj ET"}, false)
	got, err := read(t, "t.pdf", pdf, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if got != "Total 1,234.56\nPage two" {
		t.Errorf("got %q", got)
	}
	small, err := os.ReadFile("testdata/small.pdf")
	if err != nil {
		t.Fatal(err)
	}
	got, err = read(t, "small.pdf", small, DefaultLimits)
	if err != nil || !strings.Contains(got, "2024 年度部门决算") || !strings.Contains(got, "收入决算表") {
		t.Errorf("LibreOffice PDF: %q, %v", got, err)
	}
}

// Every bad PDF gets a Chinese message that names the file (and the page
// where there is one), never a panic or a hang.
func TestBadPDFs(t *testing.T) {
	small, _ := os.ReadFile("testdata/small.pdf")
	enc, _ := os.ReadFile("testdata/encrypted.pdf")
	var huge []string
	for i := 0; i < DefaultLimits.MaxPages+1; i++ {
		huge = append(huge, "")
	}
	cases := []struct {
		name string
		data []byte
		lim  Limits
		want string
	}{
		{"empty.pdf", nil, DefaultLimits, "空的"},
		{"garbage.pdf", []byte("%PDF-1.7\n\x00\x01garbage"), DefaultLimits, "不是有效的 PDF"},
		{"truncated.pdf", small[:len(small)/3], DefaultLimits, "PDF"},
		{"encrypted.pdf", enc, DefaultLimits, "已加密"},
		{"scanned.pdf", buildPDF([]string{"q 500 0 0 700 40 60 cm /Im1 Do Q", "q 500 0 0 700 40 60 cm /Im1 Do Q"}, true), DefaultLimits, "没有文字层"},
		{"huge.pdf", buildPDF(huge, false), DefaultLimits, "超过上限"},
		{"big.pdf", small, Limits{MaxBytes: 1000, MaxPages: 10, PageTimeout: time.Minute}, "过大"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := read(t, c.name, c.data, c.lim)
			t.Log(err)
			if err == nil || !strings.Contains(err.Error(), c.name) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to name %s and say %q", err, c.name, c.want)
			}
		})
	}
	_, err := read(t, "scanned.pdf", buildPDF([]string{"q 500 0 0 700 40 60 cm /Im1 Do Q"}, true), DefaultLimits)
	if !errors.Is(err, ErrNoText) {
		t.Errorf("scanned PDF: %v, want ErrNoText", err)
	}
}

// A page that takes longer than the limit is abandoned (the sandboxed
// instance is killed) with a message naming the page, and the engine
// keeps working for the next file.
func TestPageTimeout(t *testing.T) {
	pages := make([]string, 3)
	for i := range pages {
		var b strings.Builder
		b.WriteString("BT /F1 6 Tf ")
		for k := 0; k < 3000; k++ {
			fmt.Fprintf(&b, "1 0 0 1 %d %d Tm (%d.00) Tj ", 20+k%20*28, 20+k/20*5, k)
		}
		b.WriteString("ET")
		pages[i] = b.String()
	}
	pdf := buildPDF(pages, false)
	_, err := read(t, "slow.pdf", pdf, Limits{MaxBytes: 1 << 20, MaxPages: 10, PageTimeout: time.Microsecond})
	if err == nil || !strings.Contains(err.Error(), "slow.pdf") || !strings.Contains(err.Error(), "超时") {
		t.Fatalf("err = %v, want a timeout naming the file", err)
	}
	if _, err := read(t, "after.pdf", buildPDF([]string{"BT /F1 12 Tf 72 700 Td (ok) Tj ET"}, false), DefaultLimits); err != nil {
		t.Fatalf("engine broken after a timeout: %v", err)
	}
}

func FuzzPDF(f *testing.F) {
	small, _ := os.ReadFile("testdata/small.pdf")
	f.Add(small)
	f.Add(buildPDF([]string{"BT /F1 12 Tf 72 700 Td (Total  1,234.56) Tj ET"}, false))
	f.Add(buildPDF([]string{"q 500 0 0 700 40 60 cm /Im1 Do Q"}, true))
	lim := Limits{MaxBytes: 4 << 20, MaxPages: 50, PageTimeout: 10 * time.Second}
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := Read(context.Background(), "fuzz.pdf", b, lim)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.pdf") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, l := range doc.Lines {
			for _, c := range l.Cells {
				if c.End < c.X || !utf8.ValidString(c.Text) || c.Text == "" {
					t.Fatalf("bad cell %+v", c)
				}
			}
		}
	})
}
