package web

import (
	"fmt"
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
)

// cellChange is one cell a save changed, for the version note.
type cellChange struct {
	Ref      juesuan.CellRef
	Old, New string // 万元, two decimals; "" blank
	Entered  bool   // typed by the user; otherwise a total recomputed from it
}

// edited is a save's next version: as it is stored, with its blank
// totals derived (what the audit reads), the changes for the version note,
// and every total computed from its parts with the computed cells of the
// version edited from (the audit reuses them when the rows are the same).
type edited struct {
	Next    *juesuan.Report
	Shown   *juesuan.Report
	Changes []cellChange
	comp    map[juesuan.CellRef]bool
	parts   map[juesuan.CellRef]juesuan.Amount
}

// applyEdits returns the next version of cur with the entered cells set
// and only the totals computed from them recomputed. A total the report
// gives (entered or imported) is updated only when it agreed with its
// parts before the edit: one that disagrees keeps its printed value, and
// the audit shows both. Every other cell, including totals of other tables
// that the derive rules would now compute differently, is left exactly as
// it was.
func applyEdits(cur *audited, edits map[juesuan.CellRef]*juesuan.Amount) (*edited, error) {
	tpl, comp := cur.Tpl, cur.Computed
	// As stored: the totals the derive step filled are not part of it.
	stored := cur.Report.Clone()
	for ref := range cur.Report.Derived {
		delete(stored.Cells, ref)
	}
	stored.Derived, stored.DerivedFrom, stored.Complete = map[juesuan.CellRef]bool{}, map[juesuan.CellRef][]juesuan.CellRef{}, false
	next := stored.Clone()
	for ref, v := range edits {
		if v == nil {
			delete(next.Cells, ref)
		} else {
			next.Cells[ref] = *v
		}
	}
	if unsure := next.Published.ImportUnsure; len(unsure) > 0 {
		// A table the user has changed by hand is theirs now, no longer
		// the import's reading in doubt: its differences are errors again.
		kept := map[int]string{}
		for n, why := range unsure {
			kept[n] = why
		}
		for ref := range edits {
			delete(kept, ref.Table)
		}
		next.Published.ImportUnsure = kept
	}
	before := cur.parts
	if before == nil || !derivedWithin(cur.Report, comp) {
		// The audit's parts are those of stored only when every derived
		// cell is a computed one (fromParts drops those either way).
		var err error
		if before, err = fromParts(tpl, stored, comp); err != nil {
			return nil, err
		}
	}
	after, err := fromParts(tpl, next, comp)
	if err != nil {
		return nil, err
	}
	for ref := range comp {
		o, oOK := before[ref]
		n, nOK := after[ref]
		if o == n && oOK == nOK {
			continue // not computed from an edited cell
		}
		sv, given := stored.Cells[ref]
		if !given || !oOK || sv != o {
			// Blank totals are derived again on loading; a given total that
			// disagreed with its parts keeps its printed value.
			continue
		}
		if nOK {
			next.Cells[ref] = n
		} else {
			delete(next.Cells, ref)
		}
	}
	// The changes as the user sees them: both versions with their blank
	// totals derived.
	shown := next.Clone()
	_ = audit.Derive(tpl, shown) // compiled by fromParts
	var out []cellChange
	refs := map[juesuan.CellRef]bool{}
	for ref := range cur.Report.Cells {
		refs[ref] = true
	}
	for ref := range shown.Cells {
		refs[ref] = true
	}
	for ref := range refs {
		o, oOK := cur.Report.Cells[ref]
		n, nOK := shown.Cells[ref]
		if o == n && oOK == nOK {
			continue
		}
		_, typed := edits[ref]
		ch := cellChange{Ref: ref, Entered: typed}
		if oOK {
			ch.Old = o.Wan()
		}
		if nOK {
			ch.New = n.Wan()
		}
		out = append(out, ch)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Entered != out[j].Entered {
			return out[i].Entered
		}
		return cellLess(out[i].Ref, out[j].Ref)
	})
	return &edited{Next: next, Shown: shown, Changes: out, comp: comp, parts: after}, nil
}

// derivedWithin says whether every cell derive filled in r is one of
// comp: then r's totals from parts are those of r as stored.
func derivedWithin(r *juesuan.Report, comp map[juesuan.CellRef]bool) bool {
	for ref := range r.Derived {
		if !comp[ref] {
			return false
		}
	}
	return true
}

