package textimport

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitRuns(t *testing.T) {
	got := SplitRuns("201   06   01   行政运行 1,511.90 1,511.89    因 公 出 国")
	var texts []string
	for _, c := range got {
		texts = append(texts, c.Text)
	}
	want := "201|06|01|行政运行|1,511.90|1,511.89|因 公 出 国"
	if strings.Join(texts, "|") != want {
		t.Errorf("got %q, want %q", strings.Join(texts, "|"), want)
	}
	if got[4].X != 21 || got[4].End != 29 {
		t.Errorf("amount at %v–%v, want 21–29", got[4].X, got[4].End)
	}
}

func FuzzDecodeParse(f *testing.F) {
	f.Add([]byte("收入决算表\n201\t一般公共服务支出\t86.53\n\f第二页  1,234.56"))
	f.Add([]byte{0xFF, 0xFE, 0x36, 0x5F})
	f.Add([]byte{0xC9, 0xCF, 0xBA, 0xA3})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode("f.txt", b)
		if err != nil {
			return
		}
		d := Parse("f.txt", s)
		for _, l := range d.Lines {
			for _, c := range l.Cells {
				if c.End < c.X || !utf8.ValidString(c.Text) && utf8.ValidString(s) {
					t.Fatalf("bad cell %+v", c)
				}
			}
		}
	})
}
