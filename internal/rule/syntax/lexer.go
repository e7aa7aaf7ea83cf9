package syntax

import (
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// lexer is an on-demand scanner: each call to next returns the following
// token. The parser holds a single token of lookahead, so the lexer is
// always positioned just after the parser's current token; this lets the
// parser switch to the special rule-id scan right after the "rule" keyword.
type lexer struct {
	src  []byte
	off  int // byte offset of the next unread rune
	line int // 1-based line of off
	col  int // 1-based rune column of off
	err  func(pos Pos, msg string)
}

func (l *lexer) init(src []byte, errf func(Pos, string)) {
	l.src = src
	l.line, l.col = 1, 1
	l.err = errf
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		l.off = 3 // skip a leading byte order mark
	}
}

func (l *lexer) pos() Pos { return Pos{Offset: l.off, Line: l.line, Col: l.col} }

// peek returns the rune at the current offset and its encoded size.
// At EOF it returns (-1, 0); an invalid byte yields (utf8.RuneError, 1).
func (l *lexer) peek() (rune, int) {
	if l.off >= len(l.src) {
		return -1, 0
	}
	if b := l.src[l.off]; b < utf8.RuneSelf {
		return rune(b), 1
	}
	return utf8.DecodeRune(l.src[l.off:])
}

// peekByte returns the byte n bytes ahead, or 0 past EOF.
func (l *lexer) peekByte(n int) byte {
	if l.off+n < len(l.src) {
		return l.src[l.off+n]
	}
	return 0
}

func (l *lexer) advance(r rune, size int) {
	l.off += size
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
}

// checkUTF8 reports an error if (r, size) denotes an invalid byte.
func (l *lexer) checkUTF8(r rune, size int) bool {
	if r == utf8.RuneError && size == 1 {
		l.err(l.pos(), "无效的 UTF-8 编码")
		return false
	}
	return true
}

func isLetter(r rune) bool { return r == '_' || unicode.IsLetter(r) }

func isIdentRune(r rune) bool { return isLetter(r) || unicode.IsDigit(r) }

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func (l *lexer) tok(kind tokenKind, start Pos) token {
	return token{kind: kind, pos: start, text: string(l.src[start.Offset:l.off])}
}

// next scans and returns the next token.
func (l *lexer) next() token {
	// Skip blanks and comments; newlines are tokens.
	for {
		r, size := l.peek()
		if r == ' ' || r == '\t' || r == '\r' {
			l.advance(r, size)
			continue
		}
		if r == '#' {
			for {
				r, size = l.peek()
				if size == 0 || r == '\n' {
					break
				}
				l.checkUTF8(r, size)
				l.advance(r, size)
			}
			continue
		}
		break
	}

	start := l.pos()
	r, size := l.peek()
	switch {
	case size == 0:
		return token{kind: tEOF, pos: start}
	case r == '\n':
		l.advance(r, size)
		return l.tok(tNewline, start)
	case isLetter(r):
		for isIdentRune(r) {
			l.advance(r, size)
			r, size = l.peek()
		}
		t := l.tok(tIdent, start)
		if k, ok := keywords[t.text]; ok {
			t.kind = k
		}
		return t
	case isDigit(r):
		return l.scanNumber(start)
	case r == '"':
		return l.scanString(start)
	}

	l.advance(r, size)
	kind := tIllegal
	// two returns the kind for a two-character operator if the next byte
	// is c, else alt.
	two := func(c byte, k, alt tokenKind) tokenKind {
		if l.peekByte(0) == c {
			l.advance(rune(c), 1)
			return k
		}
		return alt
	}
	switch r {
	case '(':
		kind = tLParen
	case ')':
		kind = tRParen
	case '[':
		kind = tLBrack
	case ']':
		kind = tRBrack
	case '{':
		kind = tLBrace
	case '}':
		kind = tRBrace
	case ',':
		kind = tComma
	case ';':
		kind = tSemi
	case '+':
		kind = tPlus
	case '*':
		kind = tStar
	case '/':
		kind = tSlash
	case '=':
		kind = two('=', tEq, tAssign)
	case '!':
		kind = two('=', tNe, tNot)
	case '<':
		kind = two('=', tLe, tLt)
	case '>':
		kind = two('=', tGe, tGt)
	case '-':
		kind = two('>', tArrow, tMinus)
	case '&':
		kind = two('&', tAndAnd, tIllegal)
	case '|':
		kind = two('|', tOrOr, tIllegal)
	case '.':
		kind = two('.', tDotDot, tIllegal)
	}
	t := l.tok(kind, start)
	if kind == tIllegal {
		switch {
		case r == utf8.RuneError && size == 1:
			l.err(start, "无效的 UTF-8 编码")
		case r == '&' || r == '|':
			l.err(start, fmt.Sprintf(`无法识别的字符 "%c"，应为 "%c%c"`, r, r, r))
		default:
			l.err(start, "无法识别的字符 "+quoteRune(r))
		}
	}
	return t
}

