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

// simplify and normText skip the Replacer and the numbering regexp only
// where they cannot change the text: the same results as applying them
// unconditionally, on every line of the corpus PDFs, on every key of the
// Replacer alone and within text, and on invalid UTF-8.
func TestNormalizeSkipsOnlyWhatCannotChange(t *testing.T) {
	lines := []string{"", "一、收入", "十二、支出", "1.总表", "12、表", "3．表", "（一）基本", "（12）项目", "(一)半角",
		"一收入", "１、全角数字", "a1.", "（表1）", "（）", "\xe6", "\xe6\xb1", "\xe6\xb1\xba", "\xe6\xb1\xba\xff\xe6",
		"x\x80\xe6\xb1\xba算", "決", "決算總表", "决算总表", "算算算"}
	for i := 0; i+1 < len(tradPairs); i += 2 {
		lines = append(lines, tradPairs[i], "前"+tradPairs[i]+"后", tradPairs[i][:2], tradPairs[i][1:])
	}
	for _, name := range corpusPDFs {
		doc, err := pdfimport.Read(context.Background(), name, readPDF(t, name), pdfimport.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range doc.Lines {
			lines = append(lines, l.Text())
			for _, c := range l.Cells {
				lines = append(lines, c.Text)
			}
		}
	}
	for _, l := range lines {
		if got, want := simplify(l), trad.Replace(l); got != want {
			t.Errorf("simplify(%q) = %q, the Replacer gives %q", l, got, want)
		}
		for _, s := range []string{l, width(l), simplify(width(l))} {
			if got, want := mayBeNumbered(s) || numbering.ReplaceAllString(s, "") == s, true; got != want {
				t.Errorf("%q: numbering would change it, but mayBeNumbered says it cannot", s)
			}
		}
	}
}
