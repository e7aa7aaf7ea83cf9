package aggregate

import (
	"context"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/lru"
)

// Source is what the aggregation asks of a database: the reports of a
// subtree or of chosen units, their current cells summed in SQL, and
// their current facts by content checksum (*store.Store).
type Source interface {
	SubtreeReports(ctx context.Context, root string, year int, scope juesuan.Scope) ([]string, []int64, error)
	UnitsReports(ctx context.Context, codes []string, year int, scope juesuan.Scope) ([]string, []int64, error)
	CellsOf(ctx context.Context, ids []int64) (map[juesuan.CellRef]juesuan.Amount, error)
	FactsKeys(ctx context.Context, ids []int64) ([]string, error)
	FactsByKey(ctx context.Context, keys []string) (map[string]*juesuan.Facts, error)
}

// FromStore builds the aggregate in the database: the cells are summed by
// SQL over the current versions (the subtree of root, or the chosen units
// when units is not empty), the facts are summed from each version's
// stored facts. It returns the units whose reports were included.
func FromStore(ctx context.Context, st Source, tpl *juesuan.Template, root string, units []string, scope juesuan.Scope, profile juesuan.Profile) (*juesuan.Report, []string, error) {
	var (
		used []string
		ids  []int64
		err  error
	)
	if len(units) == 0 {
		used, ids, err = st.SubtreeReports(ctx, root, tpl.Year, scope)
	} else {
		used, ids, err = st.UnitsReports(ctx, units, tpl.Year, scope)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(used) == 0 {
		return nil, nil, juesuan.Errorf(juesuan.ENOTFOUND, "单位 %s 下没有 %d 年度（%s）的报表可汇总", root, tpl.Year, scope)
	}
	// The facts are read while the database sums the cells.
	var (
		facts    []*juesuan.Facts
		factsErr error
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		facts, factsErr = summedFacts(ctx, st, ids)
	}()
	cells, err := st.CellsOf(ctx, ids)
	<-done
	if err != nil {
		return nil, nil, err
	}
	if factsErr != nil {
		return nil, nil, factsErr
	}
	dropGeneric(tpl, cells)
	out := juesuan.NewReport(tpl.Year, tpl.ID)
	out.Cells = cells
	out.Facts = SumFacts(facts, used)
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

// Facts are stored once per content and never change, so what a 汇总 sums
// of them is kept per content checksum, within a byte budget: a 汇总 run
// again (after corrections, or of another part of the tree) reads and
// decodes only the facts it has not seen. For 10,000 units the facts cost
// PostgreSQL's 汇总 as much as summing the cells.
var factsCache = newFactsCache()

func newFactsCache() *lru.Cache[string, *juesuan.Facts] {
	return lru.New[string, *juesuan.Facts](32 << 20)
}

// summedFacts returns, for each report (ids), what SumFacts reads of its
// current version's facts.
func summedFacts(ctx context.Context, st Source, ids []int64) ([]*juesuan.Facts, error) {
	keys, err := st.FactsKeys(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*juesuan.Facts, len(keys))
	var missing []string
	seen := map[string]bool{}
	for i, k := range keys {
		if f, ok := factsCache.Get(k); ok {
			out[i] = f
		} else if !seen[k] {
			seen[k] = true
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	read, err := st.FactsByKey(ctx, missing)
	if err != nil {
		return nil, err
	}
	got := make(map[string]*juesuan.Facts, len(read))
	for k, f := range read {
		s := summed(f)
		got[k] = s
		factsCache.Put(k, s, summedCost(s))
	}
	for i, k := range keys {
		if out[i] == nil {
			if out[i] = got[k]; out[i] == nil {
				return nil, juesuan.Errorf(juesuan.EINTERNAL, "报表事实数据 %s 缺失（数据已损坏）", k)
			}
		}
	}
	return out, nil
}
