-- Tacit server schema, version 3: federated analytics with local differential privacy. Portable
-- SQL: runs unchanged on SQLite and PostgreSQL.

-- One row per aggregate question the operator asked. status is open or closed. reporter_key is
-- the per-query HMAC key of the duplicate check, hex; it is erased (set to '') when the query
-- closes, together with the reporter hashes, because no report is accepted after that.
CREATE TABLE analytics_queries (
  query_id VARCHAR(64) NOT NULL PRIMARY KEY,
  metric VARCHAR(64) NOT NULL,
  description VARCHAR(512) NOT NULL,
  epsilon DOUBLE PRECISION NOT NULL,
  mechanism VARCHAR(16) NOT NULL,
  domain_size INTEGER NOT NULL,
  status VARCHAR(16) NOT NULL,
  reports BIGINT NOT NULL,
  ledger_seq BIGINT NOT NULL,
  reporter_key VARCHAR(64) NOT NULL,
  created_at VARCHAR(40) NOT NULL,
  closed_at VARCHAR(40)
);

-- The aggregate: for each label of a query, how many randomized reports named it. Individual
-- reports are never stored.
CREATE TABLE analytics_counts (
  query_id VARCHAR(64) NOT NULL REFERENCES analytics_queries (query_id),
  label_index INTEGER NOT NULL,
  label VARCHAR(128) NOT NULL,
  support BIGINT NOT NULL,
  PRIMARY KEY (query_id, label_index)
);

-- Who already answered a query, as HMAC-SHA256(reporter_key, device id) only: enough to refuse a
-- second report, never the device id, and not linked to the value reported.
CREATE TABLE analytics_reporters (
  query_id VARCHAR(64) NOT NULL REFERENCES analytics_queries (query_id),
  reporter_hash VARCHAR(64) NOT NULL,
  PRIMARY KEY (query_id, reporter_hash)
);
