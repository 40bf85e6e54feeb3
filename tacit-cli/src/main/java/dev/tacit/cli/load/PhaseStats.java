package dev.tacit.cli.load;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The figures of one measured phase of a load test. Percentiles use the nearest-rank method: the
 * p-th percentile of n sorted latencies is the one at rank ⌈p/100 · n⌉.
 *
 * @param name what the phase sent, e.g. {@code "model downloads"}
 * @param requests the requests counted (those that finished inside the measured window)
 * @param seconds the length of the measured window
 * @param p50Millis the median latency
 * @param p90Millis the 90th percentile latency
 * @param p99Millis the 99th percentile latency
 * @param maxMillis the largest latency
 * @param errors failed requests by kind, sorted by kind ({@code "HTTP 429"}, {@code
 *     "HttpTimeoutException"}, ...)
 * @param answers the successful answers by kind (e.g. {@code "retry after 1 s"}), possibly empty
 */
public record PhaseStats(
    String name,
    long requests,
    double seconds,
    double p50Millis,
    double p90Millis,
    double p99Millis,
    double maxMillis,
    Map<String, Long> errors,
    Map<String, Long> answers) {

  /** Validates the figures. */
  public PhaseStats {
    Objects.requireNonNull(name, "name");
    if (requests < 0) {
      throw new IllegalArgumentException("requests must be >= 0, was " + requests);
    }
    if (!(seconds >= 0) || !Double.isFinite(seconds)) {
      throw new IllegalArgumentException("seconds must be >= 0 and finite, was " + seconds);
    }
    errors = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(errors, "errors")));
    answers =
        Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(answers, "answers")));
  }

  /**
   * The figures of {@code latenciesNanos} (one per counted request, in any order) over a window of
   * {@code elapsedNanos}.
   *
   * @throws IllegalArgumentException if a latency is negative, or the window is not positive while
   *     there are requests
   */
  public static PhaseStats of(
      String name,
      long[] latenciesNanos,
      long elapsedNanos,
      Map<String, Long> errors,
      Map<String, Long> answers) {
    long[] sorted = latenciesNanos.clone();
    Arrays.sort(sorted);
    if (sorted.length > 0 && sorted[0] < 0) {
      throw new IllegalArgumentException("latencies must be >= 0, was " + sorted[0] + " ns");
    }
    if (sorted.length > 0 && elapsedNanos <= 0) {
      throw new IllegalArgumentException(
          "elapsedNanos must be > 0 when there are requests, was " + elapsedNanos);
    }
    return new PhaseStats(
        name,
        sorted.length,
        Math.max(0, elapsedNanos) / 1e9,
        millis(percentile(sorted, 50)),
        millis(percentile(sorted, 90)),
        millis(percentile(sorted, 99)),
        millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]),
        errors,
        answers);
  }

  /**
   * The nearest-rank {@code p}-th percentile of {@code sorted} (ascending), 0 when it is empty.
   *
   * @throws IllegalArgumentException if {@code p} is not in (0, 100]
   */
  public static long percentile(long[] sorted, double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("p must be in (0, 100], was " + p);
    }
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(1, rank) - 1];
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  /** Requests per second over the window, 0 when nothing was counted. */
  public double requestsPerSecond() {
    return seconds > 0 ? requests / seconds : 0;
  }

  /** The failed requests, all kinds together. */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }
}
