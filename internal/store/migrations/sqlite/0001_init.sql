-- Units, fiscal years, versioned reports, review, users, tokens, audit log.
CREATE TABLE units (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  parent     TEXT REFERENCES units(code),
  from_year  INTEGER NOT NULL DEFAULT 0,
  to_year    INTEGER NOT NULL DEFAULT 0,
  CHECK (parent IS NULL OR parent <> code)
);
CREATE INDEX units_parent ON units(parent);

CREATE TABLE fiscal_years (
  year      INTEGER PRIMARY KEY,
  template  TEXT NOT NULL
);

CREATE TABLE reports (
  id              INTEGER PRIMARY KEY,
  unit            TEXT NOT NULL REFERENCES units(code),
  year            INTEGER NOT NULL REFERENCES fiscal_years(year),
  scope           TEXT NOT NULL,
  current_number  INTEGER NOT NULL,
  current_version INTEGER,
  state           TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (unit, year, scope)
);

CREATE TABLE report_versions (
  id          INTEGER PRIMARY KEY,
  report_id   INTEGER NOT NULL REFERENCES reports(id),
  number      INTEGER NOT NULL,
  author      TEXT NOT NULL,
  reason      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  body        TEXT NOT NULL,
  facts       TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  cell_count  INTEGER NOT NULL,
  UNIQUE (report_id, number)
);

CREATE TABLE cells (
  version_id INTEGER NOT NULL REFERENCES report_versions(id),
  tbl        INTEGER NOT NULL,
  row_key    TEXT NOT NULL,
  col_key    TEXT NOT NULL,
  amount     BIGINT NOT NULL,
  PRIMARY KEY (version_id, tbl, row_key, col_key)
);

CREATE TABLE review_events (
  id         INTEGER PRIMARY KEY,
  report_id  INTEGER NOT NULL REFERENCES reports(id),
  from_state TEXT NOT NULL,
  to_state   TEXT NOT NULL,
  actor      TEXT NOT NULL,
  comment    TEXT NOT NULL,
  version    INTEGER NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX review_events_report ON review_events(report_id);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL
);

CREATE TABLE grants (
  user_id INTEGER NOT NULL REFERENCES users(id),
  role    TEXT NOT NULL,
  unit    TEXT NOT NULL REFERENCES units(code),
  PRIMARY KEY (user_id, role, unit)
);

CREATE TABLE api_tokens (
  token_sha256 TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  label        TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

CREATE TABLE audit_log (
  id     INTEGER PRIMARY KEY,
  at     TEXT NOT NULL,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);

-- Versions, their cells and the audit log are never changed once written.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER versions_no_update BEFORE UPDATE ON report_versions BEGIN SELECT RAISE(ABORT, 'report versions are immutable'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON report_versions BEGIN SELECT RAISE(ABORT, 'report versions are immutable'); END;
CREATE TRIGGER cells_no_update BEFORE UPDATE ON cells BEGIN SELECT RAISE(ABORT, 'report versions are immutable'); END;
CREATE TRIGGER cells_no_delete BEFORE DELETE ON cells BEGIN SELECT RAISE(ABORT, 'report versions are immutable'); END;
