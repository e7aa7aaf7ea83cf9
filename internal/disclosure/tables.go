package disclosure

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rounding"
)

// tableBuilder lays out one standard table and remembers where each
// report cell landed, for the formulas.
type tableBuilder struct {
	tpl    *juesuan.Template
	r      *juesuan.Report
	vals   map[juesuan.CellRef]juesuan.Amount
	ts     *juesuan.TableSpec
	t      *Table
	pos    map[juesuan.CellRef][2]int
	labels int // label columns before the amounts
	pr     *Print
}

func (b *tableBuilder) amount(row int, col int, ref juesuan.CellRef) Cell {
	b.pos[ref] = [2]int{row, col}
	c := Cell{ColSpan: 1, RowSpan: 1, Align: Right}
	if v, ok := b.vals[ref]; ok {
		v := v
		c.Value = &v
		c.Text = v.Wan()
	}
	return c
}

func (b *tableBuilder) rowName(code string) string {
	catalog := ""
	if cat := b.tpl.Catalogs[b.ts.Catalog]; cat != nil {
		if e, ok := cat.Lookup(code); ok {
			catalog = e.Name
		}
	}
	if n, ok := b.r.RowNames[juesuan.RowRef{Table: b.ts.Number, Row: code}]; ok && n != "" {
		// A name read back as the tail of the catalog's (the last line
		// of a name the printed table wrapped: 费 for 公务用车运行维护费)
		// is that name.
		if catalog != "" && len(n) < len(catalog) && strings.HasSuffix(catalog, n) {
			return catalog
		}
		return n
	}
	return catalog
}

func headerCols(ts *juesuan.TableSpec) int {
	n := 0
	if len(ts.Header) > 0 {
		for _, h := range ts.Header[0] {
			n += max(h.ColSpan, 1)
		}
	}
	return max(n, len(ts.Columns))
}

// buildTable lays out table ts of r with the printed values vals.
func buildTable(tpl *juesuan.Template, r *juesuan.Report, vals map[juesuan.CellRef]juesuan.Amount, ts *juesuan.TableSpec, ids []rounding.Identity, unitName string, pr *Print) (*Table, error) {
	title, err := fill(tpl, pr.TableTitle, map[string]any{"Year": r.Year, "Title": ts.Title, "Number": ts.Number})
	if err != nil {
		return nil, err
	}
	dept := ""
	if pr.Dept {
		dept = "部门：" + unitName
	}
	if ts.IsGeneric() {
		t := genericTable(r, vals, ts)
		t.Title, t.Dept = title, dept
		group(t, pr)
		return t, nil
	}
	ncol := headerCols(ts)
	b := &tableBuilder{tpl: tpl, r: r, vals: vals, ts: ts, pos: map[juesuan.CellRef][2]int{}, labels: ncol - len(ts.Columns), pr: pr}
	b.t = &Table{
		Number: ts.Number,
		Title:  title,
		Sheet:  sheetName(ts),
		Dept:   dept,
		Header: headerGrid(ts.Header, ncol),
	}
	if ts.Unit != "" {
		b.t.Unit = "单位：" + ts.Unit
	}
	switch {
	case ts.Layout == "two-halves":
		b.twoHalves(ncol)
	case ts.Layout == "blocks":
		b.blocks(ncol)
	case ts.RowKind == juesuan.RowsFunction || ts.RowKind == juesuan.RowsEconomic:
		b.codeList(ncol)
	default:
		b.fixedList(ncol)
	}
	b.formulas(ids)
	b.t.Wide = ncol > 7
	group(b.t, pr)
	return b.t, nil
}

// group prints the amounts with thousands separators where the family
// does; the values stay exact in Cell.Value.
func group(t *Table, pr *Print) {
	if !pr.Thousands {
		return
	}
	for _, row := range t.Body {
		for j := range row {
			if row[j].Value != nil {
				row[j].Text = Grouped(row[j].Text)
			}
		}
	}
}

func sheetName(ts *juesuan.TableSpec) string {
	s := fmt.Sprintf("表%d %s", ts.Number, strings.NewReplacer("“", "", "”", "", "\"", "").Replace(ts.Title))
	// Excel allows 31 characters in a sheet name.
	if rs := []rune(s); len(rs) > 31 {
		s = string(rs[:31])
	}
	return s
}