// quoteRune renders r for an error message, flagging full-width
// punctuation that Chinese input methods produce by accident.
func quoteRune(r rune) string {
	s := fmt.Sprintf("U+%04X", r)
	if unicode.IsPrint(r) && r != ' ' && r != 0x3000 {
		s = `"` + string(r) + `"`
	}
	if r == 0x3000 || (0xFF01 <= r && r <= 0xFF5E) || (0x3001 <= r && r <= 0x303F) ||
		r == '“' || r == '”' || r == '‘' || r == '’' {
		s += "（是否误用了全角符号？）"
	}
	return s
}

// scanNumber scans digits with an optional fraction. A '.' belongs to the
// number only when a digit follows, so "1..8" scans as 1 .. 8.
func (l *lexer) scanNumber(start Pos) token {
	digits := func() {
		for r, size := l.peek(); isDigit(r); r, size = l.peek() {
			l.advance(r, size)
		}
	}
	digits()
	if l.peekByte(0) == '.' && isDigit(rune(l.peekByte(1))) {
		l.advance('.', 1)
		digits()
	}
	if r, _ := l.peek(); isIdentRune(r) {
		for r, size := l.peek(); isIdentRune(r); r, size = l.peek() {
			l.advance(r, size)
		}
		t := l.tok(tIllegal, start)
		l.err(start, fmt.Sprintf(`无效的数字 "%s"`, truncate(t.text)))
		return t
	}
	return l.tok(tNumber, start)
}

// scanString scans a double-quoted literal with Go-style escapes.
func (l *lexer) scanString(start Pos) token {
	l.advance('"', 1)
	ok := true
	for {
		r, size := l.peek()
		switch {
		case size == 0 || r == '\n':
			l.err(start, "未闭合的字符串")
			return l.tok(tIllegal, start)
		case r == '"':
			l.advance(r, size)
			t := l.tok(tString, start)
			if !ok {
				t.kind = tIllegal
				return t
			}
			v, err := strconv.Unquote(t.text)
			if err != nil {
				l.err(start, "无效的字符串")
				t.kind = tIllegal
				return t
			}
			t.val = v
			return t
		case r == '\\':
			if !l.escape() {
				ok = false
			}
		default:
			if !l.checkUTF8(r, size) {
				ok = false
			}
			l.advance(r, size)
		}
	}
}

// escape scans one escape sequence starting at a backslash and reports
// whether it is valid.
func (l *lexer) escape() bool {
	pos := l.pos()
	l.advance('\\', 1)
	r, size := l.peek()
	n := 0
	switch r {
	case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\', '"':
		l.advance(r, size)
		return true
	case 'x':
		n = 2
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		if size == 0 || r == '\n' {
			return false // reported as an unterminated string
		}
		if !l.checkUTF8(r, size) {
			return false
		}
		l.err(pos, fmt.Sprintf(`无效的转义序列 "\%c"`, r))
		return false
	}
	l.advance(r, size)
	var v rune
	for i := 0; i < n; i++ {
		c := l.peekByte(0)
		d := hexVal(c)
		if d < 0 {
			l.err(pos, fmt.Sprintf(`无效的转义序列 "%s"`, l.src[pos.Offset:l.off]))
			return false
		}
		v = v<<4 | rune(d)
		l.advance(rune(c), 1)
	}
	if n > 2 && !utf8.ValidRune(v) {
		l.err(pos, fmt.Sprintf(`无效的 Unicode 码点 "%s"`, l.src[pos.Offset:l.off]))
		return false
	}
	return true
}

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// ruleID scans the rule id that follows the "rule" keyword: a run of
// non-blank characters on the same line.
func (l *lexer) ruleID() token {
	for {
		r, size := l.peek()
		if r != ' ' && r != '\t' {
			break
		}
		l.advance(r, size)
	}
	start := l.pos()
	valid := true
	for {
		r, size := l.peek()
		if size == 0 || r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			break
		}
		if !l.checkUTF8(r, size) {
			return l.tok(tIllegal, start)
		}
		if !isIdentRune(r) && r != '.' && r != '-' {
			valid = false
		}
		l.advance(r, size)
	}
	t := l.tok(tRuleID, start)
	switch {
	case t.text == "":
		l.err(start, "缺少规则编号")
		t.kind = tIllegal
	case !valid:
		l.err(start, fmt.Sprintf(`无效的规则编号 "%s"：只能包含字母、数字、"."、"-" 和 "_"`, truncate(t.text)))
		t.kind = tIllegal
	}
	return t
}
