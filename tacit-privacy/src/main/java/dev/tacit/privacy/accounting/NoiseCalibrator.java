package dev.tacit.privacy.accounting;

import static dev.tacit.check.Preconditions.checkAtLeast;
import static dev.tacit.check.Preconditions.checkNotNull;
import static dev.tacit.check.Preconditions.checkOpenUnit;
import static dev.tacit.check.Preconditions.checkPositive;
import static dev.tacit.check.Preconditions.checkRate;

/**
 * Answers the inverse questions of the accountant for the sampled Gaussian: the smallest noise
 * multiplier for a target (ε, δ), and the largest number of steps a noise multiplier allows.
 */
public final class NoiseCalibrator {
  /** The relative width of the final bisection bracket of {@link #noiseMultiplier}. */
  public static final double RELATIVE_TOLERANCE = 1e-6;

  private static final double MIN_NOISE = 1e-4;
  private static final double MAX_NOISE = 1e6;
  private static final long MAX_STEPS = 1L << 50;

  private NoiseCalibrator() {}

  /**
   * {@link #noiseMultiplier(double, double, double, long, Conversion)} with the improved
   * conversion.
   */
  public static double noiseMultiplier(
      double epsilon, double delta, double samplingRate, long steps) {
    return noiseMultiplier(epsilon, delta, samplingRate, steps, Conversion.IMPROVED);
  }

  /**
   * The smallest noise multiplier z (by bisection, rounded up to within a relative {@link
   * #RELATIVE_TOLERANCE}) such that {@code steps} steps of the sampled Gaussian with rate q cost at
   * most ε at δ. The returned z always meets the target.
   *
   * @throws IllegalArgumentException if a parameter is out of range, or no z in [1e-4, 1e6] meets
   *     the target
   */
  public static double noiseMultiplier(
      double epsilon, double delta, double samplingRate, long steps, Conversion conversion) {
    checkPositive(epsilon, "epsilon");
    checkOpenUnit(delta, "delta");
    checkRate(samplingRate, "samplingRate");
    checkAtLeast(steps, 1, "steps");
    checkNotNull(conversion, "conversion");
    double[] orders = Rdp.defaultOrders();
    double hi = 1;
    while (epsilonOf(orders, samplingRate, hi, steps, delta, conversion) > epsilon) {
      hi *= 2;
      if (hi > MAX_NOISE) {
        throw new IllegalArgumentException(
            "no noise multiplier up to " + MAX_NOISE + " reaches epsilon " + epsilon);
      }
    }
    double lo = hi / 2;
    while (epsilonOf(orders, samplingRate, lo, steps, delta, conversion) <= epsilon) {
      hi = lo;
      lo /= 2;
      if (lo < MIN_NOISE) {
        return hi;
      }
    }
    while (hi - lo > RELATIVE_TOLERANCE * hi) {
      double mid = 0.5 * (lo + hi);
      if (epsilonOf(orders, samplingRate, mid, steps, delta, conversion) > epsilon) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /** {@link #maxSteps(double, double, double, double, Conversion)} with the improved conversion. */
  public static long maxSteps(
      double epsilon, double delta, double samplingRate, double noiseMultiplier) {
    return maxSteps(epsilon, delta, samplingRate, noiseMultiplier, Conversion.IMPROVED);
  }

  /**
   * The largest number of steps T (0 if even one step exceeds the target, at most 2^50) such that T
   * steps of the sampled Gaussian cost at most ε at δ.
   *
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public static long maxSteps(
      double epsilon,
      double delta,
      double samplingRate,
      double noiseMultiplier,
      Conversion conversion) {
    checkPositive(epsilon, "epsilon");
    checkOpenUnit(delta, "delta");
    checkNotNull(conversion, "conversion");
    double[] orders = Rdp.defaultOrders();
    double[] perStep =
        Rdp.curve(PrivacyEvent.sampledGaussian(samplingRate, noiseMultiplier, 1), orders);
    if (epsilonOfSteps(orders, perStep, 1, delta, conversion) > epsilon) {
      return 0;
    }
    long lo = 1;
    long hi = 2;
    while (epsilonOfSteps(orders, perStep, hi, delta, conversion) <= epsilon) {
      lo = hi;
      if (hi >= MAX_STEPS) {
        return MAX_STEPS;
      }
      hi *= 2;
    }
    while (hi - lo > 1) {
      long mid = lo + (hi - lo) / 2;
      if (epsilonOfSteps(orders, perStep, mid, delta, conversion) <= epsilon) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double epsilonOf(
      double[] orders, double q, double z, long steps, double delta, Conversion conversion) {
    double[] rdp = Rdp.curve(PrivacyEvent.sampledGaussian(q, z, steps), orders);
    return Rdp.toGuarantee(orders, rdp, delta, conversion).epsilon();
  }

  private static double epsilonOfSteps(
      double[] orders, double[] perStep, long steps, double delta, Conversion conversion) {
    double[] rdp = new double[perStep.length];
    for (int i = 0; i < rdp.length; i++) {
      rdp[i] = perStep[i] * steps;
    }
    return Rdp.toGuarantee(orders, rdp, delta, conversion).epsilon();
  }
}
