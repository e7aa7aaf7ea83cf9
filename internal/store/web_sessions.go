package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/juesuan/juesuan"
)

// CreateSession stores a web session for a user; only the token's SHA-256
// is kept, so a copy of the database does not hand out live sessions.
func (s *Store) CreateSession(ctx context.Context, token, user string, expires time.Time) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO web_sessions(token_sha256, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		tokenHash(token), user, s.stamp(), expires.UTC().Format(time.RFC3339Nano))
	return err
}

// SessionUser returns the user of a session that has not expired at now.
func (s *Store) SessionUser(ctx context.Context, token string, now time.Time) (*juesuan.User, error) {
	// One query for the session, its user and the user's grants: every
	// request of a signed-in user asks.
	rows, err := s.query(ctx, s.db, `SELECT s.user_name, s.expires_at, u.id, g.role, g.unit
FROM web_sessions s LEFT JOIN users u ON u.name = s.user_name LEFT JOIN grants g ON g.user_id = u.id
WHERE s.token_sha256 = ? ORDER BY g.unit, g.role`, tokenHash(token))
	if err != nil {
		// The database is unreachable: the session may well be valid,
		// and must not be thrown away.
		return nil, fmt.Errorf("无法读取会话: %w", err)
	}
	defer rows.Close()
	var (
		u     *juesuan.User
		exp   string
		found bool
	)
	for rows.Next() {
		var (
			name       string
			id         sql.NullInt64
			role, unit sql.NullString
		)
		if err := rows.Scan(&name, &exp, &id, &role, &unit); err != nil {
			return nil, fmt.Errorf("无法读取会话: %w", err)
		}
		if !found {
			found = true
			if !id.Valid {
				return nil, juesuan.Errorf(juesuan.ENOTFOUND, "用户 %s 不存在", name)
			}
			u = &juesuan.User{Name: name, ID: id.Int64}
		}
		if role.Valid {
			u.Grants = append(u.Grants, juesuan.Grant{Role: juesuan.Role(role.String), Unit: unit.String})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("无法读取会话: %w", err)
	}
	if !found {
		return nil, juesuan.Errorf(juesuan.EUNAUTHORIZED, "会话无效或已过期，请重新登录")
	}
	if !now.Before(parseStamp(exp)) {
		rows.Close()
		s.DeleteSession(ctx, token)
		return nil, juesuan.Errorf(juesuan.EUNAUTHORIZED, "会话已过期，请重新登录")
	}
	return u, nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	_, err := s.exec(ctx, s.db, `DELETE FROM web_sessions WHERE token_sha256 = ?`, tokenHash(token))
	return err
}

// DeleteExpiredSessions removes sessions that expired before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := s.exec(ctx, s.db, `DELETE FROM web_sessions WHERE expires_at < ?`, now.UTC().Format(time.RFC3339Nano))
	return err
}

// addrKey is the row of an address as a whole in web_login_failures.
const addrKey = ""

// LoginLockedUntil returns when a login is refused until, if it is at now:
// the address as a whole (too many failures from it, whatever the names)
// or this name from this address. One address never locks a name for
// another address.
func (s *Store) LoginLockedUntil(ctx context.Context, user, addr string, now time.Time) (time.Time, bool, error) {
	user = juesuan.TruncateName(user)
	rows, err := s.query(ctx, s.db, `SELECT locked_until FROM web_login_failures WHERE addr = ? AND user_name IN (?, ?)`, addr, addrKey, user)
	if err != nil {
		return time.Time{}, false, err
	}
	defer rows.Close()
	var until time.Time
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return time.Time{}, false, err
		}
		if t := parseStamp(u); t.After(until) {
			until = t
		}
	}
	if err := rows.Err(); err != nil {
		return time.Time{}, false, err
	}
	return until, now.Before(until), nil
}

// LoginLimits bounds failed logins: Max in a row for one name from one
// address, PerAddr from one address in all, within Window; either locks
// for Window.
type LoginLimits struct {
	Max, PerAddr int
	Window       time.Duration
}

