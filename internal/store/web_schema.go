package store

import (
	"context"
	"fmt"
)

// webSchema holds the tables of the web workbench: sessions, login
// attempts and the 出错说明 given for findings. They are created with IF NOT
// EXISTS by EnsureWebSchema rather than as numbered migrations, because
// Migrations requires one contiguous numbering that the storage issue owns;
// the statements run unchanged on SQLite and PostgreSQL.
var webSchema = []string{
	`CREATE TABLE IF NOT EXISTS web_sessions (
  token_sha256 TEXT PRIMARY KEY,
  user_name    TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
)`,
	`CREATE INDEX IF NOT EXISTS web_sessions_user ON web_sessions(user_name)`,
	`CREATE TABLE IF NOT EXISTS web_login_attempts (
  user_name    TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  locked_until TEXT NOT NULL
)`,
	`CREATE TABLE IF NOT EXISTS web_explanations (
  unit        TEXT NOT NULL,
  year        INTEGER NOT NULL,
  scope       TEXT NOT NULL,
  finding_key TEXT NOT NULL,
  text        TEXT NOT NULL,
  author      TEXT NOT NULL,
  at          TEXT NOT NULL,
  PRIMARY KEY (unit, year, scope, finding_key)
)`,
}

// EnsureWebSchema creates the web workbench's tables when missing.
func (s *Store) EnsureWebSchema(ctx context.Context) error {
	for _, q := range webSchema {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("无法创建工作台数据表: %w", err)
		}
	}
	return nil
}
