package importer

import (
	"context"
	"testing"

	"github.com/juesuan/juesuan/internal/importer/pdfimport"
)

// mayCutTitle only skips the regexp where it cannot match: titleKey gives
// what the regexp alone gives, on every line of the corpus PDFs and on
// the edges of the pattern.
func TestTitleKeySkipsOnlyWhatCannotMatch(t *testing.T) {
	lines := []string{"", "2024", "2024年", "2024年度", "2024年度部门决算", "20240", "202", "１２３４年度",
		"（表1）", "(表1)", "收入支出决算总表（表1）", "收入支出决算总表(表12)", "收入（表1）支出",
		"2024年度收入支出决算总表（表1）", "2024年2024年度（表1）（表2）", "表1）", "（表）", "a)", "）"}
	for _, name := range corpusPDFs {
		doc, err := pdfimport.Read(context.Background(), name, readPDF(t, name), pdfimport.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range doc.Lines {
			lines = append(lines, l.Text())
		}
	}
	for _, l := range lines {
		got := titleKeyText(l)
		// The same steps with the regexp applied unconditionally.
		want := titleKeyPrefix(l)
		for i := 0; i < 2; i++ {
			want = reTitleCut.ReplaceAllString(want, "")
		}
		if got != want {
			t.Errorf("titleKey(%q) = %q, the regexp gives %q", l, got, want)
		}
	}
}
