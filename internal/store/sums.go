package store

import (
	"context"
	"encoding/json"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/juesuan/juesuan"
)

// SubtreeCells sums, in SQL, the current version's cells of every report
// of the unit's subtree for a year and 口径 (完全汇总), and returns the
// sums with the codes of the units that had a report.
//
// The subtree's reports are listed first (a small query over units), then
// their current cells (to_number IS NULL) are summed by a plain filtered
// GROUP BY: with the recursive walk inside the sum, PostgreSQL could not
// use parallel workers and took 6× a plain GROUP BY of the same cells.
func (s *Store) SubtreeCells(ctx context.Context, root string, year int, scope juesuan.Scope) (map[juesuan.CellRef]juesuan.Amount, []string, error) {
	units, ids, err := s.SubtreeReports(ctx, root, year, scope)
	if err != nil {
		return nil, nil, err
	}
	cells, err := s.CellsOf(ctx, ids)
	return cells, units, err
}

// UnitsCells sums the current cells of the chosen units (选择汇总).
func (s *Store) UnitsCells(ctx context.Context, codes []string, year int, scope juesuan.Scope) (map[juesuan.CellRef]juesuan.Amount, []string, error) {
	units, ids, err := s.UnitsReports(ctx, codes, year, scope)
	if err != nil {
		return nil, nil, err
	}
	cells, err := s.CellsOf(ctx, ids)
	return cells, units, err
}

// SubtreeReports lists the reports of a year and 口径 in the unit's
// subtree: the units' codes in order and the reports' ids.
func (s *Store) SubtreeReports(ctx context.Context, root string, year int, scope juesuan.Scope) ([]string, []int64, error) {
	return s.reportsOf(ctx, subtreeCTE+`
SELECT r.unit, r.id FROM sub JOIN reports r ON r.unit = sub.code AND r.year = ? AND r.scope = ? ORDER BY r.unit`, root, year, string(scope))
}

// UnitsReports lists the reports of a year and 口径 of the chosen units.
func (s *Store) UnitsReports(ctx context.Context, codes []string, year int, scope juesuan.Scope) ([]string, []int64, error) {
	if len(codes) == 0 {
		return nil, nil, nil
	}
	set, arg := s.inSet("unit", codes)
	return s.reportsOf(ctx, `SELECT unit, id FROM reports WHERE year = ? AND scope = ? AND `+set+` ORDER BY unit`, year, string(scope), arg)
}

// inSet is the condition "col is one of values" with values as one
// parameter: a JSON array for SQLite, an array for PostgreSQL. Any number
// of values is one statement, and PostgreSQL probes a hashed set (with a
// list of parameters, col IN (?, ?, …), it compares each row with every
// one: 500 units took 60 ms).
func (s *Store) inSet(col string, values any) (string, any) {
	if s.d.name == "postgres" {
		typ := "TEXT[]"
		if _, ok := values.([]int64); ok {
			typ = "BIGINT[]"
		}
		return col + ` = ANY(CAST(? AS ` + typ + `))`, values
	}
	b, _ := json.Marshal(values)
	return col + ` IN (SELECT value FROM json_each(?))`, string(b)
}

// CellsOf sums the current cells of the given reports.
func (s *Store) CellsOf(ctx context.Context, ids []int64) (map[juesuan.CellRef]juesuan.Amount, error) {
	if len(ids) == 0 {
		return map[juesuan.CellRef]juesuan.Amount{}, nil
	}
	set, arg := s.inSet("c.report_id", ids)
	rows, err := s.query(ctx, s.db, `SELECT c.tbl, c.row_key, c.col_key, CAST(SUM(c.amount) AS BIGINT) FROM cells c
WHERE c.to_number IS NULL AND `+set+`
GROUP BY c.tbl, c.row_key, c.col_key`, s.d.planEach(arg)...)
	if err != nil {
		return nil, err
	}
	return scanCells(rows)
}

