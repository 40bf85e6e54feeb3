package dev.tacit.server.analytics;

import dev.tacit.privacy.ldp.FrequencyOracle;
import dev.tacit.server.analytics.AnalyticsViews.EstimateView;
import java.util.ArrayList;
import java.util.List;

/**
 * Count estimates with normal-approximation confidence intervals from the aggregated reports of
 * generalized randomized response (Wang et al., USENIX Security 2017): the estimate of a label is
 * (C − n q)/(p − q) and its variance the oracle's, evaluated at the estimate clamped to [0, n].
 */
final class GrrEstimates {
  /** The confidence level of the intervals. */
  static final double CONFIDENCE = 0.95;

  /** The two-sided standard normal quantile of {@link #CONFIDENCE}. */
  private static final double Z = 1.959963984540054;

  private GrrEstimates() {}

  /**
   * One estimate per label from the number of reports naming each label.
   *
   * @throws IllegalArgumentException if the labels and counts differ in length or ε is invalid
   */
  static List<EstimateView> estimate(List<String> labels, List<Long> support, double epsilon) {
    if (labels.size() != support.size()) {
      throw new IllegalArgumentException(
          "labels and counts must have the same length, were "
              + labels.size()
              + " and "
              + support.size());
    }
    FrequencyOracle<Integer> grr =
        FrequencyOracle.generalizedRandomizedResponse(labels.size(), epsilon);
    long n = 0;
    for (long c : support) {
      n += c;
    }
    double p = grr.p();
    double q = grr.q();
    List<EstimateView> out = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      double estimate = (support.get(i) - n * q) / (p - q);
      long plugIn = Math.max(0, Math.min(n, Math.round(estimate)));
      double half = Z * Math.sqrt(grr.variance(n, plugIn));
      out.add(new EstimateView(labels.get(i), estimate, estimate - half, estimate + half));
    }
    return out;
  }
}
