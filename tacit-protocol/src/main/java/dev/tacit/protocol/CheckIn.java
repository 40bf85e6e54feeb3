package dev.tacit.protocol;

/**
 * A device that may take part in a round says so: its id and the model version it holds.
 *
 * @param deviceId the pseudonymous device id
 * @param modelVersion the model version the device holds, -1 for none
 */
public record CheckIn(String deviceId, long modelVersion) {
  /** Validates the check-in. */
  public CheckIn {
    Checks.id(deviceId, "deviceId", 64);
    Checks.atLeast(modelVersion, -1, "modelVersion");
  }
}
