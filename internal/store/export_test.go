package store

import (
	"context"

	"github.com/juesuan/juesuan"
)

// SetMigrateHook lets the crash tests stop a migration mid-transaction.
func SetMigrateHook(f func(Migration)) { migrateHook = f }

// MigrateTo applies the migrations up to number n only, to make a
// database as an older version of the program left it.
func (s *Store) MigrateTo(ctx context.Context, n int) error {
	_, err := s.migrate(ctx, n)
	return err
}

// SaveV4 saves a version as the schema of migration 0004 stored it (the
// whole text, the facts JSON and every cell of every version), for the
// test of migration 0005. It returns the stored text.
func (s *Store) SaveV4(ctx context.Context, k juesuan.ReportKey, r *juesuan.Report, author, reason string) (string, error) {
	if err := checkKey(&k); err != nil {
		return "", err
	}
	enc, err := s.encode(r)
	if err != nil {
		return "", err
	}
	return enc.body, s.inTx(ctx, func(tx *txn) error {
		now := s.stamp()
		if err := s.ensureYear(ctx, tx, k.Year, r.Template); err != nil {
			return err
		}
		var id int64
		var number int
		err := tx.queryRow(ctx, `SELECT id, current_number FROM reports WHERE unit = ? AND year = ? AND scope = ?`, k.Unit, k.Year, string(k.Scope)).Scan(&id, &number)
		if err != nil {
			if err = tx.queryRow(ctx, `INSERT INTO reports(unit, year, scope, current_number, state, updated_at) VALUES (?, ?, ?, 0, ?, ?) RETURNING id`,
				k.Unit, k.Year, string(k.Scope), string(juesuan.StateDraft), now).Scan(&id); err != nil {
				return err
			}
		}
		number++
		var vid int64
		if err := tx.queryRow(ctx, `INSERT INTO report_versions(report_id, number, author, reason, created_at, body, facts, body_sha256, cell_count)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, id, number, author, reason, now, enc.body, enc.facts, enc.sum, len(enc.cells)).Scan(&vid); err != nil {
			return err
		}
		for _, c := range enc.cells {
			if _, err := tx.exec(ctx, `INSERT INTO cells(version_id, tbl, row_key, col_key, amount) VALUES (?, ?, ?, ?, ?)`, vid, c.Table, c.Row, c.Col, int64(enc.values[c])); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `UPDATE reports SET current_number = ?, current_version = ? WHERE id = ?`, number, vid, id); err != nil {
			return err
		}
		return tx.log(ctx, author, "report.save", "report/"+keyString(k), reason)
	})
}

// GroupExec runs statements as one save of a group commit (inGroupTx);
// the statement "FAIL" makes the save return an error there.
func (s *Store) GroupExec(ctx context.Context, stmts ...string) error {
	return s.inGroupTx(ctx, func(ctx context.Context, tx *txn) error {
		for _, q := range stmts {
			if q == "FAIL" {
				return juesuan.Errorf(juesuan.EINVALID, "refused")
			}
			if _, err := tx.tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// HoldWrites takes the write slot, so that saves queue behind it, and
// returns how to give it back.
func (s *Store) HoldWrites() func() {
	s.wsem <- struct{}{}
	return func() { <-s.wsem }
}

// Queued is how many saves wait for a group commit.
func (s *Store) Queued() int {
	s.group.mu.Lock()
	defer s.group.mu.Unlock()
	return len(s.group.jobs)
}

// SetGroupHook is called with the size of each group committed.
func SetGroupHook(f func(n int)) { groupHook = f }

// Exec runs a statement through the store's helper (prepared on SQLite),
// on the pool or, with inTx, in a write transaction.
func (s *Store) Exec(ctx context.Context, inTx bool, q string, args ...any) error {
	if !inTx {
		_, err := s.exec(ctx, s.db, q, args...)
		return err
	}
	return s.inTx(ctx, func(tx *txn) error {
		_, err := tx.exec(ctx, q, args...)
		return err
	})
}

// PreparedCount is how many statement texts are kept prepared.
func (s *Store) PreparedCount() int {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	return len(s.stmts.m)
}
