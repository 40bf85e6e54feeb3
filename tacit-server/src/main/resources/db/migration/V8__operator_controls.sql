-- Tacit server schema, version 8: the operator's audited controls (issue 15). Portable SQL: runs
-- unchanged on SQLite and PostgreSQL.

-- Each raise of a purpose's privacy budget, with the operator's reason and the audit entry written
-- in the same transaction. A purpose's budget is the largest of its configured budget and its
-- raises: a raise survives restarts, and a budget is never lowered through this table.
CREATE TABLE budget_raises (
  seq BIGINT NOT NULL PRIMARY KEY,
  purpose VARCHAR(32) NOT NULL,
  epsilon_before DOUBLE PRECISION NOT NULL,
  epsilon_after DOUBLE PRECISION NOT NULL,
  reason VARCHAR(512) NOT NULL,
  audit_seq BIGINT NOT NULL,
  raised_at VARCHAR(40) NOT NULL
);

-- At most one row (id = 1): present while the operator holds the rounds paused, with the reason.
CREATE TABLE training_pause (
  id INTEGER NOT NULL PRIMARY KEY,
  reason VARCHAR(512) NOT NULL,
  audit_seq BIGINT NOT NULL,
  paused_at VARCHAR(40) NOT NULL
);

-- The catalogue's readable item titles, for the operator's pages (the model explorer): public
-- metadata like the catalogue itself. Optional: an item without a row is shown by its id.
CREATE TABLE item_titles (
  item_id VARCHAR(128) NOT NULL PRIMARY KEY,
  title VARCHAR(256) NOT NULL
);
