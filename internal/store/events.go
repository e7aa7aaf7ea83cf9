package store

import "context"

// Record appends an event that changes no other table (a login, a failed
// login, a logout) to the audit log.
func (s *Store) Record(ctx context.Context, actor, action, target, detail string) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO audit_log(at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
		s.stamp(), actor, action, target, detail)
	return err
}
