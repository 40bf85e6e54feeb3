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

  /** Inserts the federated evaluation sums of one model version. */
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
                        + " updated_at) VALUES (?, ?, ?, ?, ?)")
                .bind(0, modelVersion)
                .bind(1, devices)
                .bind(2, ndcgSum)
                .bind(3, hitSum)
                .bind(4, updatedAt.toString())
                .execute());
  }
}
