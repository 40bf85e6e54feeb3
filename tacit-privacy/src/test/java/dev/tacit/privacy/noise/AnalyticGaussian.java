package dev.tacit.privacy.noise;

import static dev.tacit.check.Preconditions.checkOpenUnit;
import static dev.tacit.check.Preconditions.checkPositive;

import dev.tacit.privacy.internal.SpecialFunctions;

/**
 * Calibration of the Gaussian mechanism to (ε, δ): the analytic Gaussian mechanism of Balle &amp;
 * Wang (ICML 2018), which is exact, and the classic bound of Dwork &amp; Roth (2014, Thm A.1).
 *
 * <p>A test oracle: the statistical suite checks the Gaussian mechanism against it. Tacit itself
 * calibrates noise through the RDP accountant ({@code NoiseCalibrator}), so this is not main code.
 */
final class AnalyticGaussian {
  private static final int ITERATIONS = 200;

  private AnalyticGaussian() {}

  /**
   * The smallest σ (to a relative 1e-12, rounded up) such that the Gaussian mechanism with
   * sensitivity {@code sensitivity} is (ε, δ)-DP: the root of {@link #delta} (Balle &amp; Wang
   * 2018, Theorem 8). For (1, 1e-5) and sensitivity 1, σ = 3.7306.
   *
   * @throws IllegalArgumentException if ε or the sensitivity is not positive and finite, or δ is
   *     not in (0, 1)
   */
  public static double sigma(double epsilon, double delta, double sensitivity) {
    checkPositive(epsilon, "epsilon");
    checkOpenUnit(delta, "delta");
    checkPositive(sensitivity, "sensitivity");
    double lo = sensitivity * 1e-3;
    while (delta(lo, epsilon, sensitivity) <= delta) {
      lo /= 2;
    }
    double hi = sensitivity;
    while (delta(hi, epsilon, sensitivity) > delta) {
      hi *= 2;
    }
    for (int i = 0; i < ITERATIONS && hi - lo > 1e-12 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (delta(mid, epsilon, sensitivity) > delta) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /**
   * The classic calibration σ = Δ·sqrt(2 ln(1.25/δ))/ε (proven for ε &lt; 1 only). For (1, 1e-5)
   * and sensitivity 1, σ = 4.8448.
   *
   * @throws IllegalArgumentException if ε or the sensitivity is not positive and finite, or δ is
   *     not in (0, 1)
   */
  public static double classicSigma(double epsilon, double delta, double sensitivity) {
    checkPositive(epsilon, "epsilon");
    checkOpenUnit(delta, "delta");
    checkPositive(sensitivity, "sensitivity");
    return sensitivity * Math.sqrt(2 * Math.log(1.25 / delta)) / epsilon;
  }

  /**
   * The smallest δ for which the Gaussian mechanism with standard deviation σ is (ε, δ)-DP:
   * Φ(Δ/(2σ) - εσ/Δ) - e^ε Φ(-Δ/(2σ) - εσ/Δ).
   */
  public static double delta(double sigma, double epsilon, double sensitivity) {
    double a = sensitivity / (2 * sigma);
    double b = epsilon * sigma / sensitivity;
    double first = SpecialFunctions.normalCdf(a - b);
    double second = Math.exp(epsilon + SpecialFunctions.logNormalCdf(-a - b));
    return Math.max(0, first - second);
  }
}
