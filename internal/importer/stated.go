package importer

import (
	"github.com/juesuan/juesuan"
	"strings"
	"unicode/utf8"
)

// stated counts the amounts option o of r places in a column, or in a
// fixed row, that the document's own text gives the same figure for:
// "因公出国（境）费支出决算 8.86 万元" settles where a table row's 8.86 goes
// when the arithmetic cannot, "一般公共预算财政拨款收入 1722.78 万元" which
// of 表1's income rows an amount is. Each counts three, more than any
// column hint.
func (b *builder) stated(r *reading, o int) int {
	n := 0
	for i, c := range r.opts[o] {
		if b.statedIn(r.s.ts, r.cands[c], r.amts[i]) {
			n += 3
		}
	}
	return n
}

// statedIn tells whether the text gives amount a for the column of ref,
// or, in a table of fixed rows, for its row.
func (b *builder) statedIn(ts *juesuan.TableSpec, ref juesuan.CellRef, a amt) bool {
	v := norm(width(a.cell.Text))
	if col, ok := ts.Column(ref.Col); ok && b.states(col.Name, v) {
		return true
	}
	if ts.RowKind != juesuan.RowsFixed {
		return false
	}
	for _, row := range ts.Rows {
		if row.Key != ref.Row {
			continue
		}
		name := row.Label
		if name == "" {
			name = row.Name
		}
		if b.states(reEnumerated.ReplaceAllString(norm(name), ""), v) {
			return true
		}
	}
	return false
}

// cellWeight weighs amount a of r in its candidate cell ci by what the
// template and the text say of it alone: a rare row or column −1 each, an
// amount the text states for the row or column +3.
func (b *builder) cellWeight(r *reading, ci int, a amt) int {
	ref := r.cands[ci]
	w := 0
	if rareRow(r.s.ts, ref.Row) {
		w--
	}
	if col, ok := r.s.ts.Column(ref.Col); ok && col.Rare {
		w--
	}
	if b.statedIn(r.s.ts, ref, a) {
		w += 3
	}
	return w
}

// states tells whether the document's text gives amount v (as printed)
// for name, in 万元 or 元, within a few words after it. Names shorter than
// four characters say too little to count.
func (b *builder) states(name, v string) bool {
	if utf8.RuneCountInString(name) < 4 {
		return false
	}
	name = norm(name)
	for rest := b.sentences(); ; {
		k := strings.Index(rest, name)
		if k < 0 {
			return false
		}
		rest = rest[k+len(name):]
		window := rest
		if w := []rune(window); len(w) > 24 {
			window = string(w[:24])
		}
		if j := strings.Index(window, v); j >= 0 && (strings.HasPrefix(window[j+len(v):], "万元") || strings.HasPrefix(window[j+len(v):], "元")) {
			return true
		}
	}
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
