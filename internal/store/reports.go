package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/juesuan/juesuan"
)

var _ juesuan.ReportService = (*Store)(nil)

// cellBatch bounds the rows of one multi-row INSERT (5 parameters each).
const cellBatch = 400

func keyString(k juesuan.ReportKey) string {
	return fmt.Sprintf("%s/%d/%s", k.Unit, k.Year, k.Scope)
}

func checkKey(k *juesuan.ReportKey) error {
	if k.Scope == "" {
		k.Scope = juesuan.ScopeOwn
	}
	if !juesuan.ValidScope(k.Scope) {
		return juesuan.Errorf(juesuan.EINVALID, "口径 %q 无效（应为 本级 或 汇总）", k.Scope)
	}
	if k.Unit == "" || k.Year == 0 {
		return juesuan.Errorf(juesuan.EINVALID, "报表需要单位代码和年度")
	}
	return nil
}

// encoded is a report as stored: the native file text (the authority,
// lossless), the facts as JSON (for aggregation in SQL), and every cell
// after deriving blank totals (what `juesuan cells` prints).
type encoded struct {
	body, facts, sum string
	cells            []juesuan.CellRef
	values           map[juesuan.CellRef]juesuan.Amount
}

func (s *Store) encode(r *juesuan.Report) (*encoded, error) {
	tpl, err := s.tpls.Load(juesuan.TemplateRef(r.Template, r.Year))
	if err != nil {
		return nil, juesuan.Errorf(juesuan.EINVALID, "%v", err)
	}
	var b bytes.Buffer
	if err := s.tpls.Encode(&b, tpl, r); err != nil {
		return nil, err
	}
	facts, err := json.Marshal(r.Facts)
	if err != nil {
		return nil, err
	}
	full := r.Clone()
	if err := s.tpls.Derive(tpl, full); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b.Bytes())
	return &encoded{body: b.String(), facts: string(facts), sum: hex.EncodeToString(sum[:]),
		cells: full.SortedCells(tpl), values: full.Cells}, nil
}

