package dev.tacit.protocol;

import java.time.Instant;

/**
 * The user asked to delete everything: the server forgets the device (its token, its consent state)
 * and records the request with its completion time.
 *
 * @param deviceId the pseudonymous device id
 * @param time when the user asked
 */
public record DeletionRequest(String deviceId, Instant time) {
  /** Validates the request. */
  public DeletionRequest {
    Checks.id(deviceId, "deviceId", 64);
    Checks.present(time, "time");
  }
}
