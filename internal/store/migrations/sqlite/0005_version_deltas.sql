-- Issue 18, a bounded server: a saved version stores what changed, not a
-- whole copy. Before, each one-cell save added the whole file text, its
-- facts JSON and ~176 cell rows (~80 KB).
--
-- cells: one row per value of a cell over a range of version numbers,
-- from_number (first version with it) to to_number (first version
-- without it; NULL while current). A save inserts the changed cells and
-- closes their previous rows; the current cells are those with a NULL
-- to_number, so sums need no join on the versions.
CREATE TABLE cell_spans (
  report_id   INTEGER NOT NULL REFERENCES reports(id),
  tbl         INTEGER NOT NULL,
  row_key     TEXT NOT NULL,
  col_key     TEXT NOT NULL,
  amount      BIGINT NOT NULL,
  from_number INTEGER NOT NULL,
  to_number   INTEGER,
  PRIMARY KEY (report_id, tbl, row_key, col_key, from_number),
  CHECK (to_number IS NULL OR to_number > from_number)
) WITHOUT ROWID;

-- Runs of consecutive versions with the same value become one row: within
-- a run, number minus its rank among the same (cell, value) is constant.
INSERT INTO cell_spans(report_id, tbl, row_key, col_key, amount, from_number, to_number)
SELECT report_id, tbl, row_key, col_key, amount, MIN(number),
       CASE WHEN MAX(number) = MAX(cur) THEN NULL ELSE MAX(number) + 1 END
FROM (
  SELECT v.report_id, v.number, r.current_number AS cur, c.tbl, c.row_key, c.col_key, c.amount,
         v.number - ROW_NUMBER() OVER (PARTITION BY v.report_id, c.tbl, c.row_key, c.col_key, c.amount ORDER BY v.number) AS grp
  FROM cells c JOIN report_versions v ON v.id = c.version_id JOIN reports r ON r.id = v.report_id
) g
GROUP BY report_id, tbl, row_key, col_key, amount, grp;

DROP TABLE cells;
ALTER TABLE cell_spans RENAME TO cells;

-- facts: each distinct facts JSON once, by its SHA-256 (a one-cell save
-- does not change them).
CREATE TABLE facts_texts (
  sha256 TEXT PRIMARY KEY,
  facts  TEXT NOT NULL
);

-- body: the file text, whole and compressed ('full') or as a line delta
-- against version number-1 ('delta'); body_sha256 stays the checksum of
-- the text itself. The conversion is Go code (the deltas and hashes
-- cannot be computed in SQL); it runs at the marker below, in this
-- migration's transaction.
DROP TRIGGER versions_no_update;
ALTER TABLE report_versions ADD COLUMN body_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE report_versions ADD COLUMN body_data BLOB NOT NULL DEFAULT x'';
ALTER TABLE report_versions ADD COLUMN facts_sha256 TEXT NOT NULL DEFAULT '';
-- @convert
ALTER TABLE report_versions DROP COLUMN body;
ALTER TABLE report_versions DROP COLUMN facts;

CREATE TRIGGER versions_no_update BEFORE UPDATE ON report_versions BEGIN SELECT RAISE(ABORT, 'report versions are immutable'); END;
-- A cell's row may only be closed, once, by a later version.
CREATE TRIGGER cells_no_update BEFORE UPDATE ON cells
WHEN OLD.to_number IS NOT NULL OR NEW.to_number IS NULL
  OR NEW.report_id IS NOT OLD.report_id OR NEW.tbl IS NOT OLD.tbl OR NEW.row_key IS NOT OLD.row_key
  OR NEW.col_key IS NOT OLD.col_key OR NEW.amount IS NOT OLD.amount OR NEW.from_number IS NOT OLD.from_number
BEGIN SELECT RAISE(ABORT, 'report versions are immutable'); END;
CREATE TRIGGER cells_no_delete BEFORE DELETE ON cells BEGIN SELECT RAISE(ABORT, 'report versions are immutable'); END;
CREATE TRIGGER facts_no_update BEFORE UPDATE ON facts_texts BEGIN SELECT RAISE(ABORT, 'report versions are immutable'); END;
CREATE TRIGGER facts_no_delete BEFORE DELETE ON facts_texts BEGIN SELECT RAISE(ABORT, 'report versions are immutable'); END;
