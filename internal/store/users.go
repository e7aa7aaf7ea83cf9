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

// SetPassword replaces a user's password hash.
func (s *Store) SetPassword(ctx context.Context, name, passwordHash, actor string) error {
	return s.inTx(ctx, func(tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE users SET password_hash = ? WHERE name = ?`, passwordHash, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return juesuan.Errorf(juesuan.ENOTFOUND, "用户 %s 不存在", name)
		}
		return tx.log(ctx, actor, "user.passwd", "user/"+name, "")
	})
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
		if _, err := tx.exec(ctx, `INSERT INTO api_tokens(token_sha256, user_id, label, created_at) VALUES (?, ?, ?, ?)`, tokenHash(tok), id, label, s.stamp()); err != nil {
			return err
		}
		return tx.log(ctx, actor, "token.create", "user/"+name, label)
	})
	return tok, err
}

// UserByToken returns the user an API token belongs to.
func (s *Store) UserByToken(ctx context.Context, tok string) (*juesuan.User, error) {
	var name string
	err := s.queryRow(ctx, s.db, `SELECT u.name FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = ?`, tokenHash(tok)).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, juesuan.Errorf(juesuan.EUNAUTHORIZED, "令牌无效")
	} else if err != nil {
		return nil, fmt.Errorf("无法读取令牌: %w", err)
	}
	return s.User(ctx, name)
}
