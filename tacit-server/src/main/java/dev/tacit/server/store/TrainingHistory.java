package dev.tacit.server.store;

import java.util.List;
import java.util.Objects;

/**
 * Read-only access to the federated rounds and the federated evaluation sums, for reports such as
 * the model card. Writes to these tables belong to the round coordinator.
 */
public final class TrainingHistory {
  private final Storage storage;

  /** A reader over {@code storage}. */
  public TrainingHistory(Storage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  /**
   * One federated round as stored.
   *
   * @param round the round number
   * @param modelVersion the model version it trained from
   * @param resultVersion the version it produced, or null
   * @param status recruiting, advertising, sharing, masking, unmasking, completed or aborted
   * @param cohort devices selected
   * @param survivors devices whose update entered the sum
   * @param dropouts devices that dropped out
   * @param noiseMultiplier the noise multiplier z
   * @param samplingRate the sampling rate q
   * @param epsilonAfter ε of the training purpose after the round
   * @param delta the δ of that ε
   * @param updateNorm the norm of the aggregated update, or null
   * @param startedAt when it opened (ISO-8601)
   * @param finishedAt when it ended (ISO-8601), or null
   * @param note a free-text note
   */
  public record Round(
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
      Double updateNorm,
      String startedAt,
      String finishedAt,
      String note) {}

  /**
   * The federated evaluation sums of one model version.
   *
   * @param modelVersion the model version
   * @param devices the number of devices that reported
   * @param ndcgSum the sum of their NDCG@10
   * @param hitSum the sum of their hit@10
   * @param updatedAt when the last report arrived (ISO-8601)
   */
  public record Evaluation(
      long modelVersion, long devices, double ndcgSum, double hitSum, String updatedAt) {}

  /** Every round, in round order. */
  public List<Round> rounds() {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT round, model_version, result_version, status, cohort, survivors,"
                            + " dropouts, noise_multiplier, sampling_rate, epsilon_after, delta,"
                            + " update_norm, started_at, finished_at, note FROM rounds"
                            + " ORDER BY round")
                    .map(
                        (rs, ctx) -> {
                          long result = rs.getLong(3);
                          Long resultVersion = rs.wasNull() ? null : result;
                          double norm = rs.getDouble(12);
                          Double updateNorm = rs.wasNull() ? null : norm;
                          return new Round(
                              rs.getLong(1),
                              rs.getLong(2),
                              resultVersion,
                              rs.getString(4),
                              rs.getInt(5),
                              rs.getInt(6),
                              rs.getInt(7),
                              rs.getDouble(8),
                              rs.getDouble(9),
                              rs.getDouble(10),
                              rs.getDouble(11),
                              updateNorm,
                              rs.getString(13),
                              rs.getString(14),
                              rs.getString(15));
                        })
                    .list());
  }

  /** The federated evaluation of every model version, in version order. */
  public List<Evaluation> evaluations() {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT model_version, devices, ndcg_sum, hit_sum, updated_at"
                            + " FROM evaluations ORDER BY model_version")
                    .map(
                        (rs, ctx) ->
                            new Evaluation(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getDouble(3),
                                rs.getDouble(4),
                                rs.getString(5)))
                    .list());
  }
}
