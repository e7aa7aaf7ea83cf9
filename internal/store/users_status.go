package store

import (
	"context"
	"strings"
)

// disabledMark prefixes the password hash of a deactivated user: no
// password verifies against it, and restoring the user removes it, so the
// old password works again. The user row, its grants and everything it
// did (versions, review steps, the audit log) stay.
const disabledMark = "disabled$"

// SetUserActive deactivates (停用) or restores a user. Deactivating also
// revokes the user's API tokens and ends its web sessions.
func (s *Store) SetUserActive(ctx context.Context, name string, active bool, actor string) error {
	err := s.inTx(ctx, func(tx *txn) error {
		var id int64
		var hash string
		if err := tx.queryRow(ctx, `SELECT id, password_hash FROM users WHERE name = ?`, name).Scan(&id, &hash); err != nil {
			return notFound(err, "用户 %s 不存在", name)
		}
		disabled := strings.HasPrefix(hash, disabledMark)
		switch {
		case active && disabled:
			hash = strings.TrimPrefix(hash, disabledMark)
		case !active && !disabled:
			hash = disabledMark + hash
			if _, err := tx.exec(ctx, `DELETE FROM api_tokens WHERE user_id = ?`, id); err != nil {
				return err
			}
		default:
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id); err != nil {
			return err
		}
		action := "user.enable"
		if !active {
			action = "user.disable"
		}
		return tx.log(ctx, actor, action, "user/"+name, "")
	})
	if err == nil && !active {
		// The sessions table belongs to the workbench's schema; a store
		// used without it has no sessions to end.
		s.exec(ctx, s.db, `DELETE FROM web_sessions WHERE user_name = ?`, name)
	}
	return err
}

// DisabledUsers returns the names of the deactivated users.
func (s *Store) DisabledUsers(ctx context.Context) (map[string]bool, error) {
	rows, err := s.query(ctx, s.db, `SELECT name FROM users WHERE password_hash LIKE 'disabled$%'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}
