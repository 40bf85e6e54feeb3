-- Tacit server schema, version 5.7: federated evaluation released once per model version, with
-- noise charged to the evaluation budget, and one report per device per version (issue 13, finding
-- 5). Portable SQL: runs unchanged on SQLite and PostgreSQL.
--
-- The sums stored before this version were added from unchecked reports (a device could report any
-- number of times) and were shown without noise: they are dropped, not released.
DELETE FROM evaluations;

-- Until released_at is set, ndcg_sum and hit_sum are the exact sums of the reports so far; at the
-- release they are overwritten by the released sums (exact sums plus Gaussian noise of standard
-- deviation noise_sigma, charged by the privacy-ledger spend ledger_seq), and devices no longer
-- changes. reporter_key is the version's HMAC key of the duplicate check, hex; it is erased (set to
-- '') at the release, together with the version's reporter hashes.
ALTER TABLE evaluations ADD COLUMN released_at VARCHAR(40);
ALTER TABLE evaluations ADD COLUMN ledger_seq BIGINT;
ALTER TABLE evaluations ADD COLUMN noise_sigma DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE evaluations ADD COLUMN reporter_key VARCHAR(64) NOT NULL DEFAULT '';

-- Who already reported on a version not yet released, as HMAC-SHA256(reporter_key, device id)
-- only: enough to refuse a second report, never the device id, and not linked to the figures. A
-- deleted device's hash is removed with it.
CREATE TABLE evaluation_reporters (
  model_version BIGINT NOT NULL,
  reporter_hash VARCHAR(64) NOT NULL,
  PRIMARY KEY (model_version, reporter_hash)
);
