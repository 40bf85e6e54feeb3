package dev.tacit.server.store;

import dev.tacit.server.security.AuditKey;
import dev.tacit.server.security.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A keyed, hash-chained, append-only audit log: each row stores {@code HMAC-SHA256(key, prev_hash
 * || canonical row)} under the audit key, a file kept apart from the database, so modifying,
 * deleting or inserting a row breaks the chain at that row (a linked timestamping chain, Haber and
 * Stornetta 1991), and whoever can write the database without the key cannot recompute the chain.
 * The last hash this process wrote is kept in memory, so deleting the newest rows is detected too;
 * {@link #head} exports the newest hash, to anchor it elsewhere ({@link #verify(long, String)}
 * checks an anchor).
 *
 * <p>Rows written before the log was keyed ({@code chain = 'sha256'}) are keyed by {@link #upgrade}
 * at the first start with a new key.
 */
public final class AuditLog {
  /** The previous hash of the first row. */
  public static final String GENESIS = "0".repeat(64);

  /**
   * The subject of an entry about one device: the entry names no device; the link from a device to
   * its entries is kept apart ({@code device_audit}) and erased with the device.
   */
  public static final String DEVICE = "device";

  /** The chain of rows keyed under the audit key. */
  static final String KEYED = "hmac-sha256";

  /** The chain of rows written before the log was keyed. */
  static final String LEGACY = "sha256";

  private static final String COLUMNS =
      "seq, event_time, action, subject, detail, prev_hash, hash, chain";

  private final Jdbi jdbi;
  private final AuditKey key;
  private volatile Head committed;
  private Head pending;

  /**
   * The newest row of the log: its sequence number, time and hash.
   *
   * @param seq the row's sequence number
   * @param hash its keyed hash, hex
   * @param time its time
   */
  public record Head(long seq, String hash, Instant time) {}

  /** One row of the log. */
  public record Entry(
      long seq,
      Instant time,
      String action,
      String subject,
      String detail,
      String prevHash,
      String hash) {}

  private record RawRow(
      long seq,
      String time,
      String action,
      String subject,
      String detail,
      String prevHash,
      String hash,
      String chain) {}

  AuditLog(Jdbi jdbi, AuditKey key) {
    this.jdbi = jdbi;
    this.key = key;
    this.committed = jdbi.withHandle(AuditLog::newest).orElse(null);
  }

  private static Optional<Head> newest(Handle h) {
    return h.createQuery("SELECT seq, hash, event_time FROM audit_log ORDER BY seq DESC LIMIT 1")
        .map((rs, ctx) -> new Head(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3))))
        .findOne();
  }

  private AuditKey requireKey() {
    if (key == null) {
      throw new IllegalStateException(
          "the database was opened without the audit key: the audit log can be neither written"
              + " nor verified");
    }
    return key;
  }

  /**
   * Appends an entry within the caller's transaction; called with the storage's write lock held.
   *
   * @throws IllegalStateException if the storage was opened without the audit key
   */
  Entry append(Handle h, Instant time, String action, String subject, String detail) {
    AuditKey k = requireKey();
    Head last = newest(h).orElse(new Head(0, GENESIS, time));
    long seq = last.seq() + 1;
    String hash = keyed(k, last.hash(), seq, time.toString(), action, subject, detail);
    h.createUpdate(
            "INSERT INTO audit_log (seq, event_time, action, subject, detail, prev_hash, hash,"
                + " chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(0, seq)
        .bind(1, time.toString())
        .bind(2, action)
        .bind(3, subject)
        .bind(4, detail)
        .bind(5, last.hash())
        .bind(6, hash)
        .bind(7, KEYED)
        .execute();
    pending = new Head(seq, hash, time);
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

  /** The newest row, to anchor elsewhere (a later verification checks it is still there). */
  public Optional<Head> head() {
    return jdbi.withHandle(AuditLog::newest);
  }

  /** Every entry, in order. */
  public List<Entry> entries() {
    return rows().stream().map(AuditLog::entry).toList();
  }

  /** The entries about a device (linked to it in {@code device_audit}), in order. */
  public List<Entry> entriesOf(String deviceId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT a.seq, a.event_time, a.action, a.subject, a.detail, a.prev_hash,"
                        + " a.hash, a.chain FROM audit_log a JOIN device_audit m ON m.seq = a.seq"
                        + " WHERE m.device_id = ? ORDER BY a.seq")
                .bind(0, deviceId)
                .map((rs, ctx) -> entry(raw(rs)))
                .list());
  }

  /**
   * Recomputes the keyed chain and reports the first row that breaks it: a changed field, a row not
   * keyed, a missing or extra row (a gap or jump in the sequence, a previous hash that does not
   * match), or missing newest rows.
   *
   * @throws IllegalStateException if the storage was opened without the audit key
   */
  public AuditVerification verify() {
    AuditKey k = requireKey();
    return check(k, rows(), committed);
  }

  /**
   * {@link #verify()}, and checks that row {@code anchorSeq} still has the hash {@code anchorHash}
   * that {@link #head} gave when it was anchored.
   *
   * @throws IllegalStateException if the storage was opened without the audit key
   */
  public AuditVerification verify(long anchorSeq, String anchorHash) {
    AuditKey k = requireKey();
    List<RawRow> rows = rows();
    AuditVerification v = check(k, rows, committed);
    if (!v.valid()) {
      return v;
    }
    for (RawRow r : rows) {
      if (r.seq() == anchorSeq) {
        return r.hash().equalsIgnoreCase(anchorHash)
            ? v
            : AuditVerification.broken(
                rows.size(),
                anchorSeq,
                "row " + anchorSeq + " does not have the anchored hash: the log was rewritten");
      }
    }
    return AuditVerification.broken(
        rows.size(), anchorSeq, "the anchored row " + anchorSeq + " is missing");
  }

  private static AuditVerification check(AuditKey k, List<RawRow> rows, Head head) {
    String prev = GENESIS;
    long expected = 1;
    for (RawRow r : rows) {
      if (r.seq() != expected) {
        return AuditVerification.broken(
            rows.size(), r.seq(), "row " + r.seq() + " follows row " + (expected - 1));
      }
      if (!KEYED.equals(r.chain())) {
        return AuditVerification.broken(
            rows.size(),
            r.seq(),
            "row "
                + r.seq()
                + " is not keyed (chain "
                + r.chain()
                + "): rows written before the audit key are keyed at the first server start that"
                + " creates the key");
      }
      if (!r.prevHash().equals(prev)) {
        return AuditVerification.broken(
            rows.size(), r.seq(), "row " + r.seq() + " does not chain to the row before it");
      }
      String hash = keyed(k, prev, r.seq(), r.time(), r.action(), r.subject(), r.detail());
      if (!hash.equals(r.hash())) {
        return AuditVerification.broken(
            rows.size(),
            r.seq(),
            "row " + r.seq() + " was modified, or keyed with another key: its hash does not match");
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

  /** The number of rows written before the log was keyed. */
  public long unkeyedRows() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM audit_log WHERE chain <> ?")
                .bind(0, KEYED)
                .mapTo(Long.class)
                .one());
  }

  /**
   * Keys a log written before the audit key, within the caller's transaction, if every row is
   * unkeyed (a log with keyed rows is left alone: keying it again would hide a rewrite). Checks the
   * old SHA-256 chain, replaces the device references in the subjects by {@link #DEVICE} (the link
   * to their devices is in {@code device_audit}), recomputes every hash under the key, and appends
   * an {@code audit.keyed} entry with the old head hash and the old chain's state.
   *
   * @return the number of rows keyed, 0 if there was nothing to key
   */
  long upgrade(Handle h, Instant now) {
    AuditKey k = requireKey();
    List<RawRow> rows =
        h.createQuery("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq")
            .map((rs, ctx) -> raw(rs))
            .list();
    if (rows.isEmpty() || rows.stream().anyMatch(r -> KEYED.equals(r.chain()))) {
      return 0;
    }
    String legacy = legacyChainState(rows);
    String oldHead = rows.get(rows.size() - 1).hash();
    String prev = GENESIS;
    var update =
        h.prepareBatch(
            "UPDATE audit_log SET subject = ?, prev_hash = ?, hash = ?, chain = ? WHERE seq = ?");
    for (RawRow r : rows) {
      String subject = r.subject().equals("-") ? "-" : DEVICE;
      String hash = keyed(k, prev, r.seq(), r.time(), r.action(), subject, r.detail());
      update.bind(0, subject).bind(1, prev).bind(2, hash).bind(3, KEYED).bind(4, r.seq()).add();
      prev = hash;
    }
    update.execute();
    append(
        h,
        now,
        "audit.keyed",
        "-",
        "rows=" + rows.size() + " legacy_head=" + oldHead + " legacy_chain=" + legacy);
    return rows.size();
  }

  /** "intact", or where the unkeyed SHA-256 chain breaks. */
  private static String legacyChainState(List<RawRow> rows) {
    String prev = GENESIS;
    long expected = 1;
    for (RawRow r : rows) {
      if (r.seq() != expected || !r.prevHash().equals(prev)) {
        return "broken_at_row_" + r.seq();
      }
      String hash = legacy(prev, r.seq(), r.time(), r.action(), r.subject(), r.detail());
      if (!hash.equals(r.hash())) {
        return "broken_at_row_" + r.seq();
      }
      prev = hash;
      expected++;
    }
    return "intact";
  }

  private List<RawRow> rows() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq")
                .map((rs, ctx) -> raw(rs))
                .list());
  }

  private static RawRow raw(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new RawRow(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8));
  }

  private static Entry entry(RawRow r) {
    return new Entry(
        r.seq(),
        Instant.parse(r.time()),
        r.action(),
        r.subject(),
        r.detail(),
        r.prevHash(),
        r.hash());
  }

  /** The canonical text of a row: the previous hash, then every field length-prefixed. */
  private static String canonical(
      String prevHash, long seq, String time, String action, String subject, String detail) {
    StringBuilder sb = new StringBuilder(prevHash);
    sb.append('|').append(seq);
    for (String f : new String[] {time, action, subject, detail}) {
      sb.append('|').append(f.length()).append(':').append(f);
    }
    return sb.toString();
  }

  /** HMAC-SHA256(key, canonical row), hex. */
  static String keyed(
      AuditKey key,
      String prevHash,
      long seq,
      String time,
      String action,
      String subject,
      String detail) {
    return key.mac(canonical(prevHash, seq, time, action, subject, detail));
  }

  /** SHA-256(canonical row), hex: the chain of rows written before the audit key. */
  static String legacy(
      String prevHash, long seq, String time, String action, String subject, String detail) {
    return java.util.HexFormat.of()
        .formatHex(
            Tokens.sha256(
                canonical(prevHash, seq, time, action, subject, detail)
                    .getBytes(StandardCharsets.UTF_8)));
  }
}
