package dev.tacit.federated.server;

import java.util.Locale;

/**
 * An unmasked sum was larger than honest clipping and the configured noise allow ({@link
 * SumCheck}): some device sent an update beyond the clip norm. Nothing was published; the release
 * stays charged.
 */
public final class SumRejectedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final long round;
  private final double norm;
  private final double bound;

  /**
   * The sum of {@code round} had L2 norm {@code norm}, above {@code bound} (both in the units of an
   * update).
   */
  public SumRejectedException(long round, double norm, double bound, int counted) {
    super(
        String.format(
            Locale.ROOT,
            "rejected: the sum's L2 norm %.6g exceeds the bound %.6g that honest clipping and the"
                + " noise allow for %d devices (false-alarm probability at most %s): some device"
                + " sent an update beyond the clip norm; no model was published, the release stays"
                + " charged",
            norm,
            bound,
            counted,
            SumCheck.FALSE_ALARM));
    this.round = round;
    this.norm = norm;
    this.bound = bound;
  }

  /** The round. */
  public long round() {
    return round;
  }

  /** The sum's L2 norm, in the units of an update. */
  public double norm() {
    return norm;
  }

  /** The bound it exceeded, in the units of an update. */
  public double bound() {
    return bound;
  }
}
