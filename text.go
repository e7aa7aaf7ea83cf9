package juesuan

import "strings"

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
