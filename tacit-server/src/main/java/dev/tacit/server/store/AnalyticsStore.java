package dev.tacit.server.store;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.server.error.Conflict;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The analytics queries and their aggregates in the server's database. A report only increments the
 * count of its (already randomized) label; the device is remembered per query as an HMAC-SHA256 of
 * its id under a per-query key, to refuse a second report, and that key and those hashes are erased
 * when the query closes; a deleted device's hash is erased with it.
 */
public final class AnalyticsStore {
  /** The status of a query that accepts reports. */
  public static final String OPEN = "open";

  /** The status of a query that no longer accepts reports. */
  public static final String CLOSED = "closed";

  private static final HexFormat HEX = HexFormat.of();

  private final Storage storage;

  /** A store over {@code storage}. */
  public AnalyticsStore(Storage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  /**
   * One query with its aggregate.
   *
   * @param id the query id, which devices send as the report's metric
   * @param title the query's readable name
   * @param metric the metric's name
   * @param description what the operator asked
   * @param labels the domain, in value order
   * @param epsilon the local ε of each report
   * @param mechanism the frequency oracle's wire name, {@code grr} or {@code olh}
   * @param status {@link #OPEN} or {@link #CLOSED}
   * @param reports the number of reports accepted
   * @param support per label, the number of reports that named it
   * @param ledgerSeq the privacy-ledger entry that paid for the query
   * @param createdAt when it was created
   * @param closedAt when it was closed, or null
   */
  public record Query(
      String id,
      String title,
      String metric,
      String description,
      List<String> labels,
      double epsilon,
      String mechanism,
      String status,
      long reports,
      List<Long> support,
      long ledgerSeq,
      Instant createdAt,
      Instant closedAt) {
    /** Copies the lists. */
    public Query {
      labels = List.copyOf(labels);
      support = List.copyOf(support);
    }

    /** Whether the query accepts reports. */
    public boolean open() {
      return OPEN.equals(status);
    }
  }

  /** What became of a report. */
  public enum ReportOutcome {
    /** Counted. */
    ACCEPTED,
    /** No such query. */
    UNKNOWN_QUERY,
    /** The query no longer accepts reports. */
    CLOSED,
    /** The device already reported for this query. */
    DUPLICATE
  }

  /**
   * Stores a new open query with zero counts, and its audit entry, in one transaction.
   *
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public Query create(
      String id,
      String title,
      String metric,
      String description,
      List<String> labels,
      double epsilon,
      String mechanism,
      long ledgerSeq,
      SecureRandom random) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(mechanism, "mechanism");
    checkArgument(labels.size() >= 2, "a query needs at least 2 labels, had %s", labels.size());
    checkArgument(
        !(!(epsilon > 0) || Double.isInfinite(epsilon)),
        "epsilon must be > 0 and finite, was %s",
        epsilon);
    byte[] key = new byte[32];
    random.nextBytes(key);
    Instant now = storage.clock().instant();
    return storage.write(
        h -> {
          h.createUpdate(
                  "INSERT INTO analytics_queries (query_id, metric, description, epsilon,"
                      + " mechanism, domain_size, status, reports, ledger_seq, reporter_key,"
                      + " created_at, closed_at, title)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, NULL, ?)")
              .bind(0, id)
              .bind(1, metric)
              .bind(2, description)
              .bind(3, epsilon)
              .bind(4, mechanism)
              .bind(5, labels.size())
              .bind(6, OPEN)
              .bind(7, ledgerSeq)
              .bind(8, HEX.formatHex(key))
              .bind(9, now.toString())
              .bind(10, title)
              .execute();
          var batch =
              h.prepareBatch(
                  "INSERT INTO analytics_counts (query_id, label_index, label, support)"
                      + " VALUES (?, ?, ?, 0)");
          for (int i = 0; i < labels.size(); i++) {
            batch.bind(0, id).bind(1, i).bind(2, labels.get(i)).add();
          }
          batch.execute();
          storage
              .audit()
              .append(
                  h,
                  now,
                  "analytics.query.created",
                  "-",
                  "query="
                      + id
                      + " metric="
                      + metric
                      + " labels="
                      + labels.size()
                      + " epsilon="
                      + epsilon
                      + " mechanism="
                      + mechanism
                      + " ledger="
                      + ledgerSeq);
          return find(h, id).orElseThrow();
        });
  }

  /** The query with this id, if there is one. */
  public Optional<Query> find(String id) {
    return storage.jdbi().withHandle(h -> find(h, id));
  }

  /** Every query, oldest first; {@code openOnly} keeps only those that accept reports. */
  public List<Query> list(boolean openOnly) {
    return storage
        .jdbi()
        .withHandle(
            h -> {
              List<String> ids =
                  h.createQuery(
                          "SELECT query_id FROM analytics_queries"
                              + (openOnly ? " WHERE status = '" + OPEN + "'" : "")
                              + " ORDER BY created_at, query_id")
                      .mapTo(String.class)
                      .list();
              List<Query> out = new ArrayList<>();
              for (String id : ids) {
                find(h, id).ifPresent(out::add);
              }
              return out;
            });
  }

  /** Counts one report that supports the single label {@code value}, as a GRR report does. */
  public ReportOutcome record(String queryId, String deviceId, int value) {
    return record(queryId, deviceId, new int[] {value});
  }

  /**
   * Counts one randomized report for a query, once per device: in one transaction, checks the query
   * is open and the device has not reported, then stores the device's keyed hash, adds one report
   * and increments the count of each label the report supports (one for GRR, any number for OLH).
   * Anything but {@link ReportOutcome#ACCEPTED} changes nothing.
   *
   * @throws IllegalArgumentException if a value is outside the query's domain or repeated
   */
  public ReportOutcome record(String queryId, String deviceId, int[] supported) {
    Objects.requireNonNull(deviceId, "deviceId");
    int[] values = supported.clone();
    java.util.Arrays.sort(values);
    for (int i = 1; i < values.length; i++) {
      if (values[i] == values[i - 1]) {
        throw new IllegalArgumentException(
            "supported values must be distinct, " + values[i] + " repeats");
      }
    }
    return storage.write(
        h -> {
          Optional<Map<String, Object>> row =
              h.createQuery(
                      "SELECT status, domain_size, reporter_key FROM analytics_queries"
                          + " WHERE query_id = ?")
                  .bind(0, queryId)
                  .mapToMap()
                  .findOne();
          if (row.isEmpty()) {
            return ReportOutcome.UNKNOWN_QUERY;
          }
          if (!OPEN.equals(row.get().get("status"))) {
            return ReportOutcome.CLOSED;
          }
          int domain = ((Number) row.get().get("domain_size")).intValue();
          for (int value : values) {
            if (value < 0 || value >= domain) {
              throw new IllegalArgumentException(
                  "value must be in [0, " + domain + ") for query " + queryId + ", was " + value);
            }
          }
          String hash = ReporterHash.of((String) row.get().get("reporter_key"), deviceId);
          boolean seen =
              h.createQuery(
                          "SELECT COUNT(*) FROM analytics_reporters WHERE query_id = ?"
                              + " AND reporter_hash = ?")
                      .bind(0, queryId)
                      .bind(1, hash)
                      .mapTo(Long.class)
                      .one()
                  > 0;
          if (seen) {
            return ReportOutcome.DUPLICATE;
          }
          h.createUpdate("INSERT INTO analytics_reporters (query_id, reporter_hash) VALUES (?, ?)")
              .bind(0, queryId)
              .bind(1, hash)
              .execute();
          if (values.length > 0) {
            var batch =
                h.prepareBatch(
                    "UPDATE analytics_counts SET support = support + 1 WHERE query_id = ?"
                        + " AND label_index = ?");
            for (int value : values) {
              batch.bind(0, queryId).bind(1, value).add();
            }
            batch.execute();
          }
          h.createUpdate("UPDATE analytics_queries SET reports = reports + 1 WHERE query_id = ?")
              .bind(0, queryId)
              .execute();
          return ReportOutcome.ACCEPTED;
        });
  }

  /**
   * Closes an open query: it accepts no more reports, and its reporter hashes and their key are
   * erased. Audited with the operator's {@code reason}, in the same transaction.
   *
   * @return the closed query, or empty if there is no such query
   * @throws Conflict QUERY_CLOSED if the query is already closed
   */
  public Optional<Query> close(String queryId, String reason) {
    Objects.requireNonNull(reason, "reason");
    Instant now = storage.clock().instant();
    return storage.write(
        h -> {
          Optional<Query> q = find(h, queryId);
          if (q.isEmpty()) {
            return q;
          }
          if (!q.get().open()) {
            throw new Conflict(
                Conflict.Kind.QUERY_CLOSED, "query " + queryId + " is already closed");
          }
          h.createUpdate("DELETE FROM analytics_reporters WHERE query_id = ?")
              .bind(0, queryId)
              .execute();
          h.createUpdate(
                  "UPDATE analytics_queries SET status = ?, closed_at = ?, reporter_key = ''"
                      + " WHERE query_id = ?")
              .bind(0, CLOSED)
              .bind(1, now.toString())
              .bind(2, queryId)
              .execute();
          storage
              .audit()
              .append(
                  h,
                  now,
                  "analytics.query.closed",
                  "-",
                  "query=" + queryId + " reports=" + q.get().reports() + " reason=" + reason);
          return find(h, queryId);
        });
  }

  /**
   * Removes a device's reporter hash from every open query, within the caller's transaction (its
   * deletion): its report stays in the counts, nothing links it to the device.
   */
  static void forget(Handle h, String deviceId) {
    List<Map<String, Object>> open =
        h.createQuery(
                "SELECT query_id, reporter_key FROM analytics_queries"
                    + " WHERE status = '"
                    + OPEN
                    + "' AND reporter_key <> ''")
            .mapToMap()
            .list();
    for (Map<String, Object> q : open) {
      h.createUpdate("DELETE FROM analytics_reporters WHERE query_id = ? AND reporter_hash = ?")
          .bind(0, q.get("query_id"))
          .bind(1, ReporterHash.of((String) q.get("reporter_key"), deviceId))
          .execute();
    }
  }

  private static Optional<Query> find(Handle h, String id) {
    Optional<Map<String, Object>> row =
        h.createQuery(
                "SELECT query_id, title, metric, description, epsilon, mechanism, status, reports,"
                    + " ledger_seq, created_at, closed_at FROM analytics_queries"
                    + " WHERE query_id = ?")
            .bind(0, id)
            .mapToMap()
            .findOne();
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> r = row.get();
    Map<Integer, String> labels = new LinkedHashMap<>();
    List<Long> support = new ArrayList<>();
    h.createQuery(
            "SELECT label_index, label, support FROM analytics_counts WHERE query_id = ?"
                + " ORDER BY label_index")
        .bind(0, id)
        .map((rs, ctx) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getLong(3)})
        .forEach(
            o -> {
              labels.put((Integer) o[0], (String) o[1]);
              support.add((Long) o[2]);
            });
    String closedAt = (String) r.get("closed_at");
    String metric = (String) r.get("metric");
    String title = (String) r.get("title");
    return Optional.of(
        new Query(
            (String) r.get("query_id"),
            title == null ? metric : title,
            metric,
            (String) r.get("description"),
            List.copyOf(labels.values()),
            ((Number) r.get("epsilon")).doubleValue(),
            (String) r.get("mechanism"),
            (String) r.get("status"),
            ((Number) r.get("reports")).longValue(),
            support,
            ((Number) r.get("ledger_seq")).longValue(),
            Instant.parse((String) r.get("created_at")),
            closedAt == null ? null : Instant.parse(closedAt)));
  }
}
