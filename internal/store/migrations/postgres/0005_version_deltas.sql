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
  report_id   BIGINT NOT NULL REFERENCES reports(id),
  tbl         INTEGER NOT NULL,
  row_key     TEXT NOT NULL,
  col_key     TEXT NOT NULL,
  amount      BIGINT NOT NULL,
  from_number INTEGER NOT NULL,
  to_number   INTEGER,
  PRIMARY KEY (report_id, tbl, row_key, col_key, from_number),
  CHECK (to_number IS NULL OR to_number > from_number)
);

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
ALTER TABLE cells RENAME CONSTRAINT cell_spans_pkey TO cells_pkey;

-- facts: each distinct facts JSON once, by its SHA-256 (a one-cell save
-- does not change them).
CREATE TABLE facts_texts (
  sha256 TEXT PRIMARY KEY,
  facts  TEXT NOT NULL
);

-- body: the file text, whole and compressed ('full') or as a line delta
-- against version number-1 ('delta'); body_sha256 stays the checksum of
-- the text itself. The conversion is Go code (the deltas cannot be
-- computed in SQL); it runs at the marker below, in this migration's
-- transaction.
DROP TRIGGER versions_immutable ON report_versions;
ALTER TABLE report_versions ADD COLUMN body_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE report_versions ADD COLUMN body_data BYTEA NOT NULL DEFAULT ''::bytea;
ALTER TABLE report_versions ADD COLUMN facts_sha256 TEXT NOT NULL DEFAULT '';
-- @convert
ALTER TABLE report_versions DROP COLUMN body;
ALTER TABLE report_versions DROP COLUMN facts;

CREATE TRIGGER versions_immutable BEFORE UPDATE OR DELETE ON report_versions FOR EACH ROW EXECUTE FUNCTION juesuan_immutable();
CREATE TRIGGER facts_immutable BEFORE UPDATE OR DELETE ON facts_texts FOR EACH ROW EXECUTE FUNCTION juesuan_immutable();
-- A cell's row may only be closed, once, by a later version.
CREATE FUNCTION juesuan_cell_close() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.to_number IS NULL AND NEW.to_number IS NOT NULL
     AND (NEW.report_id, NEW.tbl, NEW.row_key, NEW.col_key, NEW.amount, NEW.from_number)
         IS NOT DISTINCT FROM (OLD.report_id, OLD.tbl, OLD.row_key, OLD.col_key, OLD.amount, OLD.from_number) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'report versions are immutable';
END
$$;
CREATE TRIGGER cells_immutable BEFORE UPDATE OR DELETE ON cells FOR EACH ROW EXECUTE FUNCTION juesuan_cell_close();
