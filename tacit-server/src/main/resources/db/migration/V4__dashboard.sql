-- Tacit server schema, version 4: the simulation or evaluation reports the operator loads for the
-- dashboard's fairness audit. Portable SQL: runs unchanged on SQLite and PostgreSQL.

-- One row per load; the dashboard shows the newest. The report is the JSON written by
-- `tacit simulate --out` or `tacit evaluate --out`, already validated; source names where it came
-- from (a file name, or "upload").
CREATE TABLE simulation_reports (
  seq BIGINT NOT NULL PRIMARY KEY,
  loaded_at VARCHAR(40) NOT NULL,
  source VARCHAR(256) NOT NULL,
  sha256 VARCHAR(64) NOT NULL,
  report TEXT NOT NULL
);
