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
	var name, exp string
	err := s.queryRow(ctx, s.db, `SELECT user_name, expires_at FROM web_sessions WHERE token_sha256 = ?`, tokenHash(token)).Scan(&name, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, juesuan.Errorf(juesuan.EUNAUTHORIZED, "会话无效或已过期，请重新登录")
	} else if err != nil {
		// The database is unreachable: the session may well be valid,
		// and must not be thrown away.
		return nil, fmt.Errorf("无法读取会话: %w", err)
	}
	if !now.Before(parseStamp(exp)) {
		s.DeleteSession(ctx, token)
		return nil, juesuan.Errorf(juesuan.EUNAUTHORIZED, "会话已过期，请重新登录")
	}
	return s.User(ctx, name)
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

// LoginLockedUntil returns when a user's login lock ends, if it is locked
// at now.
func (s *Store) LoginLockedUntil(ctx context.Context, user string, now time.Time) (time.Time, bool, error) {
	var until string
	err := s.queryRow(ctx, s.db, `SELECT locked_until FROM web_login_attempts WHERE user_name = ?`, user).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	} else if err != nil {
		return time.Time{}, false, err
	}
	t := parseStamp(until)
	return t, now.Before(t), nil
}

// RecordLoginFailure counts a wrong password; the max-th failure in a row
// locks the login until now+lockFor and starts the count again.
func (s *Store) RecordLoginFailure(ctx context.Context, user string, now time.Time, max int, lockFor time.Duration) (locked bool, err error) {
	err = s.inTx(ctx, func(tx *txn) error {
		var n int
		err := tx.queryRow(ctx, `SELECT failures FROM web_login_attempts WHERE user_name = ?`, user).Scan(&n)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		n++
		until := ""
		if n >= max {
			locked, n = true, 0
			until = now.Add(lockFor).UTC().Format(time.RFC3339Nano)
		}
		if _, err := tx.exec(ctx, `INSERT INTO web_login_attempts(user_name, failures, locked_until) VALUES (?, ?, ?)
ON CONFLICT (user_name) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`, user, n, until); err != nil {
			return err
		}
		if locked {
			return tx.log(ctx, user, "user.lock", "user/"+user, "连续输错密码，登录已锁定至 "+until)
		}
		return nil
	})
	return locked, err
}

// ResetLoginFailures clears the count after a successful login.
func (s *Store) ResetLoginFailures(ctx context.Context, user string) error {
	_, err := s.exec(ctx, s.db, `DELETE FROM web_login_attempts WHERE user_name = ?`, user)
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
