package dev.tacit.server.store;

import static dev.tacit.check.Preconditions.checkArgument;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reads behind the operator dashboard (rounds, federated evaluation, deletions), and the store
 * of the simulation report it audits for fairness. Reads take no lock; the one write goes through
 * {@link Storage#write} with its audit entry.
 */
public final class DashboardQueries {
  private final Storage storage;

  /** Queries over {@code storage}. */
  public DashboardQueries(Storage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  /**
   * One released row of {@code evaluations}: the noised sums over the devices that reported on a
   * model version.
   *
   * @param noiseSigma the standard deviation of the Gaussian noise on each sum
   * @param updatedAt when it was released
   */
  public record EvaluationRow(
      long modelVersion,
      long devices,
      double ndcgSum,
      double hitSum,
      double noiseSigma,
      Instant updatedAt) {}

  /**
   * Counts over all rounds.
   *
   * @param rejected rounds whose sum failed the norm check (charged, no model)
   */
  public record RoundCounts(
      long total, long completed, long aborted, long rejected, Long latestRound) {}

  /** A stored simulation report, as validated JSON text. */
  public record StoredReport(
      long seq, Instant loadedAt, String source, String sha256, String json) {}

  /**
   * The rounds with a number above {@code sinceRound}, oldest first.
   *
   * @throws IllegalArgumentException if {@code sinceRound} is negative
   */
  public List<RoundRow> roundsAfter(long sinceRound) {
    checkArgument(sinceRound >= 0, "sinceRound must be >= 0, was %s", sinceRound);
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT "
                            + RoundRow.COLUMNS
                            + " FROM rounds WHERE round > ? ORDER BY round")
                    .bind(0, sinceRound)
                    .map((rs, ctx) -> RoundRow.map(rs))
                    .list());
  }

  /** The number of rounds, completed and aborted, and the latest round number. */
  public RoundCounts roundCounts() {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT COUNT(*),"
                            + " COALESCE(SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), 0),"
                            + " COALESCE(SUM(CASE WHEN status = 'aborted' THEN 1 ELSE 0 END), 0),"
                            + " COALESCE(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END), 0),"
                            + " MAX(round) FROM rounds")
                    .map(
                        (rs, ctx) -> {
                          long latest = rs.getLong(5);
                          Long latestRound = rs.wasNull() ? null : latest;
                          return new RoundCounts(
                              rs.getLong(1),
                              rs.getLong(2),
                              rs.getLong(3),
                              rs.getLong(4),
                              latestRound);
                        })
                    .one());
  }

  /** The round that produced each model version, for the versions produced by a round. */
  public Map<Long, Long> roundOfResultVersion() {
    Map<Long, Long> out = new HashMap<>();
    storage
        .jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        "SELECT result_version, round FROM rounds"
                            + " WHERE result_version IS NOT NULL")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  /** The released federated evaluation sums per model version, oldest version first. */
  public List<EvaluationRow> evaluations() {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT model_version, devices, ndcg_sum, hit_sum, noise_sigma,"
                            + " released_at FROM evaluations WHERE released_at IS NOT NULL"
                            + " ORDER BY model_version")
                    .map(
                        (rs, ctx) ->
                            new EvaluationRow(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getDouble(3),
                                rs.getDouble(4),
                                rs.getDouble(5),
                                Instant.parse(rs.getString(6))))
                    .list());
  }

  /** The deletion log, newest first, at most {@code limit} rows. */
  public List<DeletionRecord> recentDeletions(int limit) {
    checkArgument(limit >= 1, "limit must be >= 1, was %s", limit);
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT seq, requested_at, completed_at FROM deletion_log"
                            + " ORDER BY seq DESC LIMIT ?")
                    .bind(0, limit)
                    .map(
                        (rs, ctx) ->
                            new DeletionRecord(
                                rs.getLong(1),
                                Instant.parse(rs.getString(2)),
                                Instant.parse(rs.getString(3))))
                    .list());
  }

  /** The number of deletions ever completed. */
  public long deletionCount() {
    return storage
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT COUNT(*) FROM deletion_log").mapTo(Long.class).one());
  }

  /** The newest simulation report, if one was loaded. */
  public Optional<StoredReport> latestReport() {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT seq, loaded_at, source, sha256, report FROM simulation_reports"
                            + " ORDER BY seq DESC LIMIT 1")
                    .map(
                        (rs, ctx) ->
                            new StoredReport(
                                rs.getLong(1),
                                Instant.parse(rs.getString(2)),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5)))
                    .findOne());
  }

  /**
   * Stores a validated simulation report with its audit entry ({@code dashboard.report_loaded}), in
   * one transaction.
   *
   * @param json the report, already validated by the caller
   * @param source where it came from (a file name or {@code upload}), at most 256 characters
   * @param sha256 the hex SHA-256 of {@code json}
   * @throws IllegalArgumentException if {@code source} or {@code sha256} is malformed
   */
  public StoredReport saveReport(String json, String source, String sha256) {
    Objects.requireNonNull(json, "json");
    checkArgument(
        !(source == null || source.isEmpty() || source.length() > 256),
        "source must be 1 to 256 characters, was %s",
        source);
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was " + sha256);
    }
    Instant now = storage.clock().instant();
    return storage.write(
        h -> {
          long seq = Storage.nextSeq(h, "simulation_reports");
          h.createUpdate(
                  "INSERT INTO simulation_reports (seq, loaded_at, source, sha256, report)"
                      + " VALUES (?, ?, ?, ?, ?)")
              .bind(0, seq)
              .bind(1, now.toString())
              .bind(2, source)
              .bind(3, sha256)
              .bind(4, json)
              .execute();
          storage
              .audit()
              .append(
                  h,
                  now,
                  "dashboard.report_loaded",
                  "-",
                  "report=" + seq + " sha256=" + sha256 + " source=" + source);
          return new StoredReport(seq, now, source, sha256, json);
        });
  }
}
