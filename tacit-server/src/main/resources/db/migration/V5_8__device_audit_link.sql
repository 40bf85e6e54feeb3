-- Tacit server schema, version 5.8: a deleted device leaves nothing that links to it (issue 13,
-- finding 8). Portable SQL: runs unchanged on SQLite and PostgreSQL.
--
-- Audit entries about a device no longer carry its reference: their subject is 'device', and the
-- link from a device to its entries lives only here, erased with the device. The audit log itself
-- stays append-only and its chain unchanged.
CREATE TABLE device_audit (
  device_id VARCHAR(64) NOT NULL REFERENCES devices (device_id),
  seq BIGINT NOT NULL,
  PRIMARY KEY (device_id, seq)
);

-- Entries written before this version name the device by its reference: link those of the devices
-- still registered, so each still sees its own history. (Their subject keeps the reference until
-- the audit log is upgraded to its keyed format, which replaces it; see AuditLog.)
INSERT INTO device_audit (device_id, seq)
  SELECT d.device_id, a.seq FROM audit_log a JOIN devices d ON a.subject = d.audit_ref;
