package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;
import static dev.tacit.check.Preconditions.checkOpenUnit;

/**
 * The (ε, δ) this device has spent against the server: the rounds it sent a masked update to,
 * composed without amplification by sampling (RDP accountant, Mironov 2017).
 *
 * @param epsilon ε >= 0, infinite once the device sent an update without noise of its own
 * @param delta the δ at which ε is stated, in (0, 1)
 */
public record EpsilonAgainstServer(double epsilon, double delta) {
  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if ε is not >= 0 or δ is not in (0, 1)
   */
  public EpsilonAgainstServer {
    checkArgument(epsilon >= 0, "epsilon must be >= 0, was %s", epsilon);
    checkOpenUnit(delta, "delta");
  }
}
