package store

import (
	"context"

	"github.com/juesuan/juesuan"
)

// Users returns every user with its grants, ordered by name. Password
// hashes and tokens are never read here.
func (s *Store) Users(ctx context.Context) ([]*juesuan.User, error) {
	rows, err := s.query(ctx, s.db, `SELECT u.id, u.name, COALESCE(g.role, ''), COALESCE(g.unit, '')
FROM users u LEFT JOIN grants g ON g.user_id = u.id ORDER BY u.name, g.unit, g.role`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*juesuan.User
	for rows.Next() {
		var id int64
		var name, role, unit string
		if err := rows.Scan(&id, &name, &role, &unit); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, &juesuan.User{ID: id, Name: name})
		}
		if role != "" {
			u := out[len(out)-1]
			u.Grants = append(u.Grants, juesuan.Grant{Role: juesuan.Role(role), Unit: unit})
		}
	}
	return out, rows.Err()
}

// Revoke takes a role on a unit subtree away from a user.
func (s *Store) Revoke(ctx context.Context, name string, role juesuan.Role, unit, actor string) error {
	return s.inTx(ctx, func(tx *txn) error {
		var id int64
		if err := tx.queryRow(ctx, `SELECT id FROM users WHERE name = ?`, name).Scan(&id); err != nil {
			return notFound(err, "用户 %s 不存在", name)
		}
		res, err := tx.exec(ctx, `DELETE FROM grants WHERE user_id = ? AND role = ? AND unit = ?`, id, string(role), unit)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return juesuan.Errorf(juesuan.ENOTFOUND, "用户 %s 没有 %s @ %s 的授权", name, role, unit)
		}
		return tx.log(ctx, actor, "user.revoke", "user/"+name, string(role)+" @ "+unit)
	})
}
