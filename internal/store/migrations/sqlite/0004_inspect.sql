-- 公开检查 in the workbench: batches of uploaded published documents,
-- each document's result, and the marks reviewers give findings. File
-- contents are base64 TEXT, so SQLite and PostgreSQL read the same SQL.
-- IF NOT EXISTS: databases created before this migration made these
-- tables at start-up.
CREATE TABLE IF NOT EXISTS inspect_batches (
  id         TEXT PRIMARY KEY,
  year       INTEGER NOT NULL,
  author     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  total      INTEGER NOT NULL,
  done       INTEGER NOT NULL,
  state      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inspect_docs (
  batch_id    TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  file        TEXT NOT NULL,
  unit        TEXT NOT NULL,
  match_state TEXT NOT NULL,
  year        INTEGER NOT NULL,
  result      TEXT NOT NULL,
  data        TEXT NOT NULL,
  PRIMARY KEY (batch_id, seq)
);
CREATE INDEX IF NOT EXISTS inspect_docs_unit ON inspect_docs(unit, year);
CREATE TABLE IF NOT EXISTS inspect_marks (
  unit       TEXT NOT NULL,
  year       INTEGER NOT NULL,
  finding_id TEXT NOT NULL,
  status     TEXT NOT NULL,
  author     TEXT NOT NULL,
  at         TEXT NOT NULL,
  PRIMARY KEY (unit, year, finding_id)
);
