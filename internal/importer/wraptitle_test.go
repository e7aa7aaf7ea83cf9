package importer

import (
	"os"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/yearspec"
)

// A long table title wrapped onto a second line ("…经费支出决算" /
// "表") is still the table's title: the table is found and read.
func TestWrappedTitle(t *testing.T) {
	src, err := os.ReadFile("testdata/wuhan-zhigong-2020-final.txt")
	if err != nil {
		t.Fatal(err)
	}
	const title = "2020年度一般公共预算财政拨款支出决算表（表5）"
	text := string(src)
	if !strings.Contains(text, "\n"+title) {
		t.Fatal("the reference text lacks the title line")
	}
	wrapped := strings.Replace(text, "\n"+title, "\n2020年度一般公共预算财政拨款支出决\n算表（表5）", 1)
	want, err := Text("ref.txt", src, yearspec.Default, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Text("wrapped.txt", []byte(wrapped), yearspec.Default, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Report.Cells) != len(want.Report.Cells) {
		t.Fatalf("%d cells with the wrapped title, %d without", len(got.Report.Cells), len(want.Report.Cells))
	}
	for c, v := range want.Report.Cells {
		if got.Report.Cells[c] != v {
			t.Errorf("%s = %s, want %s", c, got.Report.Cells[c].Wan(), v.Wan())
		}
	}
}
