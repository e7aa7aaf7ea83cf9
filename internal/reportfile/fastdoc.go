package reportfile

import (
	"bytes"

	"github.com/goccy/go-yaml/ast"
)

// After fastTables, the rest of a file as Write writes it is block YAML
// the library wrote itself (the facts) plus the header and
// generic_tables: mappings of `key: value`, sequences of `- `, plain or
// quoted one-line scalars, `{}`, `[]` and literal blocks (`|-`). fastDoc
// reads exactly that into the same syntax tree the decoder walks, several
// times faster than the library's lexer and parser. Anything else (flow
// collections with content, anchors, tags, escapes, multi-line plain
// scalars, odd indentation, blank lines in a literal…) makes it answer
// ok=false and the file is read by the library, so results and messages
// do not change; the tests compare the two readers on every input.

// maxFastDepth bounds the block levels read by hand: far below
// juesuan.MaxNestingDepth (each level counts at most twice there), so a
// file read by hand needs no separate depth check.
const maxFastDepth = 16

type docParser struct {
	lines [][]byte
	i     int // the next line to read
	depth int
	base  *ast.BaseNode // shared: the decoder reads no node's base
}

// fastDoc returns the document's body, a mapping, or ok=false.
func fastDoc(b []byte) (body ast.Node, ok bool) {
	if len(b) == 0 || b[len(b)-1] != '\n' {
		return nil, false
	}
	p := &docParser{lines: bytes.Split(b[:len(b)-1], []byte("\n")), base: &ast.BaseNode{}}
	ind, content, ok := p.peek()
	if !ok || ind != 0 {
		return nil, false
	}
	m, ok := p.mapping(0, content)
	if !ok {
		return nil, false
	}
	if _, _, more := p.peek(); more {
		return nil, false // a line less indented than the top level
	}
	return m, true
}

// peek skips blank and comment lines and returns the next line's indent
// and content; ok is false at the end.
func (p *docParser) peek() (indent int, content []byte, ok bool) {
	for ; p.i < len(p.lines); p.i++ {
		line := p.lines[p.i]
		c := bytes.TrimLeft(line, " ")
		if len(c) == 0 || c[0] == '#' {
			continue
		}
		return len(line) - len(c), c, true
	}
	return 0, nil, false
}

// commentDeeper says whether a comment line more indented than indent
// comes before the next content line: after a plain scalar the library
// might read it otherwise, so such a file is left to it.
func (p *docParser) commentDeeper(indent int) bool {
	for j := p.i; j < len(p.lines); j++ {
		line := p.lines[j]
		c := bytes.TrimLeft(line, " ")
		if len(c) == 0 {
			continue
		}
		if c[0] != '#' {
			return false
		}
		if len(line)-len(c) > indent {
			return true
		}
	}
	return false
}

func isEntry(c []byte) bool { return len(c) >= 2 && c[0] == '-' && c[1] == ' ' }

// mapping reads a block mapping whose keys are at indent; first is the
// content of its first entry (after a "- " it starts inside the line).
func (p *docParser) mapping(indent int, first []byte) (*ast.MappingNode, bool) {
	if p.depth++; p.depth > maxFastDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	m := &ast.MappingNode{BaseNode: p.base}
	c := first
	for {
		k, rest, ok := splitKey(c)
		if !ok {
			return nil, false
		}
		p.i++
		var v ast.Node
		switch {
		case len(rest) == 0:
			if v, ok = p.nested(indent); !ok {
				return nil, false
			}
		case string(rest) == "|-" || string(rest) == "|":
			if v, ok = p.literal(indent, rest[len(rest)-1] == '-'); !ok {
				return nil, false
			}
		default:
			if v, ok = p.scalar(rest); !ok || p.commentDeeper(indent) {
				return nil, false
			}
		}
		m.Values = append(m.Values, &ast.MappingValueNode{BaseNode: p.base, Key: &ast.StringNode{BaseNode: p.base, Value: string(k)}, Value: v})
		ind, next, more := p.peek()
		switch {
		case !more || ind < indent:
			return m, true
		case ind == indent && !isEntry(next):
			c = next
		default:
			return nil, false
		}
	}
}

// nested reads the value of a `key:` with nothing after it: a block more
// indented, a sequence at the key's indent, or null.
func (p *docParser) nested(indent int) (ast.Node, bool) {
	ind, c, more := p.peek()
	switch {
	case more && ind > indent && isEntry(c):
		return p.sequence(ind, c)
	case more && ind > indent:
		if _, _, isKey := splitKey(c); !isKey {
			return nil, false // a scalar on a line of its own
		}
		return p.mapping(ind, c)
	case more && ind == indent && isEntry(c):
		return p.sequence(ind, c)
	}
	return &ast.NullNode{BaseNode: p.base}, true
}

