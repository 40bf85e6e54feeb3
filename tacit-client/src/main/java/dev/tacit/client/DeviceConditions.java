package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

/**
 * The device's state as the app sees it when it calls {@code participate}.
 *
 * @param batteryLevel in [0, 1]
 * @param charging whether the device is charging
 * @param unmetered whether the network is unmetered (Wi-Fi, Ethernet)
 */
public record DeviceConditions(double batteryLevel, boolean charging, boolean unmetered) {
  /** Validates the battery level. */
  public DeviceConditions {
    checkArgument(
        batteryLevel >= 0 && batteryLevel <= 1,
        "batteryLevel must be in [0, 1], was %s",
        batteryLevel);
  }

  /** Charging on Wi-Fi with a full battery: the ideal idle moment. */
  public static DeviceConditions idle() {
    return new DeviceConditions(1, true, true);
  }
}
