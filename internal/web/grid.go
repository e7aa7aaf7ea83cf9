package web

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/lru"
	"github.com/juesuan/juesuan/internal/rule/check"
)

// computedCells returns the cells the template's derive rules compute
// (totals, parents of code rows): the editor shows them read-only and
// recomputes them on every save. Every cell of a copy is marked derived
// and given a distinct random value, so each derive equation disagrees
// with its target and records it; which cells are targets depends only on
// the rows present, not on the amounts.
func computedCells(tpl *juesuan.Template, r *juesuan.Report) (map[juesuan.CellRef]bool, error) {
	p, err := audit.Program(tpl)
	if err != nil {
		return nil, err
	}
	key := computedKey{p, shapeOf(tpl, r)}
	if out, ok := computedCache.Get(key); ok {
		return out, nil
	}
	out := deriveTargets(tpl, r)
	computedCache.Put(key, out, int64(len(key.shape))+64*int64(len(out)))
	return out, nil
}

// deriveTargets is computedCells without the cache.
func deriveTargets(tpl *juesuan.Template, r *juesuan.Report) map[juesuan.CellRef]bool {
	c := r.Clone()
	c.DerivedFrom = map[juesuan.CellRef][]juesuan.CellRef{}
	// Every cell of every row shown, blank or not: a total is a total
	// before anything is entered (a new report, a new row).
	for _, ts := range r.Tables(tpl) {
		rows := r.RowsOf(ts)
		for _, sp := range ts.Rows {
			rows = append(rows, sp.Key)
		}
		for _, row := range rows {
			for _, col := range r.Columns(ts) {
				if ts.HasCell(row, col.Key) == nil {
					c.Cells[juesuan.CellRef{Table: ts.Number, Row: row, Col: col.Key}] = 0
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// Random values in the order of the refs, so that the same shape gets
	// the same values whatever the map's order.
	for _, ref := range sortedRefs(c.Cells) {
		c.Cells[ref] = juesuan.Amount(1<<40 + rng.Int64N(1<<40))
		c.Derived[ref] = true
	}
	_ = audit.Derive(tpl, c) // compiled above
	out := make(map[juesuan.CellRef]bool, len(c.DerivedFrom))
	for ref := range c.DerivedFrom {
		out[ref] = true
	}
	return out
}

// The computed cells of a save's new version are those of the version it
// was edited from (a save changes amounts, not rows), and deriving them
// costs about a tenth of a save: they are kept per template program and
// shape. The program pointer keeps its template alive, so a key never
// names another template.
type computedKey struct {
	p     *check.Program
	shape string
}

var computedCache = lru.New[computedKey, map[juesuan.CellRef]bool](8 << 20)

// shapeOf names everything computedCells' derive reads but the amounts it
// draws itself: each table's columns and rows shown (every cell of them is
// given a value), the cells outside them, and the rows' printed names.
// Rows, not cells: a report has a few dozen rows and hundreds of cells,
// and every save asks.
func shapeOf(tpl *juesuan.Template, r *juesuan.Report) string {
	rows := map[int]map[string]bool{}
	add := func(n int, row string) {
		if rows[n] == nil {
			rows[n] = map[string]bool{}
		}
		rows[n][row] = true
	}
	for c := range r.Cells {
		add(c.Table, c.Row)
	}
	for rr := range r.RowNames {
		add(rr.Table, rr.Row)
	}
	var b strings.Builder
	cols := map[int][]juesuan.ColumnSpec{}
	for _, ts := range r.Tables(tpl) {
		cols[ts.Number] = r.Columns(ts)
		fmt.Fprintf(&b, "T%d %s:", ts.Number, ts.Title)
		for _, c := range cols[ts.Number] {
			b.WriteString(c.Key)
			b.WriteByte(',')
		}
		b.WriteByte('|')
		list := make([]string, 0, len(rows[ts.Number])+len(ts.Rows))
		for row := range rows[ts.Number] {
			list = append(list, row)
		}
		for _, sp := range ts.Rows {
			if !rows[ts.Number][sp.Key] {
				list = append(list, sp.Key)
			}
		}
		slices.Sort(list)
		for _, row := range list {
			b.WriteString(row)
			b.WriteByte(';')
		}
	}
	// Cells the expansion above does not give: another table's, a column
	// the table does not have, a cell its row does not have.
	var extra []juesuan.CellRef
	for c := range r.Cells {
		cs, ok := cols[c.Table]
		ts, _ := r.Table(tpl, c.Table)
		if !ok || ts == nil || !slices.ContainsFunc(cs, func(s juesuan.ColumnSpec) bool { return s.Key == c.Col }) || ts.HasCell(c.Row, c.Col) != nil {
			extra = append(extra, c)
		}
	}
	slices.SortFunc(extra, cellRefCmp)
	b.WriteString("\x00extra:")
	for _, ref := range extra {
		b.WriteString(ref.String())
		b.WriteByte(';')
	}
	names := make([]juesuan.RowRef, 0, len(r.RowNames))
	for rr := range r.RowNames {
		names = append(names, rr)
	}
	slices.SortFunc(names, func(a, b juesuan.RowRef) int {
		if a.Table != b.Table {
			return cmp.Compare(a.Table, b.Table)
		}
		return strings.Compare(a.Row, b.Row)
	})
	for _, rr := range names {
		fmt.Fprintf(&b, "|%d:%s=%s", rr.Table, rr.Row, r.RowNames[rr])
	}
	return b.String()
}

func sortedRefs(m map[juesuan.CellRef]juesuan.Amount) []juesuan.CellRef {
	refs := make([]juesuan.CellRef, 0, len(m))
	for ref := range m {
		refs = append(refs, ref)
	}
	slices.SortFunc(refs, cellRefCmp)
	return refs
}

func cellRefCmp(a, b juesuan.CellRef) int {
	if a.Table != b.Table {
		return cmp.Compare(a.Table, b.Table)
	}
	if a.Row != b.Row {
		return strings.Compare(a.Row, b.Row)
	}
	return strings.Compare(a.Col, b.Col)
}

// gridTable is one standard table laid out for the editor.
type gridTable struct {
	Spec   *juesuan.TableSpec
	Parts  []gridPart // two halves (收入/支出) or one list
	Coded  bool       // rows are 科目编码 and can be added
	Unit   string
	Filled int
}

// gridPart is a block of rows sharing columns.
type gridPart struct {
	Title string
	Cols  []juesuan.ColumnSpec
	Rows  []gridRow
}

type gridRow struct {
	Key, Label string
	Level      int
	Total      bool
	Cells      []gridCell
}

type gridCell struct {
	Ref      juesuan.CellRef
	ID       string
	Exists   bool // the row has this column
	Computed bool
	Value    string // 万元, two decimals; "" blank
	Flag     string // error, warning: the worst finding about the cell
	Calc     string // a given total that disagrees: the value computed from its parts
}

// markCalc marks the given totals that disagree with their parts: they
// keep their printed value, show the computed one beside it, and stay
// editable so the filler can correct them.
func (g *gridTable) markCalc(calc map[juesuan.CellRef]juesuan.Amount) {
	if g == nil {
		return
	}
	for pi := range g.Parts {
		for ri := range g.Parts[pi].Rows {
			for ci := range g.Parts[pi].Rows[ri].Cells {
				c := &g.Parts[pi].Rows[ri].Cells[ci]
				if v, ok := calc[c.Ref]; ok && c.Computed {
					c.Calc = v.Wan()
				}
			}
		}
	}
}

// buildGrid lays out table n of r for the editor.
func buildGrid(tpl *juesuan.Template, r *juesuan.Report, n int, comp map[juesuan.CellRef]bool, flags map[string]juesuan.Severity) *gridTable {
	ts, ok := r.Table(tpl, n)
	if !ok {
		return nil
	}
	g := &gridTable{Spec: ts, Coded: ts.RowKind != juesuan.RowsFixed && !ts.IsGeneric(), Unit: ts.Unit}
	cell := func(row string, col juesuan.ColumnSpec, exists bool) gridCell {
		ref := juesuan.CellRef{Table: n, Row: row, Col: col.Key}
		c := gridCell{Ref: ref, ID: cellID(ref), Exists: exists, Computed: comp[ref]}
		if v, ok := r.Cells[ref]; ok {
			c.Value = v.Wan()
			if exists {
				g.Filled++
			}
		}
		if sv, ok := flags[ref.String()]; ok {
			c.Flag = string(sv)
		}
		return c
	}
	if ts.RowKind == juesuan.RowsFixed {
		halves := map[int][]juesuan.RowSpec{}
		maxHalf := 0
		for _, row := range ts.Rows {
			halves[row.Half] = append(halves[row.Half], row)
			maxHalf = max(maxHalf, row.Half)
		}
		for h := 0; h <= maxHalf; h++ {
			part := gridPart{}
			if maxHalf > 0 {
				part.Title = []string{"收入", "支出"}[min(h, 1)]
			}
			used := map[string]bool{}
			for _, row := range halves[h] {
				for _, c := range row.Cols {
					used[c] = true
				}
			}
			for _, col := range ts.Columns {
				if len(used) == 0 || used[col.Key] {
					part.Cols = append(part.Cols, col)
				}
			}
			for _, row := range halves[h] {
				// Rows printed blank (padding of the shorter half) have
				// nothing to enter.
				if row.Title() == "" {
					continue
				}
				gr := gridRow{Key: row.Key, Label: row.Title(), Total: isTotalLabel(row.Label)}
				for _, col := range part.Cols {
					gr.Cells = append(gr.Cells, cell(row.Key, col, len(row.Cols) == 0 || contains(row.Cols, col.Key)))
				}
				part.Rows = append(part.Rows, gr)
			}
			g.Parts = append(g.Parts, part)
		}
		return g
	}
	rows := r.RowsOf(ts)
	have := map[string]bool{}
	for _, k := range rows {
		have[k] = true
	}
	for _, sp := range ts.Rows {
		if !have[sp.Key] {
			rows = append(rows, sp.Key)
		}
	}
	juesuan.SortRows(ts, rows)
	part := gridPart{Cols: r.Columns(ts)}
	for _, k := range rows {
		gr := gridRow{Key: k}
		if g.Coded {
			gr.Level = juesuan.CodeLevel(k)
		}
		if sp, ok := ts.Row(k); ok {
			gr.Label, gr.Total = sp.Title(), true
		} else {
			gr.Label = r.RowNames[juesuan.RowRef{Table: n, Row: k}]
			if gr.Label == "" {
				if e, ok := tpl.Catalogs[ts.Catalog].Lookup(k); ok {
					gr.Label = e.Name
				}
			}
		}
		for _, col := range part.Cols {
			gr.Cells = append(gr.Cells, cell(k, col, true))
		}
		part.Rows = append(part.Rows, gr)
	}
	g.Parts = []gridPart{part}
	return g
}

func isTotalLabel(s string) bool {
	return strings.Contains(s, "合计") || strings.Contains(s, "总计")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// cellFlags maps each cell named by a finding to its worst severity.
func cellFlags(fs []juesuan.Finding) map[string]juesuan.Severity {
	out := map[string]juesuan.Severity{}
	for _, f := range fs {
		if f.Severity == juesuan.SevInfo {
			continue
		}
		for _, c := range f.Cells {
			if old, ok := out[c]; !ok || f.Severity.Rank() < old.Rank() {
				out[c] = f.Severity
			}
		}
	}
	return out
}
