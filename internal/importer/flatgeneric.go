package importer

import (
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// A generic table read from flat text has rows but no columns: a row
// printed with fewer amounts than the table has columns lost its blank
// cells without trace. The template states no identity for such a table,
// so the ones its own printed rows show are used: a column that equals the
// sum of the columns after it in every complete row (合计 = 基本支出 +
// 项目支出), the 合计 row as the sum of the top rows, a code row as the sum
// of its children. The solver then places the short rows; what stays
// ambiguous is reported as the import's doubt, never guessed silently.

// flatGeneric reads a generic section from flat text.
func (b *builder) flatGeneric(s *section) {
	if b.raw && b.rawGeneric(s) {
		return
	}
	maxCols := juesuan.MaxGenericColumns
	if len(s.ts.Columns) > 0 {
		maxCols = len(s.ts.Columns)
	}
	head, body := header(s.lines)
	headKeys := map[string]bool{}
	for _, l := range head {
		headKeys[norm(l.Text())] = true
	}
	type frow struct {
		label string
		code  string
		total bool
		amts  []amt
	}
	var rows []frow
	width := 0
	for _, l := range body {
		if genericMeta(l) || headKeys[norm(l.Text())] {
			continue
		}
		var r frow
		var text []string
		for _, t := range tokens(l) {
			if a, ok := b.flatAmount(t, l); ok {
				r.amts = append(r.amts, a)
				continue
			}
			if IsAmount(t) {
				continue
			}
			if r.code == "" && len(text) == 0 && reCode.MatchString(t) {
				r.code = t
			}
			text = append(text, t)
		}
		r.label = genericLabel(text)
		if r.label == "" && len(r.amts) == 0 {
			continue
		}
		nl := norm(r.label)
		r.total = strings.HasPrefix(nl, "合计") || strings.HasPrefix(nl, "总计")
		if len(r.amts) > maxCols {
			for _, a := range r.amts[maxCols:] {
				b.unplaced(a, "金额多于表的栏数，无法放置")
			}
			r.amts = r.amts[:maxCols]
		}
		width = max(width, len(r.amts))
		rows = append(rows, r)
	}
	if len(s.ts.Columns) > 0 {
		width = len(s.ts.Columns)
	}
	n := s.ts.Number
	rep := b.res.Report
	if len(s.ts.Columns) == 0 && width > 0 {
		rep.SetGenericColumns(n, flatHeads(head, width))
	}
	colKey := func(i int) string {
		if len(s.ts.Columns) > 0 {
			return s.ts.Columns[i].Key
		}
		return strconv.Itoa(i + 1)
	}
	var rds []*reading
	cells := make([][]juesuan.CellRef, len(rows))
	for i, r := range rows {
		key := strconv.Itoa(i + 1)
		if r.label != "" {
			rep.RowNames[juesuan.RowRef{Table: n, Row: key}] = r.label
		}
		for c := 0; c < width; c++ {
			cells[i] = append(cells[i], juesuan.CellRef{Table: n, Row: key, Col: colKey(c)})
		}
		if len(r.amts) == width {
			for c, a := range r.amts {
				b.place(s, cells[i][c], a)
			}
			continue
		}
		if len(r.amts) > 0 {
			rds = append(rds, &reading{s: s, row: key, amts: r.amts, cands: cells[i]})
		}
	}
	if len(rds) == 0 {
		return
	}
	// Identities the complete rows show between columns.
	var ids []juesuan.Identity
	for i := 0; i < width; i++ {
		for m := i + 2; m < width; m++ {
			seen, holds := false, true
			for _, r := range rows {
				if len(r.amts) != width {
					continue
				}
				var sum juesuan.Amount
				for _, a := range r.amts[i+1 : m+1] {
					sum += a.v
				}
				if r.amts[i].v != sum {
					holds = false
					break
				}
				seen = seen || r.amts[i].v != 0
			}
			if !seen || !holds {
				continue
			}
			for k := range rows {
				id := juesuan.Identity{LHS: cells[k][i]}
				for c := i + 1; c <= m; c++ {
					id.Terms = append(id.Terms, juesuan.Operand{Ref: cells[k][c]})
				}
				ids = append(ids, id)
			}
		}
	}
	// Identities between rows: the 合计 row and the code hierarchy, kept
	// only when the amounts printed agree with them in total.
	total := func(idx []int) juesuan.Amount {
		var t juesuan.Amount
		for _, k := range idx {
			for _, a := range rows[k].amts {
				t += a.v
			}
		}
		return t
	}
	addSum := func(parent int, parts []int) {
		if len(parts) == 0 || total([]int{parent}) != total(parts) {
			return
		}
		for c := 0; c < width; c++ {
			id := juesuan.Identity{LHS: cells[parent][c]}
			for _, k := range parts {
				id.Terms = append(id.Terms, juesuan.Operand{Ref: cells[k][c]})
			}
			ids = append(ids, id)
		}
	}
	shortest := 0
	for _, r := range rows {
		if r.code != "" && (shortest == 0 || len(r.code) < shortest) {
			shortest = len(r.code)
		}
	}
	for k, r := range rows {
		switch {
		case r.total:
			var top []int
			for j, o := range rows {
				if j != k && !o.total && (shortest == 0 || len(o.code) == shortest) {
					top = append(top, j)
				}
			}
			addSum(k, top)
		case r.code != "":
			var kids []int
			for j, o := range rows {
				if len(o.code) == len(r.code)+2 && strings.HasPrefix(o.code, r.code) {
					kids = append(kids, j)
				}
			}
			addSum(k, kids)
		}
	}
	b.solveWith(rds, ids, false)
	b.placeReadings(rds)
}

// flatHeads names a flat generic table's columns from the header line
// nearest above its rows: its last words, one per column, when it has
// enough of them besides 栏次 numbers; otherwise the columns stay unnamed.
func flatHeads(head []textimport.Line, width int) []string {
	out := make([]string, width)
	for i := len(head) - 1; i >= 0; i-- {
		if genericMeta(head[i]) {
			continue
		}
		var words []string
		for _, t := range tokens(head[i]) {
			if t != "" && !reInt.MatchString(t) && t != "栏次" && t != "行次" {
				words = append(words, t)
			}
		}
		if len(words) >= width {
			copy(out, words[len(words)-width:])
		}
		break
	}
	return out
}
