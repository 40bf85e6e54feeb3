package dev.tacit.federated.server.round;

import dev.tacit.check.Preconditions;
import java.time.Clock;
import java.time.Instant;

/**
 * A source of nanoseconds that a round's deadlines are measured on (Caffeine's {@code Ticker}):
 * only differences between two readings mean anything. Tests pass a fake one and move it by hand,
 * so that no test waits on real time for a deadline to pass.
 */
@FunctionalInterface
public interface Ticker {
  /** The current reading, in nanoseconds. */
  long read();

  /** The JVM's monotonic clock, {@link System#nanoTime}. */
  static Ticker system() {
    return System::nanoTime;
  }

  /**
   * The time source of a server whose clock is {@code clock}: the JVM's monotonic clock when {@code
   * clock} is a system clock (so that a stepped wall clock, e.g. by NTP, does not lengthen or
   * shorten a round's phase), otherwise the nanoseconds of {@code clock}'s instants (a test's fake
   * clock moves the rounds' deadlines with it).
   *
   * @throws IllegalArgumentException if {@code clock} is null
   */
  static Ticker of(Clock clock) {
    Preconditions.checkArgument(clock != null, "clock must be given");
    if (clock.equals(Clock.system(clock.getZone()))) {
      return system();
    }
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }
}