// RecordLoginFailure counts a wrong password for a name (truncated to
// juesuan.MaxUserNameBytes) from an address. It returns whether the name or
// the address is now locked. Rows older than the window are removed, so an
// attacker leaves at most PerAddr rows per address per window.
func (s *Store) RecordLoginFailure(ctx context.Context, user, addr string, now time.Time, lim LoginLimits) (locked bool, err error) {
	user = juesuan.TruncateName(user)
	cutoff := now.Add(-lim.Window).UTC().Format(time.RFC3339Nano)
	stamp := now.UTC().Format(time.RFC3339Nano)
	err = s.inTx(ctx, func(tx *txn) error {
		if _, err := tx.exec(ctx, `DELETE FROM web_login_failures WHERE first_at < ? AND locked_until < ?`, cutoff, stamp); err != nil {
			return err
		}
		for _, k := range []struct {
			name string
			max  int
		}{{user, lim.Max}, {addrKey, lim.PerAddr}} {
			var n int
			var first string
			err := tx.queryRow(ctx, `SELECT failures, first_at FROM web_login_failures WHERE addr = ? AND user_name = ?`, addr, k.name).Scan(&n, &first)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if err != nil || first < cutoff {
				n, first = 0, stamp
			}
			n++
			until := ""
			if n >= k.max {
				locked, n = true, 0
				until = now.Add(lim.Window).UTC().Format(time.RFC3339Nano)
			}
			if _, err := tx.exec(ctx, `INSERT INTO web_login_failures(addr, user_name, failures, first_at, locked_until) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (addr, user_name) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at, locked_until = excluded.locked_until`, addr, k.name, n, first, until); err != nil {
				return err
			}
			if until != "" {
				target, what := "user/"+user, "连续输错密码，该用户从地址 "+addr+" 的登录已锁定至 "+until
				if k.name == addrKey {
					target, what = "addr/"+addr, "该地址登录失败过多，已锁定至 "+until
				}
				if err := tx.log(ctx, user, "user.lock", target, what); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return locked, err
}

// ResetLoginFailures clears a name's count from an address after a
// successful login.
func (s *Store) ResetLoginFailures(ctx context.Context, user, addr string) error {
	_, err := s.exec(ctx, s.db, `DELETE FROM web_login_failures WHERE addr = ? AND user_name = ?`, addr, juesuan.TruncateName(user))
	return err
}

// Explanation is the 出错说明 given for one finding of a report.
type Explanation struct {
	Text   string
	Author string
	At     time.Time
}

// SetExplanation records (or, with empty text, withdraws) the 出错说明 of a
// finding, identified by key (rule and cells), in the audit log too.
func (s *Store) SetExplanation(ctx context.Context, k juesuan.ReportKey, key, text, author string) error {
	if err := checkKey(&k); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *txn) error {
		var err error
		if text == "" {
			_, err = tx.exec(ctx, `DELETE FROM web_explanations WHERE unit = ? AND year = ? AND scope = ? AND finding_key = ?`,
				k.Unit, k.Year, string(k.Scope), key)
		} else {
			_, err = tx.exec(ctx, `INSERT INTO web_explanations(unit, year, scope, finding_key, text, author, at) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (unit, year, scope, finding_key) DO UPDATE SET text = excluded.text, author = excluded.author, at = excluded.at`,
				k.Unit, k.Year, string(k.Scope), key, text, author, s.stamp())
		}
		if err != nil {
			return err
		}
		return tx.log(ctx, author, "report.explain", "report/"+keyString(k), key+"："+text)
	})
}

// Explanations returns the 出错说明 of a report by finding key.
func (s *Store) Explanations(ctx context.Context, k juesuan.ReportKey) (map[string]Explanation, error) {
	if err := checkKey(&k); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, s.db, `SELECT finding_key, text, author, at FROM web_explanations WHERE unit = ? AND year = ? AND scope = ?`,
		k.Unit, k.Year, string(k.Scope))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Explanation{}
	for rows.Next() {
		var key, at string
		var e Explanation
		if err := rows.Scan(&key, &e.Text, &e.Author, &at); err != nil {
			return nil, err
		}
		e.At = parseStamp(at)
		out[key] = e
	}
	return out, rows.Err()
}
