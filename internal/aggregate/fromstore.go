package aggregate

import (
	"context"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
)

// Source is what the aggregation asks of a database: the cells summed
// over units in SQL and each unit's current facts (*store.Store).
type Source interface {
	SubtreeCells(ctx context.Context, root string, year int, scope juesuan.Scope) (map[juesuan.CellRef]juesuan.Amount, []string, error)
	UnitsCells(ctx context.Context, codes []string, year int, scope juesuan.Scope) (map[juesuan.CellRef]juesuan.Amount, []string, error)
	CurrentFacts(ctx context.Context, codes []string, year int, scope juesuan.Scope) (map[string]*juesuan.Facts, error)
}

// FromStore builds the aggregate in the database: the cells are summed by
// SQL over the current versions (the subtree of root, or the chosen units
// when units is not empty), the facts are summed from each version's
// stored facts. It returns the units whose reports were included.
func FromStore(ctx context.Context, st Source, tpl *juesuan.Template, root string, units []string, scope juesuan.Scope, profile juesuan.Profile) (*juesuan.Report, []string, error) {
	var (
		cells map[juesuan.CellRef]juesuan.Amount
		used  []string
		err   error
	)
	if len(units) == 0 {
		cells, used, err = st.SubtreeCells(ctx, root, tpl.Year, scope)
	} else {
		cells, used, err = st.UnitsCells(ctx, units, tpl.Year, scope)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(used) == 0 {
		return nil, nil, juesuan.Errorf(juesuan.ENOTFOUND, "单位 %s 下没有 %d 年度（%s）的报表可汇总", root, tpl.Year, scope)
	}
	facts, err := st.CurrentFacts(ctx, used, tpl.Year, scope)
	if err != nil {
		return nil, nil, err
	}
	list := make([]*juesuan.Facts, 0, len(used))
	for _, u := range used {
		list = append(list, facts[u])
	}
	dropGeneric(tpl, cells)
	out := juesuan.NewReport(tpl.Year, tpl.ID)
	out.Cells = cells
	out.Facts = SumFacts(list, used)
	out.Unit = mergeProfile(profile, out.Unit)
	NameRows(tpl, out)
	if err := audit.Derive(tpl, out); err != nil {
		return nil, nil, err
	}
	return out, used, nil
}

// NameRows gives code rows without a name their catalog name.
func NameRows(tpl *juesuan.Template, r *juesuan.Report) {
	for c := range r.Cells {
		ts, ok := tpl.Table(c.Table)
		if !ok || ts.RowKind == juesuan.RowsFixed {
			continue
		}
		if _, special := ts.Row(c.Row); special {
			continue
		}
		k := juesuan.RowRef{Table: c.Table, Row: c.Row}
		if _, ok := r.RowNames[k]; ok {
			continue
		}
		if e, ok := tpl.Catalogs[ts.Catalog].Lookup(c.Row); ok {
			r.RowNames[k] = e.Name
		}
	}
}