// reportsOf lists (unit, report id) pairs.
func (s *Store) reportsOf(ctx context.Context, q string, args ...any) ([]string, []int64, error) {
	rows, err := s.query(ctx, s.db, q, s.d.planEach(args...)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var units []string
	var ids []int64
	for rows.Next() {
		var c string
		var id int64
		if err := rows.Scan(&c, &id); err != nil {
			return nil, nil, err
		}
		units, ids = append(units, c), append(ids, id)
	}
	return units, ids, rows.Err()
}

// CurrentFacts returns the facts of the current versions of the given
// units' reports, by unit code. Facts are stored once per content, and
// each distinct content is decoded once: units with the same facts share
// one value, which callers must not change.
func (s *Store) CurrentFacts(ctx context.Context, codes []string, year int, scope juesuan.Scope) (map[string]*juesuan.Facts, error) {
	set, arg := s.inSet("r.unit", codes)
	units, sums, err := s.pairs(ctx, `SELECT r.unit, v.facts_sha256 FROM reports r JOIN report_versions v ON v.id = r.current_version
WHERE r.year = ? AND r.scope = ? AND `+set, year, string(scope), arg)
	if err != nil {
		return nil, err
	}
	firstUnit := map[string]string{}
	for i, k := range sums {
		if _, ok := firstUnit[k]; !ok {
			firstUnit[k] = units[i]
		}
	}
	byKey, err := s.factsByKey(ctx, sums, func(k string) string { return "单位 " + firstUnit[k] + " " })
	if err != nil {
		return nil, err
	}
	out := make(map[string]*juesuan.Facts, len(units))
	for i, u := range units {
		out[u] = byKey[sums[i]]
	}
	return out, nil
}

// FactsKeys returns the checksum of the facts of each report's current
// version (ids), in the order of ids: facts are stored once per content,
// so a caller may keep decoded facts by it (FactsByKey).
func (s *Store) FactsKeys(ctx context.Context, ids []int64) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	set, arg := s.inSet("r.id", ids)
	rids, sums, err := s.pairs(ctx, `SELECT CAST(r.id AS TEXT), v.facts_sha256 FROM reports r JOIN report_versions v ON v.id = r.current_version
WHERE `+set, arg)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]string, len(rids))
	for i, id := range rids {
		byID[id] = sums[i]
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		k, ok := byID[juesuan.Itoa(int(id))]
		if !ok {
			return nil, juesuan.Errorf(juesuan.EINTERNAL, "报表 %d 没有当前版本（数据已损坏）", id)
		}
		out[i] = k
	}
	return out, nil
}

// FactsByKey reads and decodes the facts of the given checksums, each
// once, checking each text against its checksum.
func (s *Store) FactsByKey(ctx context.Context, keys []string) (map[string]*juesuan.Facts, error) {
	return s.factsByKey(ctx, keys, func(k string) string { return "校验和 " + k[:min(12, len(k))] + "… " })
}

// factsByKey reads each distinct facts text of keys in one query and
// decodes it once; name says whose facts a key's are, for messages.
func (s *Store) factsByKey(ctx context.Context, keys []string, name func(key string) string) (map[string]*juesuan.Facts, error) {
	// Texts are never changed nor removed, so those of the versions just
	// read are all there.
	distinct := slices.Compact(slices.Sorted(slices.Values(keys)))
	set, arg := s.inSet("sha256", distinct)
	sums, texts, err := s.pairs(ctx, `SELECT sha256, facts FROM facts_texts WHERE `+set, arg)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(sums))
	for i, sum := range sums {
		names[i] = name(sum)
		if sumHex(texts[i]) != sum {
			return nil, juesuan.Errorf(juesuan.EINTERNAL, "%s的报表事实数据校验失败（数据已损坏）", names[i])
		}
	}
	if len(sums) != len(distinct) {
		return nil, juesuan.Errorf(juesuan.EINTERNAL, "%d 份报表事实数据缺失（数据已损坏）", len(distinct)-len(sums))
	}
	facts, err := decodeFacts(names, texts)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*juesuan.Facts, len(sums))
	for i, sum := range sums {
		out[sum] = facts[i]
	}
	return out, nil
}

// pairs reads a query of two text columns.
func (s *Store) pairs(ctx context.Context, q string, args ...any) ([]string, []string, error) {
	rows, err := s.query(ctx, s.db, q, s.d.planEach(args...)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var as, bs []string
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return nil, nil, err
		}
		as, bs = append(as, a), append(bs, b)
	}
	return as, bs, rows.Err()
}

// decodeFacts decodes the facts JSON of many versions on every core: for
// a 汇总 of thousands of units it is most of the work after the SQL sums.
// The texts are encoding/json's output for juesuan.Facts (exact field
// names, valid UTF-8), which the v2 decoder reads the same in about half
// the time (it does not scan each text twice).
func decodeFacts(codes, texts []string) ([]*juesuan.Facts, error) {
	out := make([]*juesuan.Facts, len(texts))
	errs := make([]error, len(texts))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(texts)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(texts); i = int(next.Add(1) - 1) {
				f := &juesuan.Facts{}
				if err := jsonv2.Unmarshal([]byte(texts[i]), f); err != nil {
					errs[i] = juesuan.Errorf(juesuan.EINTERNAL, "%s的报表事实数据无法读取: %v", codes[i], err)
				}
				out[i] = f
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
