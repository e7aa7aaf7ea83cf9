package check

import (
	"slices"
	"testing"

	"github.com/juesuan/juesuan"
)

// The printed lines are one memo key; every text must split back as it
// was, whatever it holds (a PDF's text can hold NUL, colons and digits).
func TestJoinLinesSplitsBack(t *testing.T) {
	for _, texts := range [][]string{
		nil,
		{""},
		{"", ""},
		{"一、收入支出决算总表", "单位：万元"},
		{"12:34", "5:", ":", "a\x00b", "\x00"},
		{"2020年度部门决算", "", "9"},
	} {
		lines := make([]juesuan.PrintedLine, len(texts))
		for i, s := range texts {
			lines[i] = juesuan.PrintedLine{Text: s}
		}
		got := splitLines(joinLines(lines))
		if len(texts) == 0 && len(got) == 0 {
			continue
		}
		if !slices.Equal(got, texts) {
			t.Errorf("splitLines(joinLines(%q)) = %q", texts, got)
		}
	}
	// A key not made by joinLines gives what it can, without a panic.
	for _, key := range []string{"x", "5:ab", "-1:", "3"} {
		_ = splitLines(key)
	}
}
