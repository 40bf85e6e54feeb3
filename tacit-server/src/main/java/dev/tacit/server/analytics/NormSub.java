package dev.tacit.server.analytics;

import static dev.tacit.check.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Norm-Sub post-processing of frequency estimates (Wang, Lopuhaä-Zwakenberg, Li, Škorić and Li,
 * "Locally Differentially Private Frequency Estimation with Consistency", NDSS 2020): subtracts one
 * common δ from every estimate and clips at 0, with δ chosen so the results sum to the number of
 * reports. The result is non-negative, sums to {@code n}, keeps the order of the estimates, and
 * leaves estimates that are already consistent unchanged. It is the Euclidean projection of the
 * estimates onto the counts that sum to {@code n}; being post-processing, it costs no privacy.
 */
public final class NormSub {
  private NormSub() {}

  /**
   * The consistent counts of {@code estimates} for {@code n} reports.
   *
   * @throws IllegalArgumentException if {@code estimates} is empty or holds a value that is not
   *     finite, or {@code n} is negative
   */
  public static double[] apply(double[] estimates, long n) {
    checkArgument(estimates.length != 0, "estimates must not be empty");
    checkArgument(n >= 0, "n must be >= 0, was %s", n);
    for (int i = 0; i < estimates.length; i++) {
      if (!Double.isFinite(estimates[i])) {
        throw new IllegalArgumentException(
            "estimates[" + i + "] must be finite, was " + estimates[i]);
      }
    }
    double[] out = new double[estimates.length];
    if (n == 0) {
      return out;
    }
    double delta = delta(estimates, n);
    for (int i = 0; i < estimates.length; i++) {
      out[i] = Math.max(0.0, estimates[i] - delta);
    }
    return out;
  }

  /**
   * The δ with Σ max(0, x − δ) = n: with the estimates in descending order, the mean excess over n
   * of the largest k of them, for the largest k whose k-th estimate still exceeds it.
   */
  private static double delta(double[] estimates, long n) {
    double[] sorted = estimates.clone();
    Arrays.sort(sorted);
    double sum = 0;
    double delta = 0;
    for (int k = 1; k <= sorted.length; k++) {
      double x = sorted[sorted.length - k];
      sum += x;
      double candidate = (sum - n) / k;
      if (x > candidate) {
        delta = candidate;
      } else {
        break;
      }
    }
    return delta;
  }
}
