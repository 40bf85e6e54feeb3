package dev.tacit.privacy.ldp;

import dev.tacit.privacy.random.RandomSource;
import java.util.BitSet;

/**
 * A pure ε-LDP frequency oracle (Wang, Blocki, Li &amp; Jha, "Locally Differentially Private
 * Protocols for Frequency Estimation", USENIX Security 2017): each client randomizes its value in
 * {@code [0, domainSize)} into a report; the aggregator estimates every value's count without bias.
 *
 * <p>A report supports a value with probability {@link #p()} if it is the client's value and {@link
 * #q()} otherwise; the count estimate is (C(v) − nq)/(p − q), where C(v) is the number of reports
 * supporting v.
 *
 * @param <R> the report type
 */
public interface FrequencyOracle<R> {

  /** The number of values, k >= 2. */
  int domainSize();

  /** The local privacy parameter ε. */
  double epsilon();

  /** The probability that a report supports the client's own value. */
  double p();

  /** The probability that a report supports a given other value. */
  double q();

  /**
   * Randomizes {@code value} into a report that is ε-LDP.
   *
   * @throws IllegalArgumentException if {@code value} is outside {@code [0, domainSize)}
   */
  R randomize(int value, RandomSource random);

  /**
   * The values {@code report} supports, in increasing order: an aggregator adds 1 to each of their
   * support counts. For GRR the reported value; for OLH every value that hashes to the reported
   * bucket under the report's hash function.
   *
   * @throws IllegalArgumentException if the report is malformed for the oracle
   */
  int[] supportedValues(R report);

  /**
   * The number of values at and above which {@link #recommended} prefers optimized local hashing to
   * generalized randomized response at {@code epsilon}: 3e^ε + 2. Below it GRR's variance, n (d − 2
   * + e^ε)/(e^ε − 1)², is the smaller; above it OLH's, n · 4e^ε/(e^ε − 1)², which does not grow
   * with the domain (Wang et al., USENIX Security 2017, section 5).
   */
  static double grrThreshold(double epsilon) {
    return 3 * Math.exp(epsilon) + 2;
  }

  /**
   * The oracle of smaller variance for a domain of {@code domainSize} values at {@code epsilon}:
   * generalized randomized response when {@code domainSize < 3e^ε + 2}, else optimized local
   * hashing (whose reports, a seed and a bucket, stay small where OUE's would be d bits).
   *
   * @throws IllegalArgumentException if k < 2 or ε is not positive and finite
   */
  static FrequencyOracle<?> recommended(int domainSize, double epsilon) {
    return domainSize < grrThreshold(epsilon)
        ? generalizedRandomizedResponse(domainSize, epsilon)
        : optimizedLocalHashing(domainSize, epsilon);
  }

  /** A new, empty aggregator of reports. */
  FrequencyAggregator<R> aggregator();

  /**
   * The exact variance of the count estimate of a value held by {@code trueCount} of {@code n}
   * clients: (n_v p(1−p) + (n − n_v) q(1−q)) / (p − q)², which is Wang et al.'s n q(1−q)/(p−q)² +
   * n_v (1 − p − q)/(p − q).
   *
   * @throws IllegalArgumentException if {@code trueCount} is outside {@code [0, n]}
   */
  default double variance(long n, long trueCount) {
    if (n < 0 || trueCount < 0 || trueCount > n) {
      throw new IllegalArgumentException(
          "need 0 <= trueCount <= n, was trueCount=" + trueCount + ", n=" + n);
    }
    double p = p();
    double q = q();
    double d = p - q;
    return (trueCount * p * (1 - p) + (n - trueCount) * q * (1 - q)) / (d * d);
  }

  /**
   * Generalized randomized response (direct encoding): report the value with probability p =
   * e^ε/(e^ε + k − 1), otherwise a uniformly chosen other value.
   *
   * @throws IllegalArgumentException if k < 2 or ε is not positive and finite
   */
  static FrequencyOracle<Integer> generalizedRandomizedResponse(int domainSize, double epsilon) {
    return new GeneralizedRandomizedResponse(domainSize, epsilon);
  }

  /**
   * Optimized unary encoding: a k-bit report whose own bit is set with probability 1/2 and every
   * other bit with probability 1/(e^ε + 1).
   *
   * @throws IllegalArgumentException if k < 2 or ε is not positive and finite
   */
  static FrequencyOracle<BitSet> optimizedUnaryEncoding(int domainSize, double epsilon) {
    return new OptimizedUnaryEncoding(domainSize, epsilon);
  }

  /**
   * Optimized local hashing: hash the value into g = round(e^ε + 1) buckets with a per-client
   * random hash function, then apply randomized response over the buckets. Aggregation costs O(k)
   * per report.
   *
   * @throws IllegalArgumentException if k < 2, ε is not positive and finite, or g would exceed 2^31
   *     − 1
   */
  static FrequencyOracle<LocalHashReport> optimizedLocalHashing(int domainSize, double epsilon) {
    return new OptimizedLocalHashing(domainSize, epsilon);
  }
}
