package dev.tacit.server.store;

import java.time.Instant;

/**
 * Test-only writes of the rows the federated rounds will write ({@code rounds}, {@code
 * evaluations}), so the dashboard can be tested before the round code exists.
 */
public final class DashboardFixtures {
  private DashboardFixtures() {}

  /** Inserts one round; {@code finishedAt}, {@code resultVersion} and {@code norm} may be null. */
  public static void insertRound(
      Storage storage,
      long round,
      long modelVersion,
      Long resultVersion,
      String status,
      int cohort,
      int survivors,
      int dropouts,
      double noiseMultiplier,
      double samplingRate,
      double epsilonAfter,
      double delta,
      Double norm,
      Instant startedAt,
      Instant finishedAt) {
    storage.write(
        h ->
            h.createUpdate(
                    "INSERT INTO rounds (round, model_version, result_version, status, cohort,"
                        + " survivors, dropouts, noise_multiplier, sampling_rate, epsilon_after,"
                        + " delta, update_norm, started_at, finished_at, note)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, round)
                .bind(1, modelVersion)
                .bind(2, resultVersion)
                .bind(3, status)
                .bind(4, cohort)
                .bind(5, survivors)
                .bind(6, dropouts)
                .bind(7, noiseMultiplier)
                .bind(8, samplingRate)
                .bind(9, epsilonAfter)
                .bind(10, delta)
                .bind(11, norm)
                .bind(12, startedAt.toString())
                .bind(13, finishedAt == null ? null : finishedAt.toString())
                .bind(14, "test round " + round)
                .execute());
  }

  /**
   * Inserts a round whose sum was rejected by the norm check after its release was charged by
   * ledger spend {@code ledgerSeq}, under colluding fraction {@code kappa}.
   */
  public static void insertRejectedRound(
      Storage storage, long round, long modelVersion, double kappa, long ledgerSeq, Instant at) {
    storage.write(
        h ->
            h.createUpdate(
                    "INSERT INTO rounds (round, model_version, result_version, status, cohort,"
                        + " survivors, dropouts, noise_multiplier, sampling_rate, epsilon_after,"
                        + " delta, update_norm, started_at, finished_at, note, colluding_fraction,"
                        + " ledger_seq) VALUES (?, ?, NULL, 'rejected', 100, 95, 5, 1.1, 0.01, 2.0,"
                        + " 1e-6, 11838.2, ?, ?, 'rejected: the sum exceeds the bound', ?, ?)")
                .bind(0, round)
                .bind(1, modelVersion)
                .bind(2, at.toString())
                .bind(3, at.plusSeconds(9).toString())
                .bind(4, kappa)
                .bind(5, ledgerSeq)
                .execute());
  }

  /** Inserts the released federated evaluation sums of one model version. */
  public static void insertEvaluation(
      Storage storage,
      long modelVersion,
      long devices,
      double ndcgSum,
      double hitSum,
      Instant updatedAt) {
    storage.write(
        h ->
            h.createUpdate(
                    "INSERT INTO evaluations (model_version, devices, ndcg_sum, hit_sum,"
                        + " updated_at, released_at, ledger_seq, noise_sigma)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 0, 0)")
                .bind(0, modelVersion)
                .bind(1, devices)
                .bind(2, ndcgSum)
                .bind(3, hitSum)
                .bind(4, updatedAt.toString())
                .bind(5, updatedAt.toString())
                .execute());
  }

  /**
   * Inserts {@code n} completed rounds (round i turns version i into i + 1, ε growing with the
   * square root of i) and the federated evaluation of every version they produced, in one
   * transaction.
   */
  public static void insertHistory(Storage storage, int n, Instant t0) {
    storage.write(
        h -> {
          for (int i = 1; i <= n; i++) {
            Instant start = t0.plusSeconds(30L * i);
            h.createUpdate(
                    "INSERT INTO rounds (round, model_version, result_version, status, cohort,"
                        + " survivors, dropouts, noise_multiplier, sampling_rate, epsilon_after,"
                        + " delta, update_norm, started_at, finished_at, note)"
                        + " VALUES (?, ?, ?, 'completed', ?, ?, ?, 1.1, 0.01, ?, 1e-6, 0.5, ?, ?,"
                        + " 'history')")
                .bind(0, (long) i)
                .bind(1, (long) i)
                .bind(2, (long) i + 1)
                .bind(3, 200)
                .bind(4, 180 + i % 15)
                .bind(5, 20 - i % 15)
                .bind(6, 0.2 * Math.sqrt(i))
                .bind(7, start.toString())
                .bind(8, start.plusSeconds(10 + i % 7).toString())
                .execute();
            long devices = 50 + i % 20;
            h.createUpdate(
                    "INSERT INTO evaluations (model_version, devices, ndcg_sum, hit_sum,"
                        + " updated_at, released_at, ledger_seq, noise_sigma)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 0, 0)")
                .bind(0, (long) i + 1)
                .bind(1, devices)
                .bind(2, devices * (0.1 + 0.25 * i / n))
                .bind(3, devices * (0.3 + 0.4 * i / n))
                .bind(4, start.plusSeconds(20).toString())
                .bind(5, start.plusSeconds(20).toString())
                .execute();
          }
          return null;
        });
  }
}
