package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/lru"
)

// How a version is stored (migration 0005): its file text whole or as a
// delta (bodydelta.go), its facts once per distinct content (facts_texts),
// its cells as ranges of version numbers (cells.from_number/to_number).

// bodyKey names a version's text in the cache.
type bodyKey struct {
	report int64
	number int
}

// texts caches verified version texts: a save's delta is made against
// the text of the version before it, and a read of a delta applies it to
// that same text, so the last versions of the reports being edited are
// kept. Versions are immutable and only texts that matched their checksum
// are put, so a cached text is always the right one.
type texts struct {
	once sync.Once
	c    *lru.Cache[bodyKey, string]
}

// textsBytes: the last versions of a hundred reports of the reference's size.
const textsBytes = 8 << 20

func (t *texts) cache() *lru.Cache[bodyKey, string] {
	t.once.Do(func() { t.c = lru.New[bodyKey, string](textsBytes) })
	return t.c
}

func (t *texts) get(id int64, n int) (string, bool) { return t.cache().Get(bodyKey{id, n}) }

func (t *texts) put(id int64, n int, text string) {
	t.cache().Put(bodyKey{id, n}, text, int64(len(text))+64)
}

// openSets caches, per report, the cells of the last version this
// process saved of it, as stored (the open cell rows while the version is
// current): the next save of the report closes and adds rows against
// them, and read them from the database before (a query and a map of
// every cell a save). A version's cells never change, and only a
// committed version's are put; one version a report is kept, so that
// the cache holds the reports being edited, not their history.
type openSets struct {
	once sync.Once
	c    *lru.Cache[int64, openSet]
}

type openSet struct {
	number int
	cells  map[juesuan.CellRef]juesuan.Amount
}

// openSetsBytes: the current versions of some forty reports of the
// reference's size (2,000 cells of about 100 bytes in a map).
const openSetsBytes = 8 << 20

func (o *openSets) cache() *lru.Cache[int64, openSet] {
	o.once.Do(func() { o.c = lru.New[int64, openSet](openSetsBytes) })
	return o.c
}

func (o *openSets) get(id int64, n int) (map[juesuan.CellRef]juesuan.Amount, bool) {
	if set, ok := o.cache().Get(id); ok && set.number == n {
		return set.cells, true
	}
	return nil, false
}

// put keeps the cells of a saved version, when enc's values are exactly
// the cells stored (a report's cells outside its tables' layout are not
// stored, and then the set is read from the database).
func (o *openSets) put(id int64, n int, enc *encoded) {
	if len(enc.values) != len(enc.cells) {
		return
	}
	o.cache().Put(id, openSet{n, enc.values}, int64(len(enc.values))*100+64)
}

func sumHex(b string) string {
	s := sha256.Sum256([]byte(b))
	return hex.EncodeToString(s[:])
}

// packBody chooses how version number is stored: a delta against prev
// (the text of version number-1) unless a whole text is due (every
// snapshotEvery versions, bounding a read's work) or the change is large.
func packBody(number int, prev string, havePrev bool, body string) (kind string, data []byte) {
	if havePrev && (number-1)%snapshotEvery != 0 {
		if d := makeDelta(prev, body); d != nil && len(d) < len(body)/4 {
			return bodyDelta, d
		}
	}
	return bodyFull, packFull(body)
}

// versionRow is what a read needs of a stored version.
type versionRow struct {
	number int
	kind   string
	data   []byte
	sum    string
}

// rebuild gives the text of a version from its own stored row, taking
// the text before it (for a delta) from the cache or the database, and
// checks it against the version's checksum. The version's own bytes are
// always read and checked, so damage to them is always reported.
func (s *Store) rebuild(ctx context.Context, q querier, id int64, v versionRow) (string, error) {
	var text string
	var err error
	switch v.kind {
	case bodyFull:
		text, err = unpackFull(v.data)
	case bodyDelta:
		var base string
		if base, err = s.versionText(ctx, q, id, v.number-1); err == nil {
			text, err = applyDelta(base, v.data)
		}
	default:
		err = errBadBody
	}
	if err != nil {
		return "", err
	}
	if sumHex(text) != v.sum {
		return "", errBadBody
	}
	s.texts.put(id, v.number, text)
	return text, nil
}