// SaveReport stores r as version base+1 of the report. base is the version
// the author started from (0 for a new report); if another save got there
// first, the save is refused with ECONFLICT and nothing is written.
func (s *Store) SaveReport(ctx context.Context, k juesuan.ReportKey, base int, r *juesuan.Report, author, reason string) (*juesuan.ReportVersion, error) {
	if err := checkKey(&k); err != nil {
		return nil, err
	}
	if r.Year != k.Year {
		return nil, juesuan.Errorf(juesuan.EINVALID, "报表年度 %d 与保存的年度 %d 不一致", r.Year, k.Year)
	}
	// What the store keeps must read back: the codec's Encode (the report
	// file's writer) refuses texts over the reader's limits.
	enc, err := s.encode(r)
	if err != nil {
		return nil, err
	}
	if len(enc.body) > maxTextBytes {
		return nil, juesuan.Errorf(juesuan.EINVALID, "报表文本 %d MB，超过可保存的上限 %d MB，本次保存未写入", len(enc.body)>>20, maxTextBytes>>20)
	}
	v := &juesuan.ReportVersion{Key: k, Number: base + 1, Author: author, Reason: reason, Cells: len(enc.cells)}
	// The delta against the author's base version is made before the
	// transaction, so the write lock is held only for the writes. The
	// guarded UPDATE below makes sure base is still the current version.
	// So are the base version's open cell rows read: a save whose guarded
	// UPDATE succeeds had base as the current version all along, since
	// every save moves current_number.
	var (
		prevID int64
		prev   string
		open   map[juesuan.CellRef]juesuan.Amount // nil: read in the transaction
	)
	havePrev := false
	if base > 0 {
		var err error
		if prevID, _, err = s.reportRow(ctx, s.db, k); err == nil {
			if base%snapshotEvery != 0 {
				prev, err = s.versionText(ctx, s.db, prevID, base)
				// A damaged base is stored whole: the new text is sound.
				havePrev = err == nil
			}
			if cells, ok := s.opens.get(prevID, base); ok {
				open = cells
			} else if open, err = s.openCells(ctx, s.db, prevID); err != nil {
				open = nil
			}
		}
	}
	kind, data := packBody(v.Number, prev, havePrev, enc.body)
	// The function may run twice (group commit runs each save of a group
	// that failed as a whole again alone): it changes nothing it reads.
	var savedID int64
	err = s.inGroupTx(ctx, func(ctx context.Context, tx *txn) error {
		now := s.stamp()
		v.Created = parseStamp(now)
		if tpl, ok := s.years.Load(k.Year); !ok || tpl != r.Template {
			if err := s.ensureYear(ctx, tx, k.Year, r.Template); err != nil {
				return err
			}
		}
		// The guarded UPDATE is the optimistic lock: it moves the pointer
		// only from the version the author saw.
		var id int64
		err := tx.queryRow(ctx, `UPDATE reports SET current_number = current_number + 1, updated_at = ?
WHERE unit = ? AND year = ? AND scope = ? AND current_number = ? AND state IN (?, ?) RETURNING id`,
			now, k.Unit, k.Year, string(k.Scope), base, string(juesuan.StateDraft), string(juesuan.StateReturned)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			id, err = s.saveRefused(ctx, tx, k, base, now)
		}
		if err != nil {
			return err
		}
		if kind == bodyDelta && id != prevID {
			return conflict(k, base)
		}
		fsum, err := putFacts(ctx, tx, enc.facts)
		if err != nil {
			return err
		}
		var vid int64
		err = tx.queryRow(ctx, `INSERT INTO report_versions(report_id, number, author, reason, created_at, body_kind, body_data, facts_sha256, body_sha256, cell_count)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, id, v.Number, author, reason, now, kind, data, fsum, enc.sum, len(enc.cells)).Scan(&vid)
		if isUniqueViolation(err) {
			return conflict(k, base)
		} else if err != nil {
			return err
		}
		cells := open
		if cells == nil || id != prevID {
			if cells, err = s.openCells(ctx, tx.tx, id); err != nil {
				return err
			}
		}
		if err := s.writeCells(ctx, tx, id, v.Number, enc, cells); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE reports SET current_version = ? WHERE id = ?`, vid, id); err != nil {
			return err
		}
		savedID = id
		return tx.log(ctx, author, "report.save", "report/"+keyString(k), fmt.Sprintf("第 %d 版（%d 个单元格）：%s", v.Number, len(enc.cells), reason))
	})
	if err != nil {
		return nil, err
	}
	// Committed: the next save's delta and the next read start from here.
	s.texts.put(savedID, v.Number, enc.body)
	s.opens.put(savedID, v.Number, enc)
	s.years.Store(k.Year, r.Template)
	return v, nil
}

func conflict(k juesuan.ReportKey, base int) error {
	return juesuan.Errorf(juesuan.ECONFLICT, "报表 %s 已有比第 %d 版更新的版本，本次保存未写入；请基于最新版本重新修改", keyString(k), base)
}

// saveRefused explains why the guarded UPDATE matched nothing, or creates
// the report when it is new.
func (s *Store) saveRefused(ctx context.Context, tx *txn, k juesuan.ReportKey, base int, now string) (int64, error) {
	var cur int
	var state string
	err := tx.queryRow(ctx, `SELECT current_number, state FROM reports WHERE unit = ? AND year = ? AND scope = ?`,
		k.Unit, k.Year, string(k.Scope)).Scan(&cur, &state)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if base != 0 {
			return 0, juesuan.Errorf(juesuan.ENOTFOUND, "报表 %s 不存在，无法基于第 %d 版保存", keyString(k), base)
		}
		if _, err := s.unit(ctx, tx.tx, k.Unit); err != nil {
			return 0, err
		}
		var id int64
		err := tx.queryRow(ctx, `INSERT INTO reports(unit, year, scope, current_number, state, updated_at) VALUES (?, ?, ?, 1, ?, ?) RETURNING id`,
			k.Unit, k.Year, string(k.Scope), string(juesuan.StateDraft), now).Scan(&id)
		if isUniqueViolation(err) {
			return 0, conflict(k, base)
		}
		return id, err
	case err != nil:
		return 0, err
	case cur != base:
		return 0, conflict(k, base)
	default:
		return 0, juesuan.Errorf(juesuan.ECONFLICT, "报表 %s 处于“%s”状态，不能修改（退回后才能再保存）", keyString(k), state)
	}
}

