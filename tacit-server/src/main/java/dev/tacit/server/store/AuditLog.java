package dev.tacit.server.store;

import dev.tacit.server.security.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A hash-chained, append-only audit log: each row stores {@code SHA-256(prev_hash || canonical
 * row)}, so modifying, deleting or inserting a row breaks the chain at that row (a linked
 * timestamping chain, Haber and Stornetta 1991). The last hash this process wrote is kept in
 * memory, so deleting the newest rows is detected too.
 */
public final class AuditLog {
  /** The previous hash of the first row. */
  public static final String GENESIS = "0".repeat(64);

  /**
   * The subject of an entry about one device: the entry names no device; the link from a device to
   * its entries is kept apart ({@code device_audit}) and erased with the device.
   */
  public static final String DEVICE = "device";

  private final Jdbi jdbi;
  private volatile Head committed;
  private Head pending;

  private record Head(long seq, String hash) {}

  /** One row of the log. */
  public record Entry(
      long seq,
      Instant time,
      String action,
      String subject,
      String detail,
      String prevHash,
      String hash) {}

  AuditLog(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.committed =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                    .map((rs, ctx) -> new Head(rs.getLong(1), rs.getString(2)))
                    .findOne()
                    .orElse(null));
  }

  /**
   * Appends an entry within the caller's transaction; called with the storage's write lock held.
   */
  Entry append(Handle h, Instant time, String action, String subject, String detail) {
    Head last =
        h.createQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .map((rs, ctx) -> new Head(rs.getLong(1), rs.getString(2)))
            .findOne()
            .orElse(new Head(0, GENESIS));
    long seq = last.seq() + 1;
    String hash = chain(last.hash(), seq, time.toString(), action, subject, detail);
    h.createUpdate(
            "INSERT INTO audit_log (seq, event_time, action, subject, detail, prev_hash, hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(0, seq)
        .bind(1, time.toString())
        .bind(2, action)
        .bind(3, subject)
        .bind(4, detail)
        .bind(5, last.hash())
        .bind(6, hash)
        .execute();
    pending = new Head(seq, hash);
    return new Entry(seq, time, action, subject, detail, last.hash(), hash);
  }

  void commit() {
    if (pending != null) {
      committed = pending;
      pending = null;
    }
  }

  void rollback() {
    pending = null;
  }

  /** Every entry, in order. */
  public List<Entry> entries() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT seq, event_time, action, subject, detail, prev_hash, hash"
                        + " FROM audit_log ORDER BY seq")
                .map(
                    (rs, ctx) ->
                        new Entry(
                            rs.getLong(1),
                            Instant.parse(rs.getString(2)),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7)))
                .list());
  }

  /** The entries about a device (linked to it in {@code device_audit}), in order. */
  public List<Entry> entriesOf(String deviceId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT a.seq, a.event_time, a.action, a.subject, a.detail, a.prev_hash, a.hash"
                        + " FROM audit_log a JOIN device_audit m ON m.seq = a.seq"
                        + " WHERE m.device_id = ? ORDER BY a.seq")
                .bind(0, deviceId)
                .map(
                    (rs, ctx) ->
                        new Entry(
                            rs.getLong(1),
                            Instant.parse(rs.getString(2)),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7)))
                .list());
  }

  /**
   * Recomputes the chain and reports the first row that breaks it: a changed field, a missing or
   * extra row (a gap or jump in the sequence, a previous hash that does not match), or missing
   * newest rows.
   */
  public AuditVerification verify() {
    List<RawRow> rows =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT seq, event_time, action, subject, detail, prev_hash, hash"
                            + " FROM audit_log ORDER BY seq")
                    .map(
                        (rs, ctx) ->
                            new RawRow(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7)))
                    .list());
    Head head = committed;
    String prev = GENESIS;
    long expected = 1;
    for (RawRow r : rows) {
      if (r.seq() != expected) {
        return AuditVerification.broken(
            rows.size(), r.seq(), "row " + r.seq() + " follows row " + (expected - 1));
      }
      if (!r.prevHash().equals(prev)) {
        return AuditVerification.broken(
            rows.size(), r.seq(), "row " + r.seq() + " does not chain to the row before it");
      }
      String hash = chain(prev, r.seq(), r.time(), r.action(), r.subject(), r.detail());
      if (!hash.equals(r.hash())) {
        return AuditVerification.broken(
            rows.size(), r.seq(), "row " + r.seq() + " was modified: its hash does not match");
      }
      if (head != null && r.seq() == head.seq() && !hash.equals(head.hash())) {
        return AuditVerification.broken(
            rows.size(), r.seq(), "row " + r.seq() + " is not the row this server wrote");
      }
      prev = hash;
      expected++;
    }
    if (head != null && expected - 1 < head.seq()) {
      return AuditVerification.broken(
          rows.size(),
          head.seq(),
          "the log ends at row " + (expected - 1) + " but row " + head.seq() + " was written");
    }
    return AuditVerification.ok(rows.size());
  }

  private record RawRow(
      long seq,
      String time,
      String action,
      String subject,
      String detail,
      String prevHash,
      String hash) {}

  /** SHA-256(prev_hash || canonical row), where every field is length-prefixed. */
  static String chain(
      String prevHash, long seq, String time, String action, String subject, String detail) {
    StringBuilder sb = new StringBuilder(prevHash);
    sb.append('|').append(seq);
    for (String f : new String[] {time, action, subject, detail}) {
      sb.append('|').append(f.length()).append(':').append(f);
    }
    return java.util.HexFormat.of()
        .formatHex(Tokens.sha256(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
