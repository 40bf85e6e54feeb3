package dev.tacit.server.store;

import dev.tacit.protocol.Purpose;
import dev.tacit.server.security.AuditKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterable;

/**
 * The server's database, SQLite or PostgreSQL, with the schema migrated by Flyway on open. Every
 * write runs in one transaction under one lock, together with its audit entry, so an error leaves
 * nothing behind and the audit chain has a single writer per process.
 */
public final class Storage implements AutoCloseable {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Dialect dialect;
  private final AuditLog audit;
  private static final long WRITE_LOCK_KEY = 0x7461636974L;
  private final ReentrantLock writeLock = new ReentrantLock();

  /** The database products the server supports. */
  public enum Dialect {
    /** An embedded SQLite file. */
    SQLITE,
    /** A PostgreSQL server. */
    POSTGRESQL
  }

  private Storage(Jdbi jdbi, Clock clock, Dialect dialect, AuditKey auditKey) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.dialect = dialect;
    this.audit = new AuditLog(jdbi, auditKey);
  }

  /**
   * Opens the database at a JDBC URL ({@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://...})
   * and migrates its schema, without the audit key: for reading only, since every write appends to
   * the audit log, which needs the key.
   *
   * @throws IllegalArgumentException if the URL is of another database
   */
  public static Storage open(String jdbcUrl, Clock clock) {
    return open(jdbcUrl, clock, null);
  }

  /**
   * Opens the database at a JDBC URL ({@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://...}),
   * migrates its schema, and chains the audit log under {@code auditKey}.
   *
   * @throws IllegalArgumentException if the URL is of another database
   */
  public static Storage open(String jdbcUrl, Clock clock, AuditKey auditKey) {
    Dialect dialect = dialectOf(jdbcUrl);
    Properties props = new Properties();
    if (dialect == Dialect.SQLITE) {
      props.setProperty("foreign_keys", "true");
      props.setProperty("busy_timeout", "10000");
      props.setProperty("journal_mode", "WAL");
      // Writes take the write lock when they begin, waiting up to busy_timeout for it; a deferred
      // transaction that upgrades from read to write gets SQLITE_BUSY at once when another
      // connection holds the lock, whatever the timeout.
      props.setProperty("transaction_mode", "IMMEDIATE");
      // In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a committed write
      // survives the process being killed (it is in the WAL file), not a power cut of the host.
      // Deployments that need the latter run on PostgreSQL.
      props.setProperty("synchronous", "NORMAL");
    }
    Flyway.configure()
        .dataSource(jdbcUrl, null, null)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return new Storage(Jdbi.create(jdbcUrl, props), clock, dialect, auditKey);
  }

  /**
   * The dialect of a JDBC URL.
   *
   * @throws IllegalArgumentException if the URL is neither SQLite nor PostgreSQL
   */
  public static Dialect dialectOf(String jdbcUrl) {
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:sqlite:")) {
      return Dialect.SQLITE;
    }
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
      return Dialect.POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "database URL must start with jdbc:sqlite: or jdbc:postgresql:, was "
            + (jdbcUrl == null ? "null" : jdbcUrl.replaceAll("password=[^&]*", "password=***")));
  }

  /** The database product. */
  public Dialect dialect() {
    return dialect;
  }

  /** The audit log. */
  public AuditLog audit() {
    return audit;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  Clock clock() {
    return clock;
  }

  /** Runs {@code work} in one transaction under the write lock. */
  <T> T write(HandleCallback<T, RuntimeException> work) {
    writeLock.lock();
    try {
      T result =
          jdbi.inTransaction(
              h -> {
                if (dialect == Dialect.POSTGRESQL) {
                  // One writer at a time across server processes: sequences and the audit chain.
                  h.createQuery(
                          "SELECT 1 FROM (SELECT pg_advisory_xact_lock("
                              + WRITE_LOCK_KEY
                              + ")) AS locked")
                      .mapTo(Integer.class)
                      .one();
                }
                return work.withHandle(h);
              });
      audit.commit();
      return result;
    } catch (RuntimeException e) {
      audit.rollback();
      throw e;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Keys an audit log written before the audit key (see {@link AuditLog#upgrade}); call once, at
   * the start that created the key.
   *
   * @return the number of rows keyed, 0 if there was nothing to key
   */
  public long upgradeAudit() {
    return write(h -> audit.upgrade(h, clock.instant()));
  }

  /** Appends an audit entry on its own, for server events such as a start. */
  public void audit(String action, String detail) {
    write(
        h -> {
          audit.append(h, clock.instant(), action, "-", detail);
          return null;
        });
  }

  /**
   * Appends an audit entry about one device. The entry names no device (its subject is {@link
   * AuditLog#DEVICE}); the link from the device to it is kept apart, in {@code device_audit}, and
   * erased with the device.
   */
  public void auditAbout(String deviceId, String action, String detail) {
    write(
        h -> {
          appendAbout(h, clock.instant(), deviceId, action, detail);
          return null;
        });
  }

  private void appendAbout(Handle h, Instant at, String deviceId, String action, String detail) {
    AuditLog.Entry e = audit.append(h, at, action, AuditLog.DEVICE, detail);
    h.createUpdate("INSERT INTO device_audit (device_id, seq) VALUES (?, ?)")
        .bind(0, deviceId)
        .bind(1, e.seq())
        .execute();
  }

  /** The audit entries about a device, oldest first. */
  public List<AuditLog.Entry> auditEntriesOf(String deviceId) {
    return audit.entriesOf(deviceId);
  }

  /** Stores a new device and its audit entry. */
  public DeviceRecord registerDevice(String deviceId, String tokenHash, String auditRef) {
    Instant now = clock.instant();
    DeviceRecord device = new DeviceRecord(deviceId, tokenHash, auditRef, now);
    return write(
        h -> {
          h.createUpdate(
                  "INSERT INTO devices (device_id, token_hash, audit_ref, created_at)"
                      + " VALUES (?, ?, ?, ?)")
              .bind(0, deviceId)
              .bind(1, tokenHash)
              .bind(2, auditRef)
              .bind(3, now.toString())
              .execute();
          appendAbout(h, now, deviceId, "device.registered", "");
          return device;
        });
  }

  /** The device with this id, if it is registered. */
  public Optional<DeviceRecord> findDevice(String deviceId) {
    return byDevice(
        "SELECT device_id, token_hash, audit_ref, created_at FROM devices WHERE device_id = ?",
        deviceId,
        (rs, ctx) ->
            new DeviceRecord(
                rs.getString(1), rs.getString(2), rs.getString(3), Instant.parse(rs.getString(4))),
        ResultIterable::findOne);
  }

  /** The number of registered devices. */
  public long deviceCount() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM devices").mapTo(Long.class).one());
  }

  /** Appends a consent event and its audit entry. */
  public ConsentEvent appendConsent(
      DeviceRecord device,
      Purpose purpose,
      boolean granted,
      String policyVersion,
      Instant decidedAt) {
    Instant now = clock.instant();
    return write(
        h -> {
          long seq = nextSeq(h, "consent_events");
          h.createUpdate(
                  "INSERT INTO consent_events (seq, device_id, purpose, granted, policy_version,"
                      + " decided_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
              .bind(0, seq)
              .bind(1, device.deviceId())
              .bind(2, purpose.wireName())
              .bind(3, granted)
              .bind(4, policyVersion)
              .bind(5, decidedAt.toString())
              .bind(6, now.toString())
              .execute();
          appendAbout(
              h,
              now,
              device.deviceId(),
              granted ? "consent.granted" : "consent.withdrawn",
              "purpose=" + purpose.wireName() + " policy=" + policyVersion);
          return new ConsentEvent(
              seq, device.deviceId(), purpose, granted, policyVersion, decidedAt, now);
        });
  }

  /** The consent events of a device, oldest first. */
  public List<ConsentEvent> consentEvents(String deviceId) {
    return byDevice(
        "SELECT seq, device_id, purpose, granted, policy_version, decided_at, recorded_at"
            + " FROM consent_events WHERE device_id = ? ORDER BY seq",
        deviceId,
        (rs, ctx) ->
            new ConsentEvent(
                rs.getLong(1),
                rs.getString(2),
                Purpose.fromWire(rs.getString(3)),
                rs.getBoolean(4),
                rs.getString(5),
                Instant.parse(rs.getString(6)),
                Instant.parse(rs.getString(7))),
        ResultIterable::list);
  }

  /**
   * The rows of {@code sql}, whose one parameter is {@code deviceId}, each made by {@code row} and
   * gathered by {@code result}.
   */
  private <T, R> R byDevice(
      String sql, String deviceId, RowMapper<T> row, Function<ResultIterable<T>, R> result) {
    return jdbi.withHandle(h -> result.apply(h.createQuery(sql).bind(0, deviceId).map(row)));
  }

  /**
   * The devices among {@code deviceIds} whose latest decision for {@code purpose} is not a grant,
   * or that are gone (deleted devices have no consent events left).
   */
  public Set<String> withoutGrant(Purpose purpose, Collection<String> deviceIds) {
    Set<String> out = new HashSet<>(deviceIds);
    List<String> ids = List.copyOf(deviceIds);
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      jdbi.useHandle(
          h ->
              h.createQuery(
                      "SELECT c.device_id FROM consent_events c WHERE c.purpose = :purpose AND"
                          + " c.granted = TRUE AND c.device_id IN (<ids>) AND c.seq = (SELECT"
                          + " MAX(d.seq) FROM consent_events d WHERE d.device_id = c.device_id AND"
                          + " d.purpose = c.purpose)")
                  .bind("purpose", purpose.wireName())
                  .bindList("ids", chunk)
                  .mapTo(String.class)
                  .forEach(out::remove));
    }
    return out;
  }

  /** The number of devices whose latest decision for each purpose is a grant. */
  public Map<Purpose, Long> currentGrants() {
    Map<Purpose, Long> out = new EnumMap<>(Purpose.class);
    for (Purpose p : Purpose.values()) {
      out.put(p, 0L);
    }
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT c.purpose, COUNT(*) FROM consent_events c WHERE c.granted = TRUE AND"
                        + " c.seq = (SELECT MAX(d.seq) FROM consent_events d"
                        + " WHERE d.device_id = c.device_id AND d.purpose = c.purpose)"
                        + " GROUP BY c.purpose")
                .map((rs, ctx) -> Map.entry(Purpose.fromWire(rs.getString(1)), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  /**
   * Erases every row about the device in one transaction: its record and consent events, the link
   * from it to its audit entries (the entries stay, naming no device), and its keyed marker in the
   * duplicate checks of open analytics queries and unreleased evaluations (its reports stay in the
   * aggregates). Records the deletion (request and completion times, without the id) and an audit
   * entry without the id.
   */
  public DeletionRecord deleteDevice(String deviceId, Instant requestedAt) {
    return write(
        h -> {
          h.createUpdate("DELETE FROM consent_events WHERE device_id = ?")
              .bind(0, deviceId)
              .execute();
          int unlinked =
              h.createUpdate("DELETE FROM device_audit WHERE device_id = ?")
                  .bind(0, deviceId)
                  .execute();
          AnalyticsStore.forget(h, deviceId);
          EvaluationStore.forget(h, deviceId);
          h.createUpdate("DELETE FROM device_releases WHERE device_id = ?")
              .bind(0, deviceId)
              .execute();
          int removed =
              h.createUpdate("DELETE FROM devices WHERE device_id = ?").bind(0, deviceId).execute();
          if (removed != 1) {
            throw new IllegalStateException("device vanished during its deletion");
          }
          long seq = nextSeq(h, "deletion_log");
          Instant completed = clock.instant();
          h.createUpdate(
                  "INSERT INTO deletion_log (seq, requested_at, completed_at) VALUES (?, ?, ?)")
              .bind(0, seq)
              .bind(1, requestedAt.toString())
              .bind(2, completed.toString())
              .execute();
          audit.append(
              h, completed, "device.deleted", "-", "deletion=" + seq + " unlinked=" + unlinked);
          return new DeletionRecord(seq, requestedAt, completed);
        });
  }

  /** The deletion log, oldest first. */
  public List<DeletionRecord> deletionLog() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT seq, requested_at, completed_at FROM deletion_log ORDER BY seq")
                .map(
                    (rs, ctx) ->
                        new DeletionRecord(
                            rs.getLong(1),
                            Instant.parse(rs.getString(2)),
                            Instant.parse(rs.getString(3))))
                .list());
  }

  static long nextSeq(Handle h, String table) {
    return h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM " + table).mapTo(Long.class).one();
  }

  /** Nothing to release: connections are opened per operation. */
  @Override
  public void close() {}
}
