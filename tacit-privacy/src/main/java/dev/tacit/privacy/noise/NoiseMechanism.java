package dev.tacit.privacy.noise;

import static dev.tacit.check.Preconditions.checkNotNull;
import static dev.tacit.check.Preconditions.checkPositive;
import static dev.tacit.check.Preconditions.checkPowerOfTwo;

import dev.tacit.privacy.random.RandomSource;

/**
 * Adds random noise to real values.
 *
 * <p>The Gaussian and Laplace mechanisms are safe against the floating-point attack of Mironov (CCS
 * 2012): the input is rounded to a power-of-two granularity {@code g} and the noise is an integer
 * multiple of {@code g} sampled with integer arithmetic, so every output lies on the grid {@code
 * g·Z} (as in Google's "Secure Noise Generation" note). Rounding moves the input by at most {@code
 * g/2}, so the effective sensitivity is {@code Δ + g}; the default granularity is the smallest
 * power of two at least {@code scale·2^-40}, which makes that difference negligible.
 *
 * <p>Instances are not thread-safe (they share their {@link RandomSource}).
 */
public interface NoiseMechanism {

  /**
   * Returns {@code value} plus noise.
   *
   * @throws IllegalArgumentException if {@code value} is not finite
   */
  double addNoise(double value);

  /** Returns a new array holding each element of {@code values} plus independent noise. */
  default double[] addNoise(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = addNoise(values[i]);
    }
    return out;
  }

  /** The power-of-two grid spacing of the outputs, or 0 if the mechanism adds no noise. */
  double granularity();

  /**
   * The Gaussian mechanism with standard deviation {@code sigma}: the discrete Gaussian of Canonne,
   * Kamath &amp; Steinke (NeurIPS 2020) on the grid {@code g·Z}. It satisfies the Rényi-DP bound
   * α(Δ + g)²/(2σ²) of the continuous Gaussian for sensitivity Δ, and with the default granularity
   * ({@code sigma/g ≥ 2^39}) its distribution is within about 2^-78 in total variation of the
   * rounded continuous Gaussian.
   *
   * @throws IllegalArgumentException if {@code sigma} is not positive and finite
   */
  static NoiseMechanism gaussian(double sigma, RandomSource random) {
    return gaussian(sigma, defaultGranularity(checkPositive(sigma, "sigma")), random);
  }

  /**
   * The Gaussian mechanism on an explicit power-of-two {@code granularity}.
   *
   * @throws IllegalArgumentException if {@code sigma} is not positive and finite, {@code
   *     granularity} is not a power of two, or {@code sigma / granularity > 2^50}
   */
  static NoiseMechanism gaussian(double sigma, double granularity, RandomSource random) {
    checkPositive(sigma, "sigma");
    checkPowerOfTwo(granularity, "granularity");
    checkNotNull(random, "random");
    return new GridNoise(GridNoise.Kind.GAUSSIAN, sigma, granularity, random);
  }

  /**
   * The Laplace mechanism with scale {@code b} (density ∝ exp(-|x|/b)), sampled as a two-sided
   * geometric on the grid {@code g·Z}; {@code b = Δ/ε} gives ε-DP for sensitivity Δ.
   *
   * @throws IllegalArgumentException if {@code scale} is not positive and finite
   */
  static NoiseMechanism laplace(double scale, RandomSource random) {
    return laplace(scale, defaultGranularity(checkPositive(scale, "scale")), random);
  }

  /**
   * The Laplace mechanism on an explicit power-of-two {@code granularity}.
   *
   * @throws IllegalArgumentException if {@code scale} is not positive and finite, {@code
   *     granularity} is not a power of two, or {@code scale / granularity > 2^50}
   */
  static NoiseMechanism laplace(double scale, double granularity, RandomSource random) {
    checkPositive(scale, "scale");
    checkPowerOfTwo(granularity, "granularity");
    checkNotNull(random, "random");
    return new GridNoise(GridNoise.Kind.LAPLACE, scale, granularity, random);
  }

  /** The identity: adds no noise. For deterministic tests and for non-private baselines. */
  static NoiseMechanism none() {
    return NoNoise.INSTANCE;
  }

  /** The smallest power of two at least {@code scale·2^-40} (and at least 2^-1022). */
  static double defaultGranularity(double scale) {
    checkPositive(scale, "scale");
    double target = scale * 0x1.0p-40;
    if (target <= Double.MIN_NORMAL) {
      return Double.MIN_NORMAL;
    }
    double g = Math.scalb(1.0, Math.getExponent(target));
    return g < target ? g * 2 : g;
  }
}
