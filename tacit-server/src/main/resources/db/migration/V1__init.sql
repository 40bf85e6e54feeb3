-- Tacit server schema, version 1. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Times are ISO-8601 instants as text; sequence numbers are assigned by the server.

CREATE TABLE devices (
  device_id VARCHAR(64) NOT NULL PRIMARY KEY,
  token_hash VARCHAR(64) NOT NULL,
  audit_ref VARCHAR(64) NOT NULL,
  created_at VARCHAR(40) NOT NULL
);

CREATE TABLE consent_events (
  seq BIGINT NOT NULL PRIMARY KEY,
  device_id VARCHAR(64) NOT NULL REFERENCES devices (device_id),
  purpose VARCHAR(32) NOT NULL,
  granted BOOLEAN NOT NULL,
  policy_version VARCHAR(32) NOT NULL,
  decided_at VARCHAR(40) NOT NULL,
  recorded_at VARCHAR(40) NOT NULL
);

CREATE INDEX consent_events_device ON consent_events (device_id);

CREATE TABLE deletion_log (
  seq BIGINT NOT NULL PRIMARY KEY,
  requested_at VARCHAR(40) NOT NULL,
  completed_at VARCHAR(40) NOT NULL
);

CREATE TABLE privacy_ledger (
  seq BIGINT NOT NULL PRIMARY KEY,
  purpose VARCHAR(32) NOT NULL,
  mechanism VARCHAR(32) NOT NULL,
  param_a DOUBLE PRECISION NOT NULL,
  param_b DOUBLE PRECISION NOT NULL,
  repetitions BIGINT NOT NULL,
  epsilon_after DOUBLE PRECISION NOT NULL,
  delta DOUBLE PRECISION NOT NULL,
  description VARCHAR(256) NOT NULL,
  recorded_at VARCHAR(40) NOT NULL
);

CREATE TABLE audit_log (
  seq BIGINT NOT NULL PRIMARY KEY,
  event_time VARCHAR(40) NOT NULL,
  action VARCHAR(64) NOT NULL,
  subject VARCHAR(64) NOT NULL,
  detail VARCHAR(1024) NOT NULL,
  prev_hash VARCHAR(64) NOT NULL,
  hash VARCHAR(64) NOT NULL
);

CREATE TABLE model_versions (
  version BIGINT NOT NULL PRIMARY KEY,
  created_at VARCHAR(40) NOT NULL,
  provenance TEXT NOT NULL,
  frame_crc BIGINT NOT NULL,
  frame BYTEA NOT NULL
);
