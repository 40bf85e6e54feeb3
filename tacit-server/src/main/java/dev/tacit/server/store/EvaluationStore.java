package dev.tacit.server.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Federated evaluation in the server's database. Until a model version's evaluation is released,
 * its row holds the exact sums of the reports so far and each reporter is remembered as an
 * HMAC-SHA256 of its device id under the version's random key (to refuse a second report); the
 * report that brings the count to the minimum releases it: the sums are overwritten by the noised
 * sums, and the key and the reporter hashes are erased. A released version takes no more reports.
 */
public final class EvaluationStore {
  private final Storage storage;
  private final SecureRandom random;

  /** A store over {@code storage}; {@code random} draws the per-version keys. */
  public EvaluationStore(Storage storage, SecureRandom random) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** What became of a report. */
  public enum Outcome {
    /** Added to the version's sums. */
    ACCEPTED,
    /** Added, and the version's evaluation was released with it. */
    RELEASED,
    /** This report would complete the minimum: it needs a charged {@link Release}. */
    NEEDS_RELEASE,
    /** The device already reported on this version; nothing changed. */
    DUPLICATE,
    /** The version's evaluation was released before; nothing changed. */
    ALREADY_RELEASED
  }

  /**
   * The noise of a release, already charged to the privacy ledger.
   *
   * @param ledgerSeq the ledger's spend
   * @param ndcgNoise the noise added to the NDCG@10 sum
   * @param hitNoise the noise added to the hit@10 sum
   * @param sigma the standard deviation of each noise
   */
  public record Release(long ledgerSeq, double ndcgNoise, double hitNoise, double sigma) {}

  /**
   * A released evaluation of one model version.
   *
   * @param devices the number of reports released, the minimum in force at the release
   * @param ndcgSum the released (noised) sum of NDCG@10
   * @param hitSum the released (noised) sum of hit@10
   * @param noiseSigma the standard deviation of the noise on each sum
   * @param ledgerSeq the privacy-ledger spend that charged the release
   */
  public record Released(
      long modelVersion,
      long devices,
      double ndcgSum,
      double hitSum,
      double noiseSigma,
      long ledgerSeq,
      Instant releasedAt) {
    /** The released mean NDCG@10, clamped to [0, 1] (post-processing). */
    public double ndcgAt10() {
      return clamp(ndcgSum / devices);
    }

    /** The released mean hit@10, clamped to [0, 1] (post-processing). */
    public double hitAt10() {
      return clamp(hitSum / devices);
    }

    /** The standard deviation of the noise on each mean. */
    public double meanNoiseSigma() {
      return noiseSigma / devices;
    }

    private static double clamp(double v) {
      return Math.max(0, Math.min(1, v));
    }
  }

  /**
   * Where a version's evaluation stands for one device, read outside any transaction: a hint for
   * whether its next report needs a release ({@link #record} alone decides).
   *
   * @param reports the reports counted so far
   * @param released whether the version was released
   * @param reported whether this device already reported on it
   */
  public record State(long reports, boolean released, boolean reported) {}

  /** The state of {@code modelVersion}'s evaluation for {@code deviceId}. */
  public State state(long modelVersion, String deviceId) {
    return storage
        .jdbi()
        .withHandle(
            h -> {
              Optional<Map<String, Object>> row = row(h, modelVersion);
              if (row.isEmpty()) {
                return new State(0, false, false);
              }
              Map<String, Object> r = row.get();
              boolean released = r.get("released_at") != null;
              boolean reported =
                  !released && seen(h, modelVersion, (String) r.get("reporter_key"), deviceId);
              return new State(((Number) r.get("devices")).longValue(), released, reported);
            });
  }

