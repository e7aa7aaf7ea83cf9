package reportfile

import (
	"bytes"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"

	"github.com/juesuan/juesuan"
)

// toUTF8 returns the file's text as UTF-8: a UTF-8 byte-order mark is
// dropped and UTF-16 with a byte-order mark is converted; anything else
// that is not UTF-8 (GBK from a Chinese Windows editor, most often) is
// refused with the place of the first offending byte.
func toUTF8(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF):
		if len(b)%2 != 0 {
			return nil, fmt.Errorf("文件是 UTF-16 编码，但长度不完整（%d 字节）；请另存为 UTF-8 编码", len(b))
		}
		u := make([]uint16, 0, len(b)/2-1)
		for i := 2; i+1 < len(b); i += 2 {
			if b[0] == 0xFF {
				u = append(u, uint16(b[i])|uint16(b[i+1])<<8)
			} else {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			}
		}
		return []byte(string(utf16.Decode(u))), nil
	case len(b) >= 2 && (b[0] == 0 || b[1] == 0):
		return nil, fmt.Errorf("文件像是没有字节序标记的 UTF-16 编码；报表文件应为 UTF-8 编码（请另存为 UTF-8）")
	}
	if !utf8.Valid(b) {
		line, col := 1, 1
		for i := 0; i < len(b); {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i += n
		}
		return nil, fmt.Errorf("第 %d 行第 %d 列: 文件不是 UTF-8 编码（可能是 GBK）；报表文件应为 UTF-8 编码，请另存为 UTF-8 后再试", line, col)
	}
	return b, nil
}

// checkDepth refuses YAML or JSON nested deeper than
// juesuan.MaxNestingDepth before it is parsed: the parser's time and
// memory grow with the square of the depth (80 KB of "[[[…" took 2.5 GB).
// The lexer is linear. Flow collections count by their brackets, block
// collections by the columns of the lines and "- " entries that open them.
func checkDepth(src string) error {
	if n := structureCount(src); n > juesuan.MaxStructureBytes {
		return fmt.Errorf("结构过于复杂（%d 个括号、逗号、冒号、短横线和换行，上限 %d）；一份报表远少于此，请检查文件", n, juesuan.MaxStructureBytes)
	}
	var flow int
	var cols []int // open block levels, by column
	line, prevEntry := 0, false
	for _, tk := range lexer.Tokenize(src) {
		if tk.Position == nil || tk.Type == token.CommentType {
			continue
		}
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			if flow > 0 {
				flow--
			}
		}
		if flow == 0 && (tk.Position.Line != line || prevEntry) {
			c := tk.Position.Column
			for len(cols) > 0 && cols[len(cols)-1] >= c {
				cols = cols[:len(cols)-1]
			}
			cols = append(cols, c)
		}
		line, prevEntry = tk.Position.Line, tk.Type == token.SequenceEntryType
		if d := flow + len(cols); d > juesuan.MaxNestingDepth {
			return fmt.Errorf("第 %d 行第 %d 列: 嵌套层数超过 %d 层；报表文件只需几层，这不像一份报表", tk.Position.Line, tk.Position.Column, juesuan.MaxNestingDepth)
		}
	}
	return nil
}

// structureCount counts the characters the YAML library builds its
// structure from.
func structureCount[T string | []byte](src T) int {
	n := 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '[', ']', '{', '}', ',', ':', '-', '\n':
			n++
		}
	}
	return n
}

// checkOneDocument refuses a second YAML document: it would otherwise be
// ignored without a word.
func checkOneDocument(f *ast.File) error {
	for i, d := range f.Docs {
		if i == 0 || d == nil || d.Body == nil || isNull(d.Body) {
			continue
		}
		l, c := pos(d.Body)
		return fmt.Errorf("第 %d 行第 %d 列: 文件中有第 %d 个 YAML 文档（“---”之后）；报表文件只能有一个文档，请删去或合并", l, c, i+1)
	}
	return nil
}