// sequence reads the entries `- …` at indent; first is the first one's line.
func (p *docParser) sequence(indent int, first []byte) (*ast.SequenceNode, bool) {
	if p.depth++; p.depth > maxFastDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	s := &ast.SequenceNode{BaseNode: p.base}
	c := first
	for {
		item := c[2:]
		var v ast.Node
		var ok bool
		switch _, _, isKey := splitKey(item); {
		case isEntry(item):
			v, ok = p.sequence(indent+2, item)
		case isKey:
			v, ok = p.mapping(indent+2, item)
		default:
			p.i++
			v, ok = p.scalar(item)
			ok = ok && !p.commentDeeper(indent)
		}
		if !ok {
			return nil, false
		}
		s.Values = append(s.Values, v)
		ind, next, more := p.peek()
		switch {
		case !more || ind < indent || ind == indent && !isEntry(next):
			return s, true
		case ind == indent:
			c = next
		default:
			return nil, false
		}
	}
}

// literal reads the lines of a literal block (`|` keeps one final line
// break, `|-` none) after a key at indent: every line at the block's
// indent or deeper, none blank, none ending in a space.
func (p *docParser) literal(indent int, strip bool) (ast.Node, bool) {
	var text []byte
	block := -1
	for ; p.i < len(p.lines); p.i++ {
		line := p.lines[p.i]
		c := bytes.TrimLeft(line, " ")
		ind := len(line) - len(c)
		if len(c) == 0 {
			return nil, false
		}
		if block < 0 {
			if ind <= indent {
				return nil, false // an empty block
			}
			block = ind
		}
		if ind < block {
			if ind > indent {
				return nil, false
			}
			break
		}
		if c[len(c)-1] == ' ' {
			return nil, false
		}
		if len(text) > 0 {
			text = append(text, '\n')
		}
		text = append(text, line[block:]...)
	}
	if block < 0 {
		return nil, false
	}
	if !strip {
		text = append(text, '\n')
	}
	return &ast.StringNode{BaseNode: p.base, Value: string(text)}, true
}

// splitKey splits `key: rest` or `key:`; a key is letters, digits, '_'
// or non-ASCII text (no quotes, no spaces, no indicators).
func splitKey(c []byte) (k, rest []byte, ok bool) {
	i := bytes.IndexByte(c, ':')
	if i <= 0 || i+1 < len(c) && c[i+1] != ' ' {
		return nil, nil, false
	}
	for _, ch := range c[:i] {
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_' || ch >= 0x80) {
			return nil, nil, false
		}
	}
	return c[:i], bytes.TrimLeft(c[i+1:], " "), true
}

// scalar reads a one-line value: `{}`, `[]`, a quoted string without
// escapes, or a plain scalar the library reads as its own text; a comment
// may follow after a space.
func (p *docParser) scalar(s []byte) (ast.Node, bool) {
	switch {
	case len(s) == 0:
		return nil, false
	case s[0] == '"' || s[0] == '\'':
		j := bytes.IndexByte(s[1:], s[0])
		if j < 0 || bytes.IndexByte(s[1:1+j], '\\') >= 0 || !comment(s[j+2:]) {
			return nil, false
		}
		return &ast.StringNode{BaseNode: p.base, Value: string(s[1 : 1+j])}, true
	case s[0] == '{' || s[0] == '[':
		if len(s) < 2 || s[1] != s[0]+2 || !comment(s[2:]) { // '{'+2 == '}', '['+2 == ']'
			return nil, false
		}
		if s[0] == '{' {
			return &ast.MappingNode{BaseNode: p.base, IsFlowStyle: true}, true
		}
		return &ast.SequenceNode{BaseNode: p.base, IsFlowStyle: true}, true
	}
	v := s
	if j := bytes.Index(s, []byte(" #")); j >= 0 {
		v = s[:j]
	}
	v = bytes.TrimRight(v, " ")
	if len(v) < len(s) && len(v) == len(bytes.TrimRight(s, " ")) {
		return nil, false // trailing spaces without a comment
	}
	if len(v) == 0 || bytes.ContainsAny(v[:1], "*&!|>%@`#?:,-~{}[]'\" ") && !(v[0] == '-' && len(v) > 1 && (v[1] >= '0' && v[1] <= '9' || v[1] == '.')) {
		return nil, false
	}
	if bytes.ContainsAny(v, "{}[]#\"'`\\") || bytes.Contains(v, []byte(": ")) || bytes.Contains(v, []byte("- ")) || v[len(v)-1] == ':' {
		return nil, false
	}
	switch string(v) {
	case "null", "Null", "NULL":
		return &ast.NullNode{BaseNode: p.base}, true
	}
	return &ast.StringNode{BaseNode: p.base, Value: string(v)}, true
}

// comment says whether what follows a value is nothing or a comment.
func comment(s []byte) bool {
	t := bytes.TrimLeft(s, " ")
	return len(t) == 0 && len(s) == 0 || len(t) > 0 && t[0] == '#' && len(t) < len(s)
}