// versionText gives the verified text of version n of report id: from the
// cache, or rebuilt from the last whole text at or before n and the
// deltas after it (at most snapshotEvery-1 of them).
func (s *Store) versionText(ctx context.Context, q querier, id int64, n int) (string, error) {
	if t, ok := s.texts.get(id, n); ok {
		return t, nil
	}
	rows, err := s.query(ctx, q, `SELECT number, body_kind, body_data, body_sha256 FROM report_versions
WHERE report_id = ? AND number <= ? AND number >= COALESCE((SELECT MAX(number) FROM report_versions
  WHERE report_id = ? AND number <= ? AND body_kind = 'full'), 1)
ORDER BY number`, id, n, id, n)
	if err != nil {
		return "", err
	}
	var chain []versionRow
	for rows.Next() {
		var v versionRow
		if err := rows.Scan(&v.number, &v.kind, &v.data, &v.sum); err != nil {
			rows.Close()
			return "", err
		}
		chain = append(chain, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(chain) == 0 || chain[0].kind != bodyFull || chain[len(chain)-1].number != n || chain[0].number+len(chain)-1 != n {
		return "", errBadBody
	}
	text, err := unpackFull(chain[0].data)
	for _, v := range chain[1:] {
		if err != nil {
			break
		}
		if v.kind != bodyDelta {
			err = errBadBody
			break
		}
		text, err = applyDelta(text, v.data)
	}
	if err != nil {
		return "", err
	}
	if sumHex(text) != chain[len(chain)-1].sum {
		return "", errBadBody
	}
	s.texts.put(id, n, text)
	return text, nil
}

// corrupt is the message for a version whose stored text cannot be
// rebuilt or does not match its checksum; database errors pass through.
func corrupt(err error, k juesuan.ReportKey, version int) error {
	if errors.Is(err, errBadBody) {
		return juesuan.Errorf(juesuan.EINTERNAL, "报表 %s 第 %d 版的存储内容校验失败（数据已损坏）", keyString(k), version)
	}
	return err
}

// putFacts stores a facts JSON once per content and returns its key.
func putFacts(ctx context.Context, tx *txn, facts string) (string, error) {
	sum := sumHex(facts)
	_, err := tx.exec(ctx, `INSERT INTO facts_texts(sha256, facts) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING`, sum, facts)
	return sum, err
}

// openCells are the cells of report id's current version (its open rows).
func (s *Store) openCells(ctx context.Context, q querier, id int64) (map[juesuan.CellRef]juesuan.Amount, error) {
	rows, err := s.query(ctx, q, `SELECT tbl, row_key, col_key, amount FROM cells WHERE report_id = ? AND to_number IS NULL`, id)
	if err != nil {
		return nil, err
	}
	return scanCells(rows)
}

// writeCells stores the cells of version number of report id, whose
// previous version's cells are old: the rows of cells whose value changed
// or that became blank are closed, the new values inserted. A first
// version inserts them all.
func (s *Store) writeCells(ctx context.Context, tx *txn, id int64, number int, enc *encoded, old map[juesuan.CellRef]juesuan.Amount) error {
	stored := make(map[juesuan.CellRef]bool, len(enc.cells))
	var closed, added []juesuan.CellRef
	for _, c := range enc.cells {
		stored[c] = true
		if v, ok := old[c]; !ok || v != enc.values[c] {
			added = append(added, c)
		}
	}
	for c, v := range old {
		if !stored[c] || enc.values[c] != v {
			closed = append(closed, c)
		}
	}
	for i := 0; i < len(closed); i += cellBatch {
		part := closed[i:min(i+cellBatch, len(closed))]
		var q strings.Builder
		q.WriteString(`UPDATE cells SET to_number = ? WHERE report_id = ? AND to_number IS NULL AND (tbl, row_key, col_key) IN (VALUES `)
		args := make([]any, 0, 2+3*len(part))
		args = append(args, number, id)
		for j, c := range part {
			if j > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(CAST(? AS INTEGER), ?, ?)")
			args = append(args, c.Table, c.Row, c.Col)
		}
		q.WriteString(")")
		res, err := tx.exec(ctx, q.String(), args...)
		if err != nil {
			return fmt.Errorf("写入单元格失败: %w", err)
		}
		if n, err := res.RowsAffected(); err == nil && n != int64(len(part)) {
			return fmt.Errorf("写入单元格失败: 应结束 %d 个单元格的取值，实际 %d 个", len(part), n)
		}
	}
	for i := 0; i < len(added); i += cellBatch {
		part := added[i:min(i+cellBatch, len(added))]
		var q strings.Builder
		q.WriteString(`INSERT INTO cells(report_id, tbl, row_key, col_key, amount, from_number) VALUES `)
		args := make([]any, 0, 6*len(part))
		for j, c := range part {
			if j > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?)")
			args = append(args, id, c.Table, c.Row, c.Col, int64(enc.values[c]), number)
		}
		if _, err := tx.exec(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("写入单元格失败: %w", err)
		}
	}
	return nil
}

// convertVersionBodies is migration 0005's conversion: each version's
// whole text becomes a delta or a compressed whole text, its facts JSON
// a row of facts_texts. Texts are kept as stored, damaged or not, so a
// version that failed its checksum before still fails it after; a damaged
// text is stored whole and the next version too, so that the damage stays
// confined to its version as before (a delta is read against a text that
// matches its checksum).
func convertVersionBodies(ctx context.Context, tx *txn) error {
	rows, err := tx.query(ctx, `SELECT id FROM reports ORDER BY id`)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	type old struct {
		vid              int64
		number           int
		body, facts, sum string
	}
	for _, id := range ids {
		prev, prevNumber, prevSound := "", 0, false
		for {
			rows, err := tx.query(ctx, `SELECT id, number, body, facts, body_sha256 FROM report_versions WHERE report_id = ? AND number > ? ORDER BY number LIMIT 64`, id, prevNumber)
			if err != nil {
				return err
			}
			var chunk []old
			for rows.Next() {
				var o old
				if err := rows.Scan(&o.vid, &o.number, &o.body, &o.facts, &o.sum); err != nil {
					rows.Close()
					return err
				}
				chunk = append(chunk, o)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(chunk) == 0 {
				break
			}
			for _, o := range chunk {
				sound := sumHex(o.body) == o.sum
				kind, data := packBody(o.number, prev, sound && prevSound && o.number == prevNumber+1, o.body)
				fsum, err := putFacts(ctx, tx, o.facts)
				if err != nil {
					return err
				}
				if _, err := tx.exec(ctx, `UPDATE report_versions SET body_kind = ?, body_data = ?, facts_sha256 = ? WHERE id = ?`, kind, data, fsum, o.vid); err != nil {
					return err
				}
				prev, prevNumber, prevSound = o.body, o.number, sound
			}
		}
	}
	return nil
}
