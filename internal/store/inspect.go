package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"time"

	"github.com/juesuan/juesuan"
)

// EnsureInspectSchema makes sure the 公开检查 tables exist: they are
// migration 0004 (inspect_batches, inspect_docs, inspect_marks).
func (s *Store) EnsureInspectSchema(ctx context.Context) error {
	_, err := s.Migrate(ctx)
	return err
}

// InspectBatch is one upload of published documents.
type InspectBatch struct {
	ID        string
	Year      int
	Author    string
	CreatedAt time.Time
	Total     int
	Done      int
	State     string // 检查中, 已完成, 已中断 (the server stopped during the check)
}

// CreateInspectBatch records a new batch.
func (s *Store) CreateInspectBatch(ctx context.Context, b *InspectBatch) error {
	b.CreatedAt = s.Now().UTC()
	_, err := s.exec(ctx, s.db, `INSERT INTO inspect_batches (id, year, author, created_at, total, done, state) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		b.ID, b.Year, b.Author, b.CreatedAt.Format(time.RFC3339Nano), b.Total, b.Done, b.State)
	return err
}

// SetInspectProgress records how many documents of a batch are done.
func (s *Store) SetInspectProgress(ctx context.Context, id string, done, year int, state string) error {
	_, err := s.exec(ctx, s.db, `UPDATE inspect_batches SET done = ?, year = ?, state = ? WHERE id = ?`, done, year, state, id)
	return err
}

// InspectBatch returns a batch, or ENOTFOUND.
func (s *Store) InspectBatch(ctx context.Context, id string) (*InspectBatch, error) {
	var b InspectBatch
	var at string
	err := s.queryRow(ctx, s.db, `SELECT id, year, author, created_at, total, done, state FROM inspect_batches WHERE id = ?`, id).
		Scan(&b.ID, &b.Year, &b.Author, &at, &b.Total, &b.Done, &b.State)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, juesuan.Errorf(juesuan.ENOTFOUND, "检查批次 %s 不存在", id)
	}
	if err != nil {
		return nil, err
	}
	b.CreatedAt = parseStamp(at)
	return &b, nil
}

// InspectBatches lists the batches, newest first.
func (s *Store) InspectBatches(ctx context.Context) ([]*InspectBatch, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, year, author, created_at, total, done, state FROM inspect_batches ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*InspectBatch
	for rows.Next() {
		var b InspectBatch
		var at string
		if err := rows.Scan(&b.ID, &b.Year, &b.Author, &at, &b.Total, &b.Done, &b.State); err != nil {
			return nil, err
		}
		b.CreatedAt = parseStamp(at)
		out = append(out, &b)
	}
	return out, rows.Err()
}

// InspectDoc is one document of a batch: its result as JSON (the
// internal/inspect Document) and, for a PDF, its content.
type InspectDoc struct {
	Batch  string
	Seq    int
	File   string
	Unit   string // the matched unit's code ("" when none)
	Match  string
	Year   int
	Result []byte
	Data   []byte
}

// SaveInspectDoc stores (or replaces) a document's result.
func (s *Store) SaveInspectDoc(ctx context.Context, d *InspectDoc) error {
	return s.inspectTx(ctx, func(q querier) error {
		if _, err := s.exec(ctx, q, `DELETE FROM inspect_docs WHERE batch_id = ? AND seq = ?`, d.Batch, d.Seq); err != nil {
			return err
		}
		_, err := s.exec(ctx, q, `INSERT INTO inspect_docs (batch_id, seq, file, unit, match_state, year, result, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			d.Batch, d.Seq, d.File, d.Unit, d.Match, d.Year, string(d.Result), base64.StdEncoding.EncodeToString(d.Data))
		return err
	})
}

// SetInspectDocUnit records the unit a reviewer confirmed for a document.
func (s *Store) SetInspectDocUnit(ctx context.Context, batch string, seq int, unit, match string, result []byte) error {
	_, err := s.exec(ctx, s.db, `UPDATE inspect_docs SET unit = ?, match_state = ?, result = ? WHERE batch_id = ? AND seq = ?`, unit, match, string(result), batch, seq)
	return err
}

