package reportfile

import (
	"bytes"
)

// The `tables:` block is most of a report file and, as Write writes it,
// has one strict shape per line:
//
//	tables:
//	  1: # 收入支出决算总表
//	    - {row: "201", name: 一般公共服务支出, cells: {1: 27013462.79, 2: 27013462.79}}
//
// fastTables reads such a block by hand, several times faster than the YAML
// library builds its syntax tree, and blanks its lines in the returned copy
// of the file so that the rest keeps its line numbers for the library. Any
// line that is not exactly of this shape (a comment inside a row, a tab,
// an escape, a block-style row, a duplicate…) makes it answer ok=false,
// and the file is read by the library alone, as before: the fast path
// changes speed, never results or messages.
func fastTables(b []byte) (rest []byte, tables map[key][]rowDTO, ok bool) {
	if bytes.IndexByte(b, '\r') >= 0 || bytes.IndexByte(b, '\t') >= 0 {
		return nil, nil, false
	}
	start, end := -1, -1
	for off := 0; off < len(b); {
		line, next := lineAt(b, off)
		switch {
		case bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")):
			return nil, nil, false // several documents: leave it to the library
		case string(bytes.TrimRight(line, " ")) == "tables:":
			if start >= 0 {
				return nil, nil, false
			}
			start = off
		case start >= 0 && end < 0 && len(line) > 0 && line[0] != ' ' && line[0] != '#':
			end = off
		}
		off = next
	}
	if start < 0 {
		return nil, nil, false
	}
	if end < 0 {
		end = len(b)
	}
	tables = map[key][]rowDTO{}
	var cur key
	lineNo := 1 + bytes.Count(b[:start], []byte("\n"))
	_, off := lineAt(b, start)
	for ; off < end; lineNo++ {
		line, next := lineAt(b, off)
		off = next
		trimmed := bytes.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		switch {
		case len(trimmed) == 0 || trimmed[0] == '#':
		case indent == 2:
			k, ok := tableKey(trimmed)
			if !ok {
				return nil, nil, false
			}
			if _, dup := tables[k]; dup {
				return nil, nil, false
			}
			tables[k] = nil
			cur = k
		case indent == 4 && cur != "":
			row, ok := flowRow(trimmed, lineNo, indent+1)
			if !ok {
				return nil, nil, false
			}
			tables[cur] = append(tables[cur], row)
		default:
			return nil, nil, false
		}
	}
	rest = make([]byte, 0, len(b)-(end-start))
	rest = append(rest, b[:start]...)
	rest = append(rest, bytes.Repeat([]byte("\n"), bytes.Count(b[start:end], []byte("\n")))...)
	rest = append(rest, b[end:]...)
	return rest, tables, true
}

// lineAt returns the line starting at off (without its newline) and the
// offset of the next line.
func lineAt(b []byte, off int) ([]byte, int) {
	i := bytes.IndexByte(b[off:], '\n')
	if i < 0 {
		return b[off:], len(b)
	}
	return b[off : off+i], off + i + 1
}

// tableKey reads `1:` or `1: # title`.
func tableKey(s []byte) (key, bool) {
	n := digits(s)
	if n == 0 || n >= len(s) || s[n] != ':' {
		return "", false
	}
	tail := bytes.TrimLeft(s[n+1:], " ")
	if len(tail) > 0 && (tail[0] != '#' || len(tail) == len(s)-n-1) {
		return "", false // a value on the line, or a comment not after a space
	}
	return key(s[:n]), true
}

func digits(s []byte) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// flowRow reads `- {row: "201", name: 名称, cells: {1: 12.30, 2: 4}}`.
func flowRow(s []byte, line, col int) (rowDTO, bool) {
	p := flowParser{s: s}
	if !p.lit("- {") {
		return rowDTO{}, false
	}
	row := rowDTO{Cells: make([]cellDTO, 0, 4)}
	if !p.lit("row: ") {
		return rowDTO{}, false
	}
	row.line, row.col = line, col+p.i
	v, ok := p.scalar()
	if !ok || v == "" {
		return rowDTO{}, false
	}
	row.Row = key(v)
	if p.lit(", name: ") {
		if row.Name, ok = p.scalar(); !ok {
			return rowDTO{}, false
		}
	}
	if p.lit(", cells: {") {
		for first := true; !p.lit("}"); first = false {
			if !first && !p.lit(", ") {
				return rowDTO{}, false
			}
			n := digits(s[p.i:])
			if n == 0 {
				return rowDTO{}, false
			}
			ck := key(s[p.i : p.i+n])
			p.i += n
			if !p.lit(": ") {
				return rowDTO{}, false
			}
			num, ok := p.number()
			if !ok {
				return rowDTO{}, false
			}
			if row.has(ck) {
				return rowDTO{}, false
			}
			row.Cells = append(row.Cells, cellDTO{ck, num})
		}
	}
	return row, p.lit("}") && p.i == len(s)
}

type flowParser struct {
	s []byte
	i int
}

func (p *flowParser) lit(t string) bool {
	if bytes.HasPrefix(p.s[p.i:], []byte(t)) {
		p.i += len(t)
		return true
	}
	return false
}

// scalar reads a double-quoted string without escapes, or a plain scalar
// that the YAML library reads as the same text (no flow indicators, no
// leading indicator, not a null).
func (p *flowParser) scalar() (string, bool) {
	s := p.s[p.i:]
	if len(s) > 0 && s[0] == '"' {
		j := bytes.IndexByte(s[1:], '"')
		if j < 0 || bytes.IndexByte(s[1:1+j], '\\') >= 0 {
			return "", false
		}
		p.i += j + 2
		return string(s[1 : 1+j]), true
	}
	j := bytes.IndexAny(s, ",}")
	if j <= 0 {
		return "", false
	}
	v := s[:j]
	if bytes.ContainsAny(v, ":{}[]#&*!|>'\"%@`\\") || v[0] == '-' || v[0] == '?' || v[0] == ' ' || v[len(v)-1] == ' ' {
		return "", false
	}
	switch string(v) {
	case "null", "Null", "NULL", "~":
		return "", false
	}
	p.i += j
	return string(v), true
}

// number reads -?digits(.digits)? — an amount as Write writes it.
func (p *flowParser) number() (string, bool) {
	s := p.s[p.i:]
	n := 0
	if n < len(s) && s[n] == '-' {
		n++
	}
	d := digits(s[n:])
	if d == 0 {
		return "", false
	}
	n += d
	if n < len(s) && s[n] == '.' {
		f := digits(s[n+1:])
		if f == 0 {
			return "", false
		}
		n += 1 + f
	}
	p.i += n
	return string(s[:n]), true
}