func (b *tableBuilder) twoHalves(ncol int) {
	var halves [2][]juesuan.RowSpec
	for _, rs := range b.ts.Rows {
		h := min(max(rs.Half, 0), 1)
		halves[h] = append(halves[h], rs)
	}
	var sideCols [2][]string
	for _, c := range b.ts.Columns {
		h := 0
		if c.Side == "支出" {
			h = 1
		}
		sideCols[h] = append(sideCols[h], c.Key)
	}
	// Layouts without a printed 行次 column (Shanghai) are told by their
	// header width: label and amounts per half only.
	lineCol := 0
	if ncol >= 4+len(b.ts.Columns) {
		lineCol = 1
	}
	n := max(len(halves[0]), len(halves[1]))
	g := newGrid(n, ncol)
	for i := 0; i < n; i++ {
		col := 0
		for h := 0; h < 2; h++ {
			if i < len(halves[h]) {
				rs := halves[h][i]
				bold := strings.Contains(rs.Label, "合计") || strings.Contains(rs.Label, "总 计") || strings.Contains(rs.Label, "总计")
				put(g, i, col, Cell{Text: rs.Label, Bold: bold})
				if lineCol == 1 {
					put(g, i, col+1, Cell{Text: strconv.Itoa(rs.Line), Align: Center})
				}
				for k, ck := range sideCols[h] {
					if len(rs.Cols) > 0 && !contains(rs.Cols, ck) {
						continue
					}
					put(g, i, col+1+lineCol+k, b.amount(i, col+1+lineCol+k, juesuan.CellRef{Table: b.ts.Number, Row: rs.Key, Col: ck}))
				}
			}
			col += 1 + lineCol + len(sideCols[h])
		}
	}
	b.t.Body = g
	var w []int
	for h := 0; h < 2; h++ {
		w = append(w, 30)
		if lineCol == 1 {
			w = append(w, 6)
		}
		for range sideCols[h] {
			w = append(w, 12)
		}
	}
	b.t.Widths = fit(w, ncol)
}

// codeParts is how many columns the printed header gives the code: 3 for
// 类|款|项 (or 2 for 类|款) printed apart, 1 for a merged code.
func codeParts(ts *juesuan.TableSpec) int {
	n := 0
	seen := map[string]bool{}
	for _, row := range ts.Header {
		for _, h := range row {
			if t := strings.TrimSpace(h.Text); (t == "类" || t == "款" || t == "项") && !seen[t] {
				seen[t] = true
				n++
			}
		}
	}
	if n < 2 {
		return 1
	}
	return n
}

// splitCode cuts a code into its 类, 款 and 项 parts: 2010601 → 201 06 01.
func splitCode(code string, parts int) []string {
	out := make([]string, parts)
	cuts := []int{0, 3, 5, 7}
	for i := 0; i < parts; i++ {
		lo, hi := cuts[i], cuts[i+1]
		if i == parts-1 {
			hi = len(code)
		}
		if lo < len(code) {
			out[i] = code[lo:min(hi, len(code))]
		}
	}
	return out
}

func (b *tableBuilder) codeList(ncol int) {
	rows := b.r.RowsOf(b.ts)
	var body []string
	hasTotal := false
	for _, k := range rows {
		if k == "total" {
			hasTotal = true
			continue
		}
		body = append(body, k)
	}
	_ = hasTotal
	// 合计 stands where the family prints it: first, or last.
	if b.pr.totalLast(b.ts.Role) {
		rows = append(body, "total")
	} else {
		rows = append([]string{"total"}, body...)
	}
	g := newGrid(len(rows), ncol)
	L := b.labels
	parts := codeParts(b.ts)
	for i, k := range rows {
		if rs, ok := b.ts.Row(k); ok {
			put(g, i, 0, Cell{Text: rs.Label, ColSpan: L, Align: Center, Bold: true})
		} else {
			name := b.rowName(k)
			bold := juesuan.CodeLevel(k) == 1
			switch {
			case b.pr.SplitCodes && parts > 1 && L > parts:
				for j, p := range splitCode(k, parts) {
					put(g, i, j, Cell{Text: p, Bold: bold})
				}
				put(g, i, parts, Cell{Text: name, ColSpan: L - parts, Bold: bold})
			case L >= 4:
				put(g, i, 0, Cell{Text: k, ColSpan: 3, Bold: bold})
				put(g, i, 3, Cell{Text: name, ColSpan: L - 3, Bold: bold})
			case L >= 2:
				put(g, i, 0, Cell{Text: k, Bold: bold})
				put(g, i, 1, Cell{Text: name, ColSpan: L - 1, Bold: bold})
			default:
				put(g, i, 0, Cell{Text: k + " " + name, Bold: bold})
			}
		}
		for j, c := range b.ts.Columns {
			put(g, i, L+j, b.amount(i, L+j, juesuan.CellRef{Table: b.ts.Number, Row: k, Col: c.Key}))
		}
	}
	b.t.Body = g
	var w []int
	switch {
	case L >= 4:
		w = []int{6, 5, 5, 28}
		for i := 4; i < L; i++ {
			w = append(w, 10)
		}
	case L >= 2:
		w = []int{10, 14}
		for i := 2; i < L; i++ {
			w = append(w, 14)
		}
	default:
		w = []int{30}
	}
	for range b.ts.Columns {
		w = append(w, 11)
	}
	b.t.Widths = fit(w, ncol)
}

