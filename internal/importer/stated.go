package importer

import (
	"strings"
	"unicode/utf8"
)

// stated counts the amounts option o of r places in a column that the
// document's own text gives the same figure for: "因公出国（境）费支出决算
// 8.86 万元" settles where a table row's 8.86 goes when the arithmetic
// cannot. Each counts three, more than any column hint.
func (b *builder) stated(r *reading, o int) int {
	text := b.sentences()
	n := 0
	for i, c := range r.opts[o] {
		col, ok := r.s.ts.Column(r.cands[c].Col)
		if !ok || utf8.RuneCountInString(col.Name) < 4 {
			continue
		}
		v := norm(width(r.amts[i].cell.Text))
		name := norm(col.Name)
		for rest := text; ; {
			k := strings.Index(rest, name)
			if k < 0 {
				break
			}
			rest = rest[k+len(name):]
			window := rest
			if w := []rune(window); len(w) > 24 {
				window = string(w[:24])
			}
			if j := strings.Index(window, v); j >= 0 && strings.HasPrefix(window[j+len(v):], "万元") || j >= 0 && strings.HasPrefix(window[j+len(v):], "元") {
				n += 3
				break
			}
		}
	}
	return n
}

// sentences is the document's text run together without spaces, so that
// a sentence wrapped over lines reads whole.
func (b *builder) sentences() string {
	if b.text == nil {
		var sb strings.Builder
		for _, l := range b.doc.Lines {
			sb.WriteString(norm(l.Text()))
		}
		t := sb.String()
		b.text = &t
	}
	return *b.text
}