func (s *Store) ensureYear(ctx context.Context, tx *txn, year int, tpl string) error {
	// ON CONFLICT: two first saves of a year may race to record it.
	if _, err := tx.exec(ctx, `INSERT INTO fiscal_years(year, template) VALUES (?, ?) ON CONFLICT (year) DO NOTHING`, year, tpl); err != nil {
		return err
	}
	var have string
	err := tx.queryRow(ctx, `SELECT template FROM fiscal_years WHERE year = ?`, year).Scan(&have)
	if err == nil && have != tpl {
		return juesuan.Errorf(juesuan.EINVALID, "%d 年度使用模板 %s，报表使用模板 %s", year, have, tpl)
	}
	return err
}

// SetYearTemplate records the template of a fiscal year.
func (s *Store) SetYearTemplate(ctx context.Context, year int, tpl string) error {
	return s.inTx(ctx, func(tx *txn) error { return s.ensureYear(ctx, tx, year, tpl) })
}

// reportRow is a report's row.
func (s *Store) reportRow(ctx context.Context, q querier, k juesuan.ReportKey) (id int64, info *juesuan.ReportInfo, err error) {
	info = &juesuan.ReportInfo{Key: k}
	var state, upd string
	err = s.queryRow(ctx, q, `SELECT id, current_number, state, updated_at FROM reports WHERE unit = ? AND year = ? AND scope = ?`,
		k.Unit, k.Year, string(k.Scope)).Scan(&id, &info.Current, &state, &upd)
	info.State, info.Updated = juesuan.ReviewState(state), parseStamp(upd)
	return id, info, notFound(err, "报表 %s 不存在", keyString(k))
}

// ReportInfo returns a report's current version number and review state.
func (s *Store) ReportInfo(ctx context.Context, k juesuan.ReportKey) (*juesuan.ReportInfo, error) {
	if err := checkKey(&k); err != nil {
		return nil, err
	}
	_, info, err := s.reportRow(ctx, s.db, k)
	return info, err
}

