package juesuan

import (
	"sort"
	"strconv"
)

// Report is one unit's 部门决算 for one year: the cells of the standard
// tables and every other fact the disclosure document states.
type Report struct {
	Year      int
	Template  string    // template id, "2020"
	MoneyUnit MoneyUnit // the unit the source stated its amounts in
	Source    string    // file the report was read from

	// Cells holds every non-blank amount cell. A blank cell is absent.
	Cells map[CellRef]Amount
	// Derived marks cells that the file left empty and the audit's derive
	// rules filled (totals); a total given by the file is never replaced.
	Derived map[CellRef]bool
	// DerivedFrom lists the cells a derived cell was computed from, so a
	// finding about a derived total can name the cells behind it.
	DerivedFrom map[CellRef][]CellRef
	// RowNames holds the names printed beside code rows (科目名称) and
	// the printed labels of the rows of generic tables.
	RowNames map[RowRef]string
	// Generic holds, by table number, the printed title and column
	// headers of the generic tables (see generic.go), including the
	// extra tables the template does not know.
	Generic map[int]*GenericTable
	// Complete is set by the derive step once every blank total is filled;
	// code that changes Cells afterwards must clear it. Aggregation skips
	// the fill for complete inputs.
	Complete bool
	// ImportDoubts are the importer's own doubts about its reading of a
	// published document (导入存疑, source "import"): never the report's
	// errors, and not saved with it.
	ImportDoubts []Finding

	Facts
}

// NewReport returns an empty report.
func NewReport(year int, template string) *Report {
	return &Report{
		Year: year, Template: template, MoneyUnit: UnitWanyuan,
		Cells: map[CellRef]Amount{}, Derived: map[CellRef]bool{}, RowNames: map[RowRef]string{},
		DerivedFrom: map[CellRef][]CellRef{},
	}
}

// Cell returns the amount of a cell and whether it is non-blank.
func (r *Report) Cell(c CellRef) (Amount, bool) {
	v, ok := r.Cells[c]
	return v, ok
}

// Set sets a cell.
func (r *Report) Set(c CellRef, v Amount) { r.Cells[c] = v }

// RowsOf returns the keys of the rows of table n that hold at least one
// cell or a name, sorted in template order (fixed rows by 行次, codes
// lexically so that each 类 precedes its 款 and 项).
func (r *Report) RowsOf(t *TableSpec) []string {
	seen := map[string]bool{}
	for c := range r.Cells {
		if c.Table == t.Number {
			seen[c.Row] = true
		}
	}
	for rr := range r.RowNames {
		if rr.Table == t.Number {
			seen[rr.Row] = true
		}
	}
	var rows []string
	for k := range seen {
		rows = append(rows, k)
	}
	SortRows(t, rows)
	return rows
}

// SortRows sorts row keys in template order: fixed rows by template
// position; in code tables 合计 first, codes lexically (each 类 before its
// 款 and 项), the other special rows (人员经费合计 …) last.
func SortRows(t *TableSpec, rows []string) {
	s := rowSorter{rows: rows, rank: make([]int, len(rows))}
	if t.IsGeneric() {
		// Printed order: row numbers compare as numbers.
		for i, k := range rows {
			s.rank[i], _ = strconv.Atoi(k)
		}
		sort.Sort(s)
		return
	}
	for i, k := range rows {
		for j := range t.Rows {
			if t.Rows[j].Key == k {
				switch {
				case t.RowKind == RowsFixed:
					s.rank[i] = j
				case k == "total":
					s.rank[i] = -1
				default:
					s.rank[i] = 1 + j
				}
				break
			}
		}
	}
	sort.Sort(s)
}

type rowSorter struct {
	rows []string
	rank []int
}

func (s rowSorter) Len() int { return len(s.rows) }
func (s rowSorter) Less(i, j int) bool {
	if s.rank[i] != s.rank[j] {
		return s.rank[i] < s.rank[j]
	}
	return s.rows[i] < s.rows[j]
}
func (s rowSorter) Swap(i, j int) {
	s.rows[i], s.rows[j] = s.rows[j], s.rows[i]
	s.rank[i], s.rank[j] = s.rank[j], s.rank[i]
}

// SortedCells returns the cells of the report in template order.
func (r *Report) SortedCells(tpl *Template) []CellRef {
	var out []CellRef
	for _, t := range r.Tables(tpl) {
		cols := r.Columns(t)
		for _, row := range r.RowsOf(t) {
			for _, col := range cols {
				c := CellRef{t.Number, row, col.Key}
				if _, ok := r.Cells[c]; ok {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// TableEmpty reports whether table n has no non-zero amount.
func (r *Report) TableEmpty(n int) bool {
	for c, v := range r.Cells {
		if c.Table == n && v != 0 {
			return false
		}
	}
	return true
}

// Itoa is strconv.Itoa, for templates.
func Itoa(n int) string { return strconv.Itoa(n) }

// Clone returns a deep copy of the report's cells and names; facts are
// shared (they are not changed by the audit).
func (r *Report) Clone() *Report {
	c := *r
	c.Cells = make(map[CellRef]Amount, len(r.Cells))
	for k, v := range r.Cells {
		c.Cells[k] = v
	}
	c.Derived = make(map[CellRef]bool, len(r.Derived))
	for k, v := range r.Derived {
		c.Derived[k] = v
	}
	c.DerivedFrom = make(map[CellRef][]CellRef, len(r.DerivedFrom))
	for k, v := range r.DerivedFrom {
		c.DerivedFrom[k] = v
	}
	c.RowNames = make(map[RowRef]string, len(r.RowNames))
	for k, v := range r.RowNames {
		c.RowNames[k] = v
	}
	if r.Generic != nil {
		c.Generic = make(map[int]*GenericTable, len(r.Generic))
		for k, v := range r.Generic {
			g := *v
			g.Columns = append([]string(nil), v.Columns...)
			c.Generic[k] = &g
		}
	}
	return &c
}
