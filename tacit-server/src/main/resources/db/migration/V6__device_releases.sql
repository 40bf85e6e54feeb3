-- Tacit server schema, version 6: which releases each device was counted in (issue 13, finding 4).
-- Portable SQL: runs unchanged on SQLite and PostgreSQL.
--
-- The server sees who takes part in every round, so against it a device's epsilon is the
-- composition of the releases it was counted in, without amplification by sampling. One row per
-- device and privacy-ledger spend (privacy_ledger.seq) whose released aggregate held the device's
-- input, written in the same transaction as the spend. Deleting a device deletes its rows.
CREATE TABLE device_releases (
  device_id VARCHAR(64) NOT NULL,
  ledger_seq BIGINT NOT NULL,
  PRIMARY KEY (device_id, ledger_seq)
);
