package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/juesuan/juesuan"
)

// CreateUser adds a user with an argon2id password hash (see HashPassword).
func (s *Store) CreateUser(ctx context.Context, name, passwordHash, actor string) (*juesuan.User, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, juesuan.Errorf(juesuan.EINVALID, "用户名不能为空")
	}
	u := &juesuan.User{Name: name}
	err := s.inTx(ctx, func(tx *txn) error {
		err := tx.queryRow(ctx, `INSERT INTO users(name, password_hash, created_at) VALUES (?, ?, ?) RETURNING id`, name, passwordHash, s.stamp()).Scan(&u.ID)
		if isUniqueViolation(err) {
			return juesuan.Errorf(juesuan.ECONFLICT, "用户 %s 已存在", name)
		} else if err != nil {
			return err
		}
		return tx.log(ctx, actor, "user.create", "user/"+name, "")
	})
	return u, err
}

// SetPassword replaces a user's password hash and, in the same
// transaction, ends every session and revokes every API token of the user:
// a reset password locks out whoever knew the old one.
func (s *Store) SetPassword(ctx context.Context, name, passwordHash, actor string) error {
	return s.inTx(ctx, func(tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE users SET password_hash = ? WHERE name = ?`, passwordHash, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return juesuan.Errorf(juesuan.ENOTFOUND, "用户 %s 不存在", name)
		}
		sessions, tokens, err := endAccess(ctx, tx, name)
		if err != nil {
			return err
		}
		return tx.log(ctx, actor, "user.passwd", "user/"+name, fmt.Sprintf("结束 %d 个会话，撤销 %d 个令牌", sessions, tokens))
	})
}

// endAccess deletes a user's sessions and API tokens.
func endAccess(ctx context.Context, tx *txn, name string) (sessions, tokens int64, err error) {
	res, err := tx.exec(ctx, `DELETE FROM web_sessions WHERE user_name = ?`, name)
	if err != nil {
		return 0, 0, err
	}
	sessions, _ = res.RowsAffected()
	res, err = tx.exec(ctx, `DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM users WHERE name = ?)`, name)
	if err != nil {
		return 0, 0, err
	}
	tokens, _ = res.RowsAffected()
	return sessions, tokens, nil
}

// RevokeTokens revokes every API token of a user and returns how many.
func (s *Store) RevokeTokens(ctx context.Context, name, actor string) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *txn) error {
		var id int64
		if err := tx.queryRow(ctx, `SELECT id FROM users WHERE name = ?`, name).Scan(&id); err != nil {
			return notFound(err, "用户 %s 不存在", name)
		}
		res, err := tx.exec(ctx, `DELETE FROM api_tokens WHERE user_id = ?`, id)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return tx.log(ctx, actor, "token.revoke", "user/"+name, fmt.Sprintf("撤销 %d 个令牌", n))
	})
	return int(n), err
}

// Grant gives a user a role on a unit subtree.
func (s *Store) Grant(ctx context.Context, name string, role juesuan.Role, unit, actor string) error {
	if !juesuan.ValidRole(role) {
		return juesuan.Errorf(juesuan.EINVALID, "角色 %q 无效（应为 填报人、审核人 或 管理员）", role)
	}
	return s.inTx(ctx, func(tx *txn) error {
		var id int64
		if err := tx.queryRow(ctx, `SELECT id FROM users WHERE name = ?`, name).Scan(&id); err != nil {
			return notFound(err, "用户 %s 不存在", name)
		}
		if _, err := s.unit(ctx, tx.tx, unit); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM grants WHERE user_id = ? AND role = ? AND unit = ?`, id, string(role), unit).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.exec(ctx, `INSERT INTO grants(user_id, role, unit) VALUES (?, ?, ?)`, id, string(role), unit); err != nil {
			return err
		}
		return tx.log(ctx, actor, "user.grant", "user/"+name, string(role)+" @ "+unit)
	})
}

// User returns a user with its grants.
func (s *Store) User(ctx context.Context, name string) (*juesuan.User, error) {
	u := &juesuan.User{Name: name}
	if err := s.queryRow(ctx, s.db, `SELECT id FROM users WHERE name = ?`, name).Scan(&u.ID); err != nil {
		return nil, notFound(err, "用户 %s 不存在", name)
	}
	return u, s.loadGrants(ctx, u)
}

func (s *Store) loadGrants(ctx context.Context, u *juesuan.User) error {
	rows, err := s.query(ctx, s.db, `SELECT role, unit FROM grants WHERE user_id = ? ORDER BY unit, role`, u.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var g juesuan.Grant
		var role string
		if err := rows.Scan(&role, &g.Unit); err != nil {
			return err
		}
		g.Role = juesuan.Role(role)
		u.Grants = append(u.Grants, g)
	}
	return rows.Err()
}

// Authenticate checks a user's password.
func (s *Store) Authenticate(ctx context.Context, name, password string) (*juesuan.User, error) {
	var hash string
	err := s.queryRow(ctx, s.db, `SELECT password_hash FROM users WHERE name = ?`, name).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		// An unknown name costs the same hash as a known one, so the
		// answer time does not tell which names exist.
		VerifyPassword(dummyHash(), password)
		return nil, juesuan.Errorf(juesuan.EUNAUTHORIZED, "用户名或密码不正确")
	}
	if err != nil {
		// The database is unreachable: not a wrong password.
		return nil, fmt.Errorf("无法读取用户: %w", err)
	}
	if !VerifyPassword(hash, password) {
		return nil, juesuan.Errorf(juesuan.EUNAUTHORIZED, "用户名或密码不正确")
	}
	return s.User(ctx, name)
}

func tokenHash(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// CreateToken issues an API token for a user. Only its SHA-256 is kept, so
// the token is shown once.
func (s *Store) CreateToken(ctx context.Context, name, label, actor string) (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	tok := "jst_" + hex.EncodeToString(b)
	err := s.inTx(ctx, func(tx *txn) error {
		var id int64
		if err := tx.queryRow(ctx, `SELECT id FROM users WHERE name = ?`, name).Scan(&id); err != nil {
			return notFound(err, "用户 %s 不存在", name)
		}
		exp := s.Now().Add(juesuan.APITokenTTL).UTC().Format(time.RFC3339Nano)
		if _, err := tx.exec(ctx, `INSERT INTO api_tokens(token_sha256, user_id, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`, tokenHash(tok), id, label, s.stamp(), exp); err != nil {
			return err
		}
		return tx.log(ctx, actor, "token.create", "user/"+name, label)
	})
	return tok, err
}

// UserByToken returns the user an API token belongs to, if the token has
// not expired (juesuan.APITokenTTL after it was issued) or been revoked.
func (s *Store) UserByToken(ctx context.Context, tok string) (*juesuan.User, error) {
	var name, created, expires string
	err := s.queryRow(ctx, s.db, `SELECT u.name, t.created_at, t.expires_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = ?`, tokenHash(tok)).Scan(&name, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, juesuan.Errorf(juesuan.EUNAUTHORIZED, "令牌无效或已撤销")
	} else if err != nil {
		return nil, fmt.Errorf("无法读取令牌: %w", err)
	}
	exp := parseStamp(expires)
	if expires == "" { // issued before tokens expired
		exp = parseStamp(created).Add(juesuan.APITokenTTL)
	}
	if !s.Now().Before(exp) {
		return nil, juesuan.Errorf(juesuan.EUNAUTHORIZED, "令牌已于 %s 过期，请重新签发（juesuan user token）", exp.Format("2006-01-02"))
	}
	return s.User(ctx, name)
}
