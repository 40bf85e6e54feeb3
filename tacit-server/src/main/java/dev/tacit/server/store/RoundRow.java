package dev.tacit.server.store;

import dev.tacit.federated.server.round.SessionStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;

/**
 * One row of the {@code rounds} table, read and written by {@link RoundStore} and read by {@link
 * DashboardQueries} through the one mapper here.
 *
 * @param resultVersion the model version the round produced, null until it completes
 * @param status where the round is; the database keeps {@link SessionStatus#wireName()}
 * @param epsilonAfter the training ε the ledger had spent when the row was written (after the
 *     round's own charge, if any)
 * @param updateNorm the norm of the applied update, null until it completes
 * @param finishedAt when it completed or aborted, null while it runs
 * @param colludingFraction κ: the fraction of the counted devices that may add no noise
 * @param ledgerSeq the privacy-ledger spend that charged the round's release, or null if it
 *     released nothing
 */
public record RoundRow(
    long round,
    long modelVersion,
    Long resultVersion,
    SessionStatus status,
    int cohort,
    int survivors,
    int dropouts,
    double noiseMultiplier,
    double samplingRate,
    double epsilonAfter,
    double delta,
    Double updateNorm,
    Instant startedAt,
    Instant finishedAt,
    String note,
    double colludingFraction,
    Long ledgerSeq) {

  /** Whether the round's release was charged to the privacy ledger. */
  public boolean charged() {
    return ledgerSeq != null;
  }

  /** The columns {@link #map} reads, in its order. */
  static final String COLUMNS =
      "round, model_version, result_version, status, cohort, survivors, dropouts,"
          + " noise_multiplier, sampling_rate, epsilon_after, delta, update_norm, started_at,"
          + " finished_at, note, colluding_fraction, ledger_seq";

  /** ε = ∞ (a round without noise) is stored as the largest double, which both databases keep. */
  static double toStored(double epsilon) {
    return Double.isInfinite(epsilon) ? Double.MAX_VALUE : epsilon;
  }

  /** The status of its stored name. */
  static SessionStatus status(String stored) {
    return SessionStatus.valueOf(stored.toUpperCase(Locale.ROOT));
  }

  /** The row at the cursor of a query that selected {@link #COLUMNS}. */
  static RoundRow map(ResultSet rs) throws SQLException {
    long rv = rs.getLong(3);
    Long result = rs.wasNull() ? null : rv;
    double norm = rs.getDouble(12);
    Double updateNorm = rs.wasNull() ? null : norm;
    String fin = rs.getString(14);
    long seq = rs.getLong(17);
    Long ledgerSeq = rs.wasNull() ? null : seq;
    double epsilon = rs.getDouble(10);
    return new RoundRow(
        rs.getLong(1),
        rs.getLong(2),
        result,
        status(rs.getString(4)),
        rs.getInt(5),
        rs.getInt(6),
        rs.getInt(7),
        rs.getDouble(8),
        rs.getDouble(9),
        epsilon == Double.MAX_VALUE ? Double.POSITIVE_INFINITY : epsilon,
        rs.getDouble(11),
        updateNorm,
        Instant.parse(rs.getString(13)),
        fin == null ? null : Instant.parse(fin),
        rs.getString(15),
        rs.getDouble(16),
        ledgerSeq);
  }
}
