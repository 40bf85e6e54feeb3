package dev.tacit.protocol;

import java.time.Instant;

/**
 * A user granted or withdrew a purpose, having been shown the given policy version. The server
 * appends it to its consent ledger.
 *
 * @param deviceId the pseudonymous device id
 * @param purpose the purpose
 * @param granted true for a grant, false for a withdrawal
 * @param policyVersion the version of the privacy policy the user saw
 * @param time when the user decided
 */
public record ConsentUpdate(
    String deviceId, Purpose purpose, boolean granted, String policyVersion, Instant time) {
  /** Validates the update. */
  public ConsentUpdate {
    Checks.id(deviceId, "deviceId", 64);
    Checks.present(purpose, "purpose");
    Checks.id(policyVersion, "policyVersion", 32);
    Checks.present(time, "time");
  }
}
