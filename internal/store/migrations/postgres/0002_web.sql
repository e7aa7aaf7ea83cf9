-- The web workbench's tables: sessions, login attempts and the 出错说明
-- given for findings. Before this migration they were created outside the
-- numbered migrations (EnsureWebSchema), so a database may already have
-- them: IF NOT EXISTS. The statements run unchanged on SQLite and
-- PostgreSQL.
CREATE TABLE IF NOT EXISTS web_sessions (
  token_sha256 TEXT PRIMARY KEY,
  user_name    TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS web_sessions_user ON web_sessions(user_name);
CREATE TABLE IF NOT EXISTS web_login_attempts (
  user_name    TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  locked_until TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS web_explanations (
  unit        TEXT NOT NULL,
  year        INTEGER NOT NULL,
  scope       TEXT NOT NULL,
  finding_key TEXT NOT NULL,
  text        TEXT NOT NULL,
  author      TEXT NOT NULL,
  at          TEXT NOT NULL,
  PRIMARY KEY (unit, year, scope, finding_key)
);
