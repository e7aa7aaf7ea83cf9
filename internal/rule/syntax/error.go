package syntax

import (
	"fmt"
	"strings"
	"unicode"
)

// Error is a positioned syntax error.
type Error struct {
	File string // file name; empty for ParseExpr
	Pos  Pos
	Msg  string
	Line string // full text of the source line containing Pos
}

// Error formats the error as
//
//	file:line:col: msg
//	<source line>
//	<padding>^
//
// The padding copies tabs from the source line and counts East Asian wide
// characters as two columns, so the caret sits under the offending
// character in a terminal. Without a file name the prefix is "line:col".
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	fmt.Fprintf(&b, "%d:%d: %s\n%s\n", e.Pos.Line, e.Pos.Col, e.Msg, e.Line)
	n := 0
	for _, r := range e.Line {
		if n >= e.Pos.Col-1 {
			break
		}
		n++
		switch {
		case r == '\t':
			b.WriteByte('\t')
		case isWide(r):
			b.WriteString("  ")
		default:
			b.WriteByte(' ')
		}
	}
	for ; n < e.Pos.Col-1; n++ {
		b.WriteByte(' ')
	}
	b.WriteByte('^')
	return b.String()
}

// ErrorList is a list of errors sorted by position.
type ErrorList []*Error

// Error joins all errors with newlines.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// isWide reports whether r occupies two terminal columns (East Asian
// Wide or Fullwidth).
func isWide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F, // Hangul Jamo
		0x2E80 <= r && r <= 0x303E, // CJK radicals, punctuation
		0x3041 <= r && r <= 0x33FF, // kana, CJK symbols
		0x3400 <= r && r <= 0x4DBF, // CJK extension A
		0x4E00 <= r && r <= 0x9FFF, // CJK unified ideographs
		0xA000 <= r && r <= 0xA4CF, // Yi
		0xAC00 <= r && r <= 0xD7A3, // Hangul syllables
		0xF900 <= r && r <= 0xFAFF, // CJK compatibility ideographs
		0xFE30 <= r && r <= 0xFE4F, // CJK compatibility forms
		0xFF00 <= r && r <= 0xFF60, // fullwidth forms
		0xFFE0 <= r && r <= 0xFFE6,
		0x1F300 <= r && r <= 0x1F64F, // emoji
		0x1F900 <= r && r <= 0x1F9FF,
		0x20000 <= r && r <= 0x3FFFD: // CJK extensions B and beyond
		return true
	}
	return unicode.Is(unicode.Han, r)
}

// lineAt returns the text of the line containing byte offset off,
// without the line terminator or a leading byte order mark.
func lineAt(src []byte, off int) string {
	off = min(max(off, 0), len(src))
	start := off
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	end := off
	for end < len(src) && src[end] != '\n' {
		end++
	}
	if start == 0 && end >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		start = 3
	}
	line := src[start:end]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return string(line)
}
