package dev.tacit.federated.round;

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
   * The nanoseconds of {@code clock}'s instants: one time source for a server whose clock is
   * injected (a test's fake clock moves the rounds' deadlines with it). Readings follow the clock,
   * also when it is set back.
   *
   * @throws IllegalArgumentException if {@code clock} is null
   */
  static Ticker of(Clock clock) {
    Preconditions.checkArgument(clock != null, "clock must be given");
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }
}
