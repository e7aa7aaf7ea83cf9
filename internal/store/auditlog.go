package store

import (
	"context"

	"github.com/juesuan/juesuan"
)

// AuditLog returns the newest entries of the append-only log of changes
// (limit ≤ 0: all), newest first. The log has no update or delete: the
// schema's triggers refuse both.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]*juesuan.AuditEntry, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	rows, err := s.query(ctx, s.db, `SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*juesuan.AuditEntry
	for rows.Next() {
		e := &juesuan.AuditEntry{}
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, err
		}
		e.At = parseStamp(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
