package dev.tacit.server.rounds;

import static dev.tacit.check.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Objects;

/**
 * How often rounds may open, on the server's clock: a round opens no sooner than {@code
 * minInterval} after the previous one opened; after a round aborts because too few devices were
 * recruited, the next waits {@code shortfallBackoff}, doubled after every further such abort in a
 * row, up to {@code maxBackoff}. A device told to wait is answered with a retry-after of that long.
 *
 * @param minInterval the least time between two round openings
 * @param shortfallBackoff the wait after one round aborted for lack of devices
 * @param maxBackoff the longest wait after several in a row
 */
public record RoundPacing(Duration minInterval, Duration shortfallBackoff, Duration maxBackoff) {
  /** Validates the durations. */
  public RoundPacing {
    Objects.requireNonNull(minInterval, "minInterval");
    Objects.requireNonNull(shortfallBackoff, "shortfallBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    checkArgument(
        !minInterval.isNegative() && !shortfallBackoff.isNegative(),
        "minInterval and shortfallBackoff must be >= 0, were %s and %s",
        minInterval,
        shortfallBackoff);
    checkArgument(
        !(maxBackoff.compareTo(shortfallBackoff) < 0),
        "maxBackoff must be >= shortfallBackoff = %s, was %s",
        shortfallBackoff,
        maxBackoff);
  }

  /**
   * The defaults: rounds open at most every 2 s (a device told to retry within 2 s checks in again
   * by itself, so rounds run back to back are barely slowed, while no device can open more than one
   * round per 2 s), and after a round that found too few devices the next waits 30 s, then 60 s,
   * 120 s and so on up to an hour.
   */
  public static RoundPacing defaults() {
    return new RoundPacing(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(1));
  }

  /** No pacing: a round may open as soon as the previous one is over. */
  public static RoundPacing none() {
    return new RoundPacing(Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /** The wait after {@code shortfalls} rounds in a row aborted for lack of devices (0: none). */
  public Duration backoffAfter(int shortfalls) {
    if (shortfalls <= 0 || shortfallBackoff.isZero()) {
      return Duration.ZERO;
    }
    Duration wait = shortfallBackoff;
    for (int i = 1; i < shortfalls && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
