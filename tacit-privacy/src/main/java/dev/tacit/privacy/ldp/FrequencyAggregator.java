package dev.tacit.privacy.ldp;

/**
 * Accumulates the reports of a {@link FrequencyOracle} and estimates counts. Not thread-safe.
 *
 * @param <R> the report type
 */
public interface FrequencyAggregator<R> {

  /**
   * Adds one client's report.
   *
   * @throws IllegalArgumentException if the report is malformed for the oracle
   */
  void add(R report);

  /** The number of reports added. */
  long reportCount();

  /** The unbiased estimate of each value's count, indexed by value. */
  double[] estimateCounts();
}
