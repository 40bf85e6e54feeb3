-- Tacit server schema, version 5.1: what each round was charged and under which trust assumption
-- (issue 13). Portable SQL: runs unchanged on SQLite and PostgreSQL.
--
-- status may now also be 'rejected': the round's sum was released (and charged) but was larger than
-- honest clipping and the noise allow, so no model was published.
--
-- colluding_fraction: kappa, the fraction of the counted devices that may add no noise while the
-- released sum still carries the noise the ledger charges (0 for rounds run before it was a
-- setting, which trusted every device).
ALTER TABLE rounds ADD COLUMN colluding_fraction DOUBLE PRECISION NOT NULL DEFAULT 0;

-- ledger_seq: the privacy ledger's spend that charged the round's release (seq of privacy_ledger),
-- NULL for a round that released nothing. A round is charged when its SecAgg+ masking phase closes,
-- the moment the server could compute its sum; one that ends before charges nothing.
ALTER TABLE rounds ADD COLUMN ledger_seq BIGINT;
