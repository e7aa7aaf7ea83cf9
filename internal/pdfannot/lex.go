package pdfannot

import (
	"fmt"
	"strconv"
)

// lexer walks PDF object syntax far enough to find the extent of values.
type lexer struct {
	b []byte
	p int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// space skips white space and comments.
func (l *lexer) space() {
	for l.p < len(l.b) {
		c := l.b[l.p]
		if isSpace(c) {
			l.p++
			continue
		}
		if c == '%' {
			for l.p < len(l.b) && l.b[l.p] != '\n' && l.b[l.p] != '\r' {
				l.p++
			}
			continue
		}
		return
	}
}

// int reads a non-negative integer token, leaving p unchanged if there
// is none (or the token is a real number).
func (l *lexer) int() (int, bool) {
	l.space()
	s := l.p
	for l.p < len(l.b) && l.b[l.p] >= '0' && l.b[l.p] <= '9' {
		l.p++
	}
	if l.p == s || (l.p < len(l.b) && !isSpace(l.b[l.p]) && !isDelim(l.b[l.p])) || l.p-s > 12 {
		l.p = s
		return 0, false
	}
	n, _ := strconv.Atoi(string(l.b[s:l.p]))
	return n, true
}

const maxDepth = 100

// skip moves past one value (a reference "n g R" counts as one value).
func (l *lexer) skip(depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("嵌套过深")
	}
	l.space()
	if l.p >= len(l.b) {
		return fmt.Errorf("对象不完整")
	}
	switch c := l.b[l.p]; {
	case c == '<' && l.p+1 < len(l.b) && l.b[l.p+1] == '<':
		l.p += 2
		for {
			l.space()
			if l.p+1 < len(l.b) && l.b[l.p] == '>' && l.b[l.p+1] == '>' {
				l.p += 2
				return nil
			}
			if l.p >= len(l.b) {
				return fmt.Errorf("字典不完整")
			}
			if err := l.skip(depth + 1); err != nil {
				return err
			}
		}
	case c == '[':
		l.p++
		for {
			l.space()
			if l.p < len(l.b) && l.b[l.p] == ']' {
				l.p++
				return nil
			}
			if l.p >= len(l.b) {
				return fmt.Errorf("数组不完整")
			}
			if err := l.skip(depth + 1); err != nil {
				return err
			}
		}
	case c == '(':
		n := 0
		for l.p < len(l.b) {
			switch l.b[l.p] {
			case '\\':
				l.p++
			case '(':
				n++
			case ')':
				n--
				if n == 0 {
					l.p++
					return nil
				}
			}
			l.p++
		}
		return fmt.Errorf("字符串不完整")
	case c == '<':
		for l.p < len(l.b) && l.b[l.p] != '>' {
			l.p++
		}
		if l.p >= len(l.b) {
			return fmt.Errorf("十六进制字符串不完整")
		}
		l.p++
		return nil
	case c == '/':
		l.p++
		for l.p < len(l.b) && !isSpace(l.b[l.p]) && !isDelim(l.b[l.p]) {
			l.p++
		}
		return nil
	case c == ')' || c == '>' || c == ']' || c == '{' || c == '}':
		return fmt.Errorf("意外的 %q", c)
	}
	// A number, a keyword, or a reference "n g R".
	save := l.p
	if _, ok := l.int(); ok {
		after := l.p
		if _, ok := l.int(); ok {
			l.space()
			if l.p < len(l.b) && l.b[l.p] == 'R' && (l.p+1 == len(l.b) || isSpace(l.b[l.p+1]) || isDelim(l.b[l.p+1])) {
				l.p++
				return nil
			}
		}
		l.p = after
		return nil
	}
	l.p = save
	for l.p < len(l.b) && !isSpace(l.b[l.p]) && !isDelim(l.b[l.p]) {
		l.p++
	}
	if l.p == save {
		return fmt.Errorf("无法识别的内容")
	}
	return nil
}

// dictSpans parses a dictionary at p: for each key, [value start,
// value end, key start].
func (l *lexer) dictSpans() (map[string][3]int, error) {
	l.space()
	if l.p+1 >= len(l.b) || l.b[l.p] != '<' || l.b[l.p+1] != '<' {
		return nil, fmt.Errorf("不是字典")
	}
	l.p += 2
	out := map[string][3]int{}
	for {
		l.space()
		if l.p+1 < len(l.b) && l.b[l.p] == '>' && l.b[l.p+1] == '>' {
			l.p += 2
			return out, nil
		}
		if l.p >= len(l.b) || l.b[l.p] != '/' {
			return nil, fmt.Errorf("字典的键应为名字")
		}
		ks := l.p
		l.p++
		s := l.p
		for l.p < len(l.b) && !isSpace(l.b[l.p]) && !isDelim(l.b[l.p]) {
			l.p++
		}
		key := string(l.b[s:l.p])
		l.space()
		vs := l.p
		if err := l.skip(1); err != nil {
			return nil, err
		}
		out[key] = [3]int{vs, l.p, ks}
	}
}

// dict parses a dictionary into raw value texts.
func (l *lexer) dict() (map[string]string, error) {
	sp, err := l.dictSpans()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, s := range sp {
		out[k] = string(l.b[s[0]:s[1]])
	}
	return out, nil
}

func (l *lexer) dictOrEmpty() map[string]string {
	d, err := l.dict()
	if err != nil {
		return map[string]string{}
	}
	return d
}
