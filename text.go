package juesuan

import (
	"regexp"
	"strings"
)

// HalfWidth maps full-width ASCII forms (digits, letters, punctuation,
// U+FF01–U+FF5E) to ASCII, the ideographic space to a space and the minus
// sign U+2212 to '-': what people type in Chinese input methods for numbers.
func HalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == '\u3000':
			return ' '
		case r == '−':
			return '-'
		}
		return r
	}, s)
}

var reAttached = regexp.MustCompile(`(?:详见|见|参见)附件|附件[0-9一二三四五六七八九十]*[：:、]?.{0,30}(?:决算表|公开表|报表)`)

// SaysTablesAttached reports whether a line of a document sends the reader
// to an attachment for the tables (见附件), as families that publish the
// tables separately do. Every branch of the regexp contains 附件, so a
// line without it (nearly every line: the importer asks for each one) is
// answered without running the regexp.
func SaysTablesAttached(line string) bool {
	return strings.Contains(line, "附件") && reAttached.MatchString(line)
}
