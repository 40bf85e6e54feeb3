package dev.tacit.server.analytics;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.privacy.ldp.FrequencyOracle;
import dev.tacit.server.analytics.AnalyticsViews.EstimateView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Count estimates from the support counts of a frequency oracle's reports (Wang et al., USENIX
 * Security 2017). Per label: the unbiased estimate (C − n q)/(p − q), which may be negative; its
 * standard error, the square root of the oracle's variance evaluated at the estimate clamped to [0,
 * n]; a normal-approximation interval around it; and the consistent estimate, the unbiased ones
 * post-processed by {@link NormSub} to be non-negative and sum to the number of reports.
 */
final class CountEstimates {
  /** The confidence level of the intervals. */
  static final double CONFIDENCE = 0.95;

  /** The two-sided standard normal quantile of {@link #CONFIDENCE}. */
  private static final double Z = 1.959963984540054;

  private CountEstimates() {}

  /**
   * One estimate per label, from {@code n} reports of which {@code support.get(i)} supported label
   * i, ordered by consistent estimate, highest first (ties by unbiased estimate, then label order).
   *
   * @throws IllegalArgumentException if the labels, counts and oracle's domain differ in size, or a
   *     count is negative or above {@code n}
   */
  static List<EstimateView> estimate(
      List<String> labels, List<Long> support, long n, FrequencyOracle<?> oracle) {
    checkArgument(
        labels.size() == support.size() && labels.size() == oracle.domainSize(),
        "labels, counts and the oracle's domain must have the same size, were %s, %s and %s",
        labels.size(),
        support.size(),
        oracle.domainSize());
    double p = oracle.p();
    double q = oracle.q();
    double[] raw = new double[labels.size()];
    for (int i = 0; i < raw.length; i++) {
      long c = support.get(i);
      if (c < 0 || c > n) {
        throw new IllegalArgumentException(
            "support[" + i + "] must be in [0, " + n + "], was " + c);
      }
      raw[i] = (c - n * q) / (p - q);
    }
    double[] consistent = NormSub.apply(raw, n);
    List<Integer> order = new ArrayList<>(raw.length);
    for (int i = 0; i < raw.length; i++) {
      order.add(i);
    }
    order.sort(
        Comparator.<Integer>comparingDouble(i -> -consistent[i])
            .thenComparingDouble(i -> -raw[i])
            .thenComparingInt(i -> i));
    List<EstimateView> out = new ArrayList<>(raw.length);
    for (int i : order) {
      long plugIn = Math.max(0, Math.min(n, Math.round(raw[i])));
      double se = Math.sqrt(oracle.variance(n, plugIn));
      out.add(
          new EstimateView(
              labels.get(i), consistent[i], raw[i], raw[i] - Z * se, raw[i] + Z * se, se));
    }
    return out;
  }
}
