-- Tacit server schema, version 2: federated rounds, the optimizer state of each model version, and
-- federated evaluation. Portable SQL: runs unchanged on SQLite and PostgreSQL.

-- One row per round, written when the round opens and updated at each phase, so that a server
-- restarted after a crash knows which round was in flight. status is one of: recruiting,
-- advertising, sharing, masking, unmasking, completed, aborted.
CREATE TABLE rounds (
  round BIGINT NOT NULL PRIMARY KEY,
  model_version BIGINT NOT NULL,
  result_version BIGINT,
  status VARCHAR(16) NOT NULL,
  cohort INTEGER NOT NULL,
  survivors INTEGER NOT NULL,
  dropouts INTEGER NOT NULL,
  noise_multiplier DOUBLE PRECISION NOT NULL,
  sampling_rate DOUBLE PRECISION NOT NULL,
  epsilon_after DOUBLE PRECISION NOT NULL,
  delta DOUBLE PRECISION NOT NULL,
  update_norm DOUBLE PRECISION,
  started_at VARCHAR(40) NOT NULL,
  finished_at VARCHAR(40),
  note VARCHAR(512) NOT NULL
);

-- The server optimizer's moments after each model version (FedAdam: m then v; momentum: m), as a
-- TensorFrame, so that training resumes after a restart exactly where it stopped.
CREATE TABLE optimizer_state (
  version BIGINT NOT NULL PRIMARY KEY,
  frame BYTEA NOT NULL
);

-- Federated evaluation: devices that granted `evaluation` report their own NDCG@10 and hit@10 of
-- a model version on their held-back events; the server keeps only the sums and the count.
CREATE TABLE evaluations (
  model_version BIGINT NOT NULL PRIMARY KEY,
  devices BIGINT NOT NULL,
  ndcg_sum DOUBLE PRECISION NOT NULL,
  hit_sum DOUBLE PRECISION NOT NULL,
  updated_at VARCHAR(40) NOT NULL
);

-- The public catalogue the trained model ranks: one row per model row, in order. Published once by
-- the operator; items and categories are public, nothing about any device.
CREATE TABLE catalogue (
  position INTEGER NOT NULL PRIMARY KEY,
  item_id VARCHAR(128) NOT NULL,
  categories VARCHAR(2048) NOT NULL,
  popularity DOUBLE PRECISION NOT NULL
);