func (b *tableBuilder) blocks(ncol int) {
	blocks := make([][]string, len(b.ts.Blocks))
	for i, bl := range b.ts.Blocks {
		blocks[i] = append([]string(nil), bl...)
	}
	// Codes the report uses beyond the printed layout join the block of
	// their 类, before the block's closing total row.
	listed := map[string]bool{}
	for _, bl := range blocks {
		for _, k := range bl {
			listed[k] = true
		}
	}
	for _, k := range b.r.RowsOf(b.ts) {
		if listed[k] || len(k) < 3 || len(blocks) == 0 {
			continue
		}
		bi := len(blocks) - 1
		for i, bl := range blocks {
			for _, x := range bl {
				if x == k[:3] {
					bi = i
				}
			}
		}
		bl := blocks[bi]
		at := len(bl)
		if at > 0 {
			if _, special := b.ts.Row(bl[at-1]); special {
				at--
			}
		}
		blocks[bi] = append(bl[:at], append([]string{k}, bl[at:]...)...)
	}
	if b.importedRows() {
		// A report read from a published table prints the rows that
		// table printed, not the rest of the family's list.
		have := map[string]bool{}
		for _, k := range b.r.RowsOf(b.ts) {
			have[k] = true
		}
		for i, bl := range blocks {
			var kept []string
			for _, k := range bl {
				if _, special := b.ts.Row(k); special || have[k] {
					kept = append(kept, k)
				}
			}
			blocks[i] = kept
		}
	}
	n := 0
	for _, bl := range blocks {
		n = max(n, len(bl))
	}
	// Each block is code column(s), 科目名称 and 决算数; the header says
	// how many code columns (类|款 printed apart, or one merged code).
	per := 3
	if len(blocks) > 0 && ncol/len(blocks) >= 4 {
		per = ncol / len(blocks)
	}
	parts := per - 2
	g := newGrid(n, ncol)
	for bi, bl := range blocks {
		col := bi * per
		if col+per > ncol {
			break
		}
		for i, k := range bl {
			if rs, ok := b.ts.Row(k); ok {
				if parts == 1 {
					put(g, i, col+1, Cell{Text: rs.Label, Bold: true, Align: Center})
				} else {
					put(g, i, col, Cell{Text: rs.Label, ColSpan: per - 1, Bold: true, Align: Center})
				}
			} else {
				bold := len(k) == 3
				if parts == 1 {
					put(g, i, col, Cell{Text: k, Bold: bold})
				} else {
					for j, p := range splitCode(k, parts) {
						put(g, i, col+j, Cell{Text: p, Bold: bold})
					}
				}
				put(g, i, col+parts, Cell{Text: b.rowName(k), Bold: bold})
			}
			put(g, i, col+per-1, b.amount(i, col+per-1, juesuan.CellRef{Table: b.ts.Number, Row: k, Col: b.ts.Columns[0].Key}))
		}
	}
	b.t.Body = g
	w := []int{7, 22, 9}
	if parts == 2 {
		w = []int{5, 4, 20, 9}
	}
	var ws []int
	for range blocks {
		ws = append(ws, w...)
	}
	b.t.Widths = fit(ws, ncol)
}

// importedRows tells a table read from a published document: its rows
// carry the names the document printed.
func (b *tableBuilder) importedRows() bool {
	for _, k := range b.r.RowsOf(b.ts) {
		if _, ok := b.r.RowNames[juesuan.RowRef{Table: b.ts.Number, Row: k}]; ok {
			return true
		}
	}
	return false
}

func (b *tableBuilder) fixedList(ncol int) {
	g := newGrid(len(b.ts.Rows), ncol)
	L := b.labels
	for i, rs := range b.ts.Rows {
		if L > 0 {
			put(g, i, 0, Cell{Text: rs.Label, ColSpan: L})
		}
		for j, c := range b.ts.Columns {
			put(g, i, L+j, b.amount(i, L+j, juesuan.CellRef{Table: b.ts.Number, Row: rs.Key, Col: c.Key}))
		}
	}
	b.t.Body = g
	var w []int
	for i := 0; i < L; i++ {
		w = append(w, 20)
	}
	for range b.ts.Columns {
		w = append(w, 10)
	}
	b.t.Widths = fit(w, ncol)
}

// formulas attaches the table's own identities to their total cells where
// the printed values satisfy them, so a spreadsheet recomputes exactly
// what the table prints.
func (b *tableBuilder) formulas(ids []rounding.Identity) {
	for _, id := range ids {
		if id.Cross || id.LHS.Table != b.ts.Number {
			continue
		}
		lp, ok := b.pos[id.LHS]
		if !ok || lp[0] >= len(b.t.Body) || lp[1] >= len(b.t.Body[lp[0]]) {
			continue
		}
		cell := &b.t.Body[lp[0]][lp[1]]
		if cell.Value == nil || cell.Formula != nil {
			continue
		}
		var sum juesuan.Amount
		var refs []Ref
		complete := true
		for _, t := range id.Terms {
			p, ok := b.pos[t.Ref]
			if !ok {
				if _, has := b.vals[t.Ref]; has {
					complete = false
				}
				continue
			}
			v := b.vals[t.Ref]
			if t.Neg {
				sum -= v
			} else {
				sum += v
			}
			refs = append(refs, Ref{Row: p[0], Col: p[1], Neg: t.Neg})
		}
		if complete && len(refs) > 0 && sum == *cell.Value {
			cell.Formula = refs
		}
	}
}

// fit pads or trims widths to n columns.
func fit(w []int, n int) []int {
	for len(w) < n {
		w = append(w, 10)
	}
	return w[:n]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
