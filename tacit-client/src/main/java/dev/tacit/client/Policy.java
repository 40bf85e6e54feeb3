package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

import java.time.Duration;

/**
 * What the app allows: how long events are kept, how many, how far in the future an event time may
 * be (clock skew), and when the device may take part in training.
 *
 * @param retention events older than this are deleted (default 90 days)
 * @param maxEvents the cap on the history; the oldest go first (default 5000)
 * @param maxClockSkew an event may be at most this far in the future (default 5 minutes)
 * @param minBattery the least battery level in [0, 1] to take part (default 0.5)
 * @param requireCharging take part only while charging (default true)
 * @param requireUnmetered take part only on an unmetered network (default true)
 */
public record Policy(
    Duration retention,
    int maxEvents,
    Duration maxClockSkew,
    double minBattery,
    boolean requireCharging,
    boolean requireUnmetered) {
  /** Validates the policy. */
  public Policy {
    checkArgument(
        retention != null && !retention.isNegative() && !retention.isZero(),
        "retention must be a positive duration, was %s",
        retention);
    checkArgument(
        maxEvents >= 1 && maxEvents <= 1_000_000,
        "maxEvents must be in [1, 1000000], was %s",
        maxEvents);
    checkArgument(
        maxClockSkew != null && !maxClockSkew.isNegative(),
        "maxClockSkew must be a non-negative duration, was %s",
        maxClockSkew);
    checkArgument(
        minBattery >= 0 && minBattery <= 1, "minBattery must be in [0, 1], was %s", minBattery);
  }

  /** The defaults. */
  public static Policy defaults() {
    return new Policy(Duration.ofDays(90), 5000, Duration.ofMinutes(5), 0.5, true, true);
  }

  /** This policy with another retention. */
  public Policy withRetention(Duration value) {
    return new Policy(
        value, maxEvents, maxClockSkew, minBattery, requireCharging, requireUnmetered);
  }

  /** This policy with another cap on the history. */
  public Policy withMaxEvents(int value) {
    return new Policy(
        retention, value, maxClockSkew, minBattery, requireCharging, requireUnmetered);
  }

  /** Whether the device may train now. */
  public boolean allows(DeviceConditions c) {
    return c.batteryLevel() >= minBattery
        && (!requireCharging || c.charging())
        && (!requireUnmetered || c.unmetered());
  }
}