  /**
   * Counts one device's report on a model version, in one transaction: refuses a released version
   * and a second report of the device; the report that brings the count to {@code minReports}
   * releases the sums with {@code release}'s noise, or answers {@link Outcome#NEEDS_RELEASE} (and
   * changes nothing) without one. Anything but ACCEPTED or RELEASED changes nothing.
   */
  public Outcome record(
      long modelVersion,
      String deviceId,
      double ndcg,
      double hit,
      int minReports,
      Release release) {
    Objects.requireNonNull(deviceId, "deviceId");
    Instant now = storage.clock().instant();
    return storage.write(
        h -> {
          Map<String, Object> r = row(h, modelVersion).orElse(null);
          if (r == null) {
            h.createUpdate(
                    "INSERT INTO evaluations (model_version, devices, ndcg_sum, hit_sum,"
                        + " updated_at, reporter_key) VALUES (?, 0, 0, 0, ?, ?)")
                .bind(0, modelVersion)
                .bind(1, now.toString())
                .bind(2, ReporterHash.newKey(random))
                .execute();
            r = row(h, modelVersion).orElseThrow();
          }
          if (r.get("released_at") != null) {
            return Outcome.ALREADY_RELEASED;
          }
          String key = (String) r.get("reporter_key");
          if (seen(h, modelVersion, key, deviceId)) {
            return Outcome.DUPLICATE;
          }
          long count = ((Number) r.get("devices")).longValue() + 1;
          if (count < minReports) {
            h.createUpdate(
                    "INSERT INTO evaluation_reporters (model_version, reporter_hash) VALUES (?, ?)")
                .bind(0, modelVersion)
                .bind(1, ReporterHash.of(key, deviceId))
                .execute();
            h.createUpdate(
                    "UPDATE evaluations SET devices = devices + 1, ndcg_sum = ndcg_sum + ?,"
                        + " hit_sum = hit_sum + ?, updated_at = ? WHERE model_version = ?")
                .bind(0, ndcg)
                .bind(1, hit)
                .bind(2, now.toString())
                .bind(3, modelVersion)
                .execute();
            return Outcome.ACCEPTED;
          }
          if (release == null) {
            return Outcome.NEEDS_RELEASE;
          }
          h.createUpdate("DELETE FROM evaluation_reporters WHERE model_version = ?")
              .bind(0, modelVersion)
              .execute();
          h.createUpdate(
                  "UPDATE evaluations SET devices = devices + 1, ndcg_sum = ndcg_sum + ?,"
                      + " hit_sum = hit_sum + ?, updated_at = ?, released_at = ?, ledger_seq = ?,"
                      + " noise_sigma = ?, reporter_key = '' WHERE model_version = ?")
              .bind(0, ndcg + release.ndcgNoise())
              .bind(1, hit + release.hitNoise())
              .bind(2, now.toString())
              .bind(3, now.toString())
              .bind(4, release.ledgerSeq())
              .bind(5, release.sigma())
              .bind(6, modelVersion)
              .execute();
          storage
              .audit()
              .append(
                  h,
                  now,
                  "evaluation.released",
                  "-",
                  "version="
                      + modelVersion
                      + " reports="
                      + count
                      + " sigma="
                      + release.sigma()
                      + " ledger="
                      + release.ledgerSeq());
          return Outcome.RELEASED;
        });
  }

  /** The released evaluations, oldest version first; versions not yet released are left out. */
  public List<Released> released() {
    return released(storage);
  }

  static List<Released> released(Storage storage) {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT model_version, devices, ndcg_sum, hit_sum, noise_sigma, ledger_seq,"
                            + " released_at FROM evaluations WHERE released_at IS NOT NULL"
                            + " ORDER BY model_version")
                    .map(
                        (rs, ctx) ->
                            new Released(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getDouble(3),
                                rs.getDouble(4),
                                rs.getDouble(5),
                                rs.getLong(6),
                                Instant.parse(rs.getString(7))))
                    .list());
  }

  /**
   * Removes a device's reporter hashes from every version not yet released, within the caller's
   * transaction (its deletion): its figures stay in the sums, nothing links them to it.
   */
  static void forget(Handle h, String deviceId) {
    List<Map<String, Object>> open =
        h.createQuery(
                "SELECT model_version, reporter_key FROM evaluations"
                    + " WHERE released_at IS NULL AND reporter_key <> ''")
            .mapToMap()
            .list();
    for (Map<String, Object> r : open) {
      h.createUpdate(
              "DELETE FROM evaluation_reporters WHERE model_version = ? AND reporter_hash = ?")
          .bind(0, ((Number) r.get("model_version")).longValue())
          .bind(1, ReporterHash.of((String) r.get("reporter_key"), deviceId))
          .execute();
    }
  }

  private static Optional<Map<String, Object>> row(Handle h, long modelVersion) {
    return h.createQuery(
            "SELECT devices, released_at, reporter_key FROM evaluations WHERE model_version = ?")
        .bind(0, modelVersion)
        .mapToMap()
        .findOne();
  }

  private static boolean seen(Handle h, long modelVersion, String key, String deviceId) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    return h.createQuery(
                "SELECT COUNT(*) FROM evaluation_reporters WHERE model_version = ?"
                    + " AND reporter_hash = ?")
            .bind(0, modelVersion)
            .bind(1, ReporterHash.of(key, deviceId))
            .mapTo(Long.class)
            .one()
        > 0;
  }
}
