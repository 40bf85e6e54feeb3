package dev.tacit.client;

import java.time.Duration;

/**
 * Waits, for the pauses of round participation (a device checks in again while a round is still
 * gathering devices); a test passes one that advances a fake clock instead.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Waits for {@code duration}.
   *
   * @throws IllegalStateException if the thread is interrupted while waiting (its interrupt flag is
   *     set again)
   */
  void sleep(Duration duration);

  /** A sleeper that blocks the calling thread. */
  static Sleeper system() {
    return duration -> {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting to check in again", e);
      }
    };
  }
}