// InspectDocs lists a batch's documents in order, without their content.
func (s *Store) InspectDocs(ctx context.Context, batch string) ([]*InspectDoc, error) {
	return s.inspectDocs(ctx, `SELECT batch_id, seq, file, unit, match_state, year, result FROM inspect_docs WHERE batch_id = ? ORDER BY seq`, batch)
}

// InspectDocsOfUnit lists the documents of a unit and year, oldest batch
// first: the re-checks of its report.
func (s *Store) InspectDocsOfUnit(ctx context.Context, unit string, year int) ([]*InspectDoc, error) {
	return s.inspectDocs(ctx, `SELECT d.batch_id, d.seq, d.file, d.unit, d.match_state, d.year, d.result FROM inspect_docs d
JOIN inspect_batches b ON b.id = d.batch_id WHERE d.unit = ? AND d.year = ? ORDER BY b.created_at, d.batch_id, d.seq`, unit, year)
}

func (s *Store) inspectDocs(ctx context.Context, q string, args ...any) ([]*InspectDoc, error) {
	rows, err := s.query(ctx, s.db, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*InspectDoc
	for rows.Next() {
		var d InspectDoc
		var res string
		if err := rows.Scan(&d.Batch, &d.Seq, &d.File, &d.Unit, &d.Match, &d.Year, &res); err != nil {
			return nil, err
		}
		d.Result = []byte(res)
		out = append(out, &d)
	}
	return out, rows.Err()
}

// InspectDocData returns a document's content.
func (s *Store) InspectDocData(ctx context.Context, batch string, seq int) ([]byte, error) {
	var v string
	err := s.queryRow(ctx, s.db, `SELECT data FROM inspect_docs WHERE batch_id = ? AND seq = ?`, batch, seq).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, juesuan.Errorf(juesuan.ENOTFOUND, "文件不存在")
	}
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(v)
}

// InspectMark is a reviewer's mark on a finding: 已确认, 误报 or 已整改,
// with who and when. Marks belong to the unit and year, so they carry
// over to a re-check of the same report.
type InspectMark struct {
	Unit    string
	Year    int
	Finding string
	Status  string
	Author  string
	At      time.Time
}

// MarkInspectFinding records (or replaces) a mark.
func (s *Store) MarkInspectFinding(ctx context.Context, m *InspectMark) error {
	m.At = s.Now().UTC()
	return s.inspectTx(ctx, func(q querier) error {
		if _, err := s.exec(ctx, q, `DELETE FROM inspect_marks WHERE unit = ? AND year = ? AND finding_id = ?`, m.Unit, m.Year, m.Finding); err != nil {
			return err
		}
		_, err := s.exec(ctx, q, `INSERT INTO inspect_marks (unit, year, finding_id, status, author, at) VALUES (?, ?, ?, ?, ?, ?)`,
			m.Unit, m.Year, m.Finding, m.Status, m.Author, m.At.Format(time.RFC3339Nano))
		return err
	})
}

// InspectMarks returns the marks of a unit's findings for a year, by
// finding id.
func (s *Store) InspectMarks(ctx context.Context, unit string, year int) (map[string]*InspectMark, error) {
	rows, err := s.query(ctx, s.db, `SELECT unit, year, finding_id, status, author, at FROM inspect_marks WHERE unit = ? AND year = ?`, unit, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*InspectMark{}
	for rows.Next() {
		var m InspectMark
		var at string
		if err := rows.Scan(&m.Unit, &m.Year, &m.Finding, &m.Status, &m.Author, &at); err != nil {
			return nil, err
		}
		m.At = parseStamp(at)
		out[m.Finding] = &m
	}
	return out, rows.Err()
}

func (s *Store) inspectTx(ctx context.Context, f func(q querier) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// InterruptInspectBatches marks the batches still being checked as
// interrupted: at start-up no batch is running, so those were cut short
// by a stop of the server.
func (s *Store) InterruptInspectBatches(ctx context.Context) error {
	_, err := s.exec(ctx, s.db, `UPDATE inspect_batches SET state = ? WHERE state = ?`, "已中断", "检查中")
	return err
}
