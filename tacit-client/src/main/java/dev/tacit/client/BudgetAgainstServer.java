package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;
import static dev.tacit.check.Preconditions.checkOpenUnit;

/**
 * The (ε, δ) one device may spend against the server: the rounds it sends a masked update to,
 * composed without amplification by sampling (the server sees which devices take part). The device
 * declines rounds past it.
 *
 * @param epsilon the ε the device may reach, > 0 ({@code +∞} for no limit)
 * @param delta the δ at which ε is stated, in (0, 1)
 */
public record BudgetAgainstServer(double epsilon, double delta) {
  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if ε is not > 0 or δ is not in (0, 1)
   */
  public BudgetAgainstServer {
    checkArgument(epsilon > 0, "epsilon must be > 0 (or infinite), was %s", epsilon);
    checkOpenUnit(delta, "delta");
  }

  /** No limit on ε, stated at {@code delta}. */
  public static BudgetAgainstServer unlimited(double delta) {
    return new BudgetAgainstServer(Double.POSITIVE_INFINITY, delta);
  }

  /** Whether ε is limited. */
  public boolean limited() {
    return Double.isFinite(epsilon);
  }
}
