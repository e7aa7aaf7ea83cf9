package store

import (
	"context"
	"encoding/json"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/juesuan/juesuan"
)

// SubtreeCells sums, in SQL, the current version's cells of every report
// of the unit's subtree for a year and 口径 (完全汇总), and returns the
// sums with the codes of the units that had a report.
func (s *Store) SubtreeCells(ctx context.Context, root string, year int, scope juesuan.Scope) (map[juesuan.CellRef]juesuan.Amount, []string, error) {
	units, err := s.unitsWithReports(ctx, subtreeCTE+`
SELECT r.unit FROM sub JOIN reports r ON r.unit = sub.code AND r.year = ? AND r.scope = ? ORDER BY r.unit`, root, year, string(scope))
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.query(ctx, s.db, subtreeCTE+`
SELECT c.tbl, c.row_key, c.col_key, CAST(SUM(c.amount) AS BIGINT)
FROM sub JOIN reports r ON r.unit = sub.code AND r.year = ? AND r.scope = ?
JOIN cells c ON c.version_id = r.current_version
GROUP BY c.tbl, c.row_key, c.col_key`, root, year, string(scope))
	if err != nil {
		return nil, nil, err
	}
	cells, err := scanCells(rows)
	return cells, units, err
}

// UnitsCells sums the current cells of the chosen units (选择汇总).
func (s *Store) UnitsCells(ctx context.Context, codes []string, year int, scope juesuan.Scope) (map[juesuan.CellRef]juesuan.Amount, []string, error) {
	if len(codes) == 0 {
		return map[juesuan.CellRef]juesuan.Amount{}, nil, nil
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(codes)), ", ")
	args := []any{year, string(scope)}
	for _, c := range codes {
		args = append(args, c)
	}
	units, err := s.unitsWithReports(ctx, `SELECT unit FROM reports WHERE year = ? AND scope = ? AND unit IN (`+in+`) ORDER BY unit`, args...)
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.query(ctx, s.db, `SELECT c.tbl, c.row_key, c.col_key, CAST(SUM(c.amount) AS BIGINT)
FROM reports r JOIN cells c ON c.version_id = r.current_version
WHERE r.year = ? AND r.scope = ? AND r.unit IN (`+in+`)
GROUP BY c.tbl, c.row_key, c.col_key`, args...)
	if err != nil {
		return nil, nil, err
	}
	cells, err := scanCells(rows)
	return cells, units, err
}

func (s *Store) unitsWithReports(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.query(ctx, s.db, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CurrentFacts returns the facts of the current versions of the given
// units' reports, by unit code.
func (s *Store) CurrentFacts(ctx context.Context, codes []string, year int, scope juesuan.Scope) (map[string]*juesuan.Facts, error) {
	out := map[string]*juesuan.Facts{}
	for i := 0; i < len(codes); i += 500 {
		chunk := codes[i:min(i+500, len(codes))]
		in := strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")
		args := []any{year, string(scope)}
		for _, c := range chunk {
			args = append(args, c)
		}
		rows, err := s.query(ctx, s.db, `SELECT r.unit, v.facts FROM reports r JOIN report_versions v ON v.id = r.current_version
WHERE r.year = ? AND r.scope = ? AND r.unit IN (`+in+`)`, args...)
		if err != nil {
			return nil, err
		}
		var codes, texts []string
		for rows.Next() {
			var code, text string
			if err := rows.Scan(&code, &text); err != nil {
				rows.Close()
				return nil, err
			}
			codes, texts = append(codes, code), append(texts, text)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		facts, err := decodeFacts(codes, texts)
		if err != nil {
			return nil, err
		}
		for i, c := range codes {
			out[c] = facts[i]
		}
	}
	return out, nil
}

// decodeFacts decodes the facts JSON of many versions on every core: for
// a 汇总 of thousands of units it is most of the work after the SQL sums.
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
				if err := json.Unmarshal([]byte(texts[i]), f); err != nil {
					errs[i] = juesuan.Errorf(juesuan.EINTERNAL, "单位 %s 的报表事实数据无法读取: %v", codes[i], err)
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
