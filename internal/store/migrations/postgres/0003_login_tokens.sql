-- Login failures are kept per client address and per (address, name),
-- both within a window, so that one address cannot lock another's account
-- for good nor grow the table without bound; API tokens expire.
DROP TABLE IF EXISTS web_login_attempts;
CREATE TABLE web_login_failures (
  addr         TEXT NOT NULL,
  user_name    TEXT NOT NULL,
  failures     INTEGER NOT NULL,
  first_at     TEXT NOT NULL,
  locked_until TEXT NOT NULL,
  PRIMARY KEY (addr, user_name)
);
CREATE INDEX web_login_failures_first ON web_login_failures(first_at);
-- An empty expires_at (a token issued before this migration) expires
-- juesuan.APITokenTTL after created_at.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
CREATE INDEX api_tokens_user ON api_tokens(user_id);