// sameCells says whether two sets of computed cells are equal.
func sameCells(a, b map[juesuan.CellRef]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for ref := range a {
		if !b[ref] {
			return false
		}
	}
	return true
}

func cellLess(a, b juesuan.CellRef) bool {
	if a.Table != b.Table {
		return a.Table < b.Table
	}
	if a.Row != b.Row {
		return a.Row < b.Row
	}
	return a.Col < b.Col
}

// changeNote is the version note of an online save: every changed cell
// with its old and new value, and why it changed.
func changeNote(tpl *juesuan.Template, r *juesuan.Report, table string, ch []cellChange) string {
	var typed, totals []string
	for _, c := range ch {
		s := fmt.Sprintf("%s：%s → %s", cellTitle(tpl, r, c.Ref), blankDash(c.Old), blankDash(c.New))
		if c.Entered {
			typed = append(typed, s)
		} else {
			totals = append(totals, s)
		}
	}
	note := fmt.Sprintf("在线填报：修改%s %d 个单元格（%s）", table, len(typed), strings.Join(typed, "；"))
	if len(totals) > 0 {
		note += fmt.Sprintf("；由此重算合计 %d 个（%s）", len(totals), strings.Join(totals, "；"))
	}
	return note
}

func blankDash(s string) string {
	if s == "" {
		return "空"
	}
	return s
}

// cellTitle names a cell for people: 表1「一、一般公共预算财政拨款收入」(1:1:1).
func cellTitle(tpl *juesuan.Template, r *juesuan.Report, ref juesuan.CellRef) string {
	return fmt.Sprintf("表%d「%s」%s(%s)", ref.Table, rowTitle(tpl, r, juesuan.RowRef{Table: ref.Table, Row: ref.Row}), colTitle(tpl, r, ref), ref)
}

// rowTitle is a row's printed label, or a code row's code and name.
func rowTitle(tpl *juesuan.Template, r *juesuan.Report, rr juesuan.RowRef) string {
	ts, ok := r.Table(tpl, rr.Table)
	if !ok {
		return rr.Row
	}
	if sp, ok := ts.Row(rr.Row); ok {
		if t := strings.TrimSpace(sp.Title()); t != "" {
			return t
		}
		return rr.Row
	}
	name := r.RowNames[rr]
	if name == "" && ts.Catalog != "" {
		if e, ok := tpl.Catalogs[ts.Catalog].Lookup(rr.Row); ok {
			name = e.Name
		}
	}
	if name == "" {
		return rr.Row
	}
	return rr.Row + " " + name
}

// colTitle is a column's printed name, when the table has several.
func colTitle(tpl *juesuan.Template, r *juesuan.Report, ref juesuan.CellRef) string {
	ts, ok := r.Table(tpl, ref.Table)
	if !ok || len(r.Columns(ts)) < 2 {
		return ""
	}
	if c, ok := ts.Column(ref.Col); ok && c.Name != "" {
		return c.Name
	}
	return "第" + ref.Col + "栏"
}

// givenMismatches returns the totals r gives (not derived) whose value
// differs from the one computed from their parts (parts), with that value.
func givenMismatches(r *juesuan.Report, comp map[juesuan.CellRef]bool, parts map[juesuan.CellRef]juesuan.Amount) map[juesuan.CellRef]juesuan.Amount {
	out := map[juesuan.CellRef]juesuan.Amount{}
	for ref := range comp {
		v, given := r.Cells[ref]
		if !given || r.Derived[ref] {
			continue
		}
		if w, ok := parts[ref]; ok && w != v {
			out[ref] = w
		}
	}
	return out
}

// fromParts computes every total of comp (the cells the derive rules
// compute) from its parts alone, whatever r gives for it.
func fromParts(tpl *juesuan.Template, r *juesuan.Report, comp map[juesuan.CellRef]bool) (map[juesuan.CellRef]juesuan.Amount, error) {
	c := r.Clone()
	for ref := range comp {
		delete(c.Cells, ref)
	}
	c.Derived, c.DerivedFrom, c.Complete = map[juesuan.CellRef]bool{}, map[juesuan.CellRef][]juesuan.CellRef{}, false
	// The values only, on the rules' dense form: every save computes them,
	// and the fill with provenance cost it more than its audit.
	if err := audit.DeriveValues(tpl, c); err != nil {
		return nil, err
	}
	out := map[juesuan.CellRef]juesuan.Amount{}
	for ref := range comp {
		if v, ok := c.Cells[ref]; ok {
			out[ref] = v
		}
	}
	return out, nil
}