// Reports lists the reports of a year (0 = all years), by unit.
func (s *Store) Reports(ctx context.Context, year int) ([]*juesuan.ReportInfo, error) {
	rows, err := s.query(ctx, s.db, `SELECT unit, year, scope, current_number, state, updated_at FROM reports
WHERE ? = 0 OR year = ? ORDER BY unit, year, scope`, year, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*juesuan.ReportInfo
	for rows.Next() {
		in := &juesuan.ReportInfo{}
		var scope, state, upd string
		if err := rows.Scan(&in.Key.Unit, &in.Key.Year, &scope, &in.Current, &state, &upd); err != nil {
			return nil, err
		}
		in.Key.Scope, in.State, in.Updated = juesuan.Scope(scope), juesuan.ReviewState(state), parseStamp(upd)
		out = append(out, in)
	}
	return out, rows.Err()
}

// LoadReport reads a version of a report (0 = the current one) back from
// its stored file text, verifying its checksum.
func (s *Store) LoadReport(ctx context.Context, k juesuan.ReportKey, version int) (*juesuan.Report, *juesuan.ReportVersion, error) {
	if err := checkKey(&k); err != nil {
		return nil, nil, err
	}
	id, info, err := s.reportRow(ctx, s.db, k)
	if err != nil {
		return nil, nil, err
	}
	if version == 0 {
		version = info.Current
	}
	v := &juesuan.ReportVersion{Key: k, Number: version}
	var created string
	vr := versionRow{number: version}
	err = s.queryRow(ctx, s.db, `SELECT author, reason, created_at, body_kind, body_data, body_sha256, cell_count FROM report_versions WHERE report_id = ? AND number = ?`,
		id, version).Scan(&v.Author, &v.Reason, &created, &vr.kind, &vr.data, &vr.sum, &v.Cells)
	if err != nil {
		return nil, nil, notFound(err, "报表 %s 没有第 %d 版", keyString(k), version)
	}
	v.Created = parseStamp(created)
	v.Checksum = vr.sum
	body, err := s.rebuild(ctx, s.db, id, vr)
	if err != nil {
		return nil, nil, corrupt(err, k, version)
	}
	sum := vr.sum
	if r, ok := s.parsed.get(sum); ok {
		return r, v, nil
	}
	name := fmt.Sprintf("数据库:%s 第%d版", keyString(k), version)
	r, err := s.tpls.Decode(name, []byte(body))
	if err != nil {
		return nil, nil, err
	}
	s.parsed.put(sum, r, len(body))
	return r, v, nil
}

// VersionBody returns the stored file text of a version (0 = current),
// verified against its checksum, for export.
func (s *Store) VersionBody(ctx context.Context, k juesuan.ReportKey, version int) (string, error) {
	if err := checkKey(&k); err != nil {
		return "", err
	}
	var id int64
	vr := versionRow{}
	err := s.queryRow(ctx, s.db, `SELECT r.id, v.number, v.body_kind, v.body_data, v.body_sha256 FROM report_versions v JOIN reports r ON r.id = v.report_id
WHERE r.unit = ? AND r.year = ? AND r.scope = ? AND v.number = CASE WHEN ? = 0 THEN r.current_number ELSE ? END`,
		k.Unit, k.Year, string(k.Scope), version, version).Scan(&id, &vr.number, &vr.kind, &vr.data, &vr.sum)
	if err != nil {
		return "", notFound(err, "报表 %s 没有第 %d 版", keyString(k), version)
	}
	body, err := s.rebuild(ctx, s.db, id, vr)
	if err != nil {
		return "", corrupt(err, k, vr.number)
	}
	return body, nil
}

// Versions lists every version of a report, oldest first.
func (s *Store) Versions(ctx context.Context, k juesuan.ReportKey) ([]*juesuan.ReportVersion, error) {
	if err := checkKey(&k); err != nil {
		return nil, err
	}
	id, _, err := s.reportRow(ctx, s.db, k)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, s.db, `SELECT number, author, reason, created_at, cell_count FROM report_versions WHERE report_id = ? ORDER BY number`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*juesuan.ReportVersion
	for rows.Next() {
		v := &juesuan.ReportVersion{Key: k}
		var created string
		if err := rows.Scan(&v.Number, &v.Author, &v.Reason, &created, &v.Cells); err != nil {
			return nil, err
		}
		v.Created = parseStamp(created)
		out = append(out, v)
	}
	return out, rows.Err()
}

// VersionCells returns the stored cells of a version (derived totals
// included), as the SQL aggregation sees them.
func (s *Store) VersionCells(ctx context.Context, k juesuan.ReportKey, version int) (map[juesuan.CellRef]juesuan.Amount, error) {
	if err := checkKey(&k); err != nil {
		return nil, err
	}
	// A cell's row holds for versions from_number up to, not including,
	// to_number.
	rows, err := s.query(ctx, s.db, `SELECT c.tbl, c.row_key, c.col_key, c.amount FROM reports r JOIN cells c ON c.report_id = r.id
WHERE r.unit = ? AND r.year = ? AND r.scope = ? AND ? <= r.current_number
  AND c.from_number <= CASE WHEN ? = 0 THEN r.current_number ELSE ? END
  AND (c.to_number IS NULL OR c.to_number > CASE WHEN ? = 0 THEN r.current_number ELSE ? END)`,
		k.Unit, k.Year, string(k.Scope), version, version, version, version, version)
	if err != nil {
		return nil, err
	}
	return scanCells(rows)
}

func scanCells(rows *sql.Rows) (map[juesuan.CellRef]juesuan.Amount, error) {
	defer rows.Close()
	out := map[juesuan.CellRef]juesuan.Amount{}
	for rows.Next() {
		var c juesuan.CellRef
		var v int64
		if err := rows.Scan(&c.Table, &c.Row, &c.Col, &v); err != nil {
			return nil, err
		}
		out[c] = juesuan.Amount(v)
	}
	return out, rows.Err()
}

// SortedKeys returns cell refs in a stable order, for tests and output.
func SortedKeys(m map[juesuan.CellRef]juesuan.Amount) []juesuan.CellRef {
	out := make([]juesuan.CellRef, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}
