package dev.tacit.privacy.noise;

import static dev.tacit.check.Preconditions.checkArgument;
import static dev.tacit.check.Preconditions.checkNotNull;
import static dev.tacit.check.Preconditions.checkPositive;

import dev.tacit.privacy.random.RandomSource;

/**
 * Adds integer noise to integer values, for noise added before quantized secure aggregation
 * (Canonne, Kamath &amp; Steinke, NeurIPS 2020; Kairouz, Liu &amp; Steinke, ICML 2021). Sums wrap
 * like {@code long} addition. Instances are not thread-safe.
 */
public interface IntegerNoiseMechanism {

  /** Returns {@code value} plus noise. */
  long addNoise(long value);

  /** Returns a new array holding each element of {@code values} plus independent noise. */
  default long[] addNoise(long[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = addNoise(values[i]);
    }
    return out;
  }

  /**
   * The discrete Gaussian: P(k) ∝ exp(-k²/(2σ²)) over the integers. Its variance is slightly below
   * σ² and it satisfies ρ-zCDP with ρ = Δ²/(2σ²) for integer sensitivity Δ.
   *
   * @throws IllegalArgumentException if {@code sigma} is not in (0, 2^50]
   */
  static IntegerNoiseMechanism discreteGaussian(double sigma, RandomSource random) {
    checkPositive(sigma, "sigma");
    checkArgument(sigma <= 0x1.0p50, "sigma must be <= 2^50, was " + sigma);
    checkNotNull(random, "random");
    DiscreteSampler sampler = DiscreteSampler.gaussian(sigma, random);
    return value -> value + sampler.sample();
  }

  /**
   * The discrete Laplace (two-sided geometric): P(k) ∝ exp(-|k|/scale); {@code scale = Δ/ε} gives
   * ε-DP for integer sensitivity Δ.
   *
   * @throws IllegalArgumentException if {@code scale} is not in (0, 2^50]
   */
  static IntegerNoiseMechanism discreteLaplace(double scale, RandomSource random) {
    checkPositive(scale, "scale");
    checkArgument(scale <= 0x1.0p50, "scale must be <= 2^50, was " + scale);
    checkNotNull(random, "random");
    DiscreteSampler sampler = DiscreteSampler.laplace(scale, random);
    return value -> value + sampler.sample();
  }

  /** The identity: adds no noise. */
  static IntegerNoiseMechanism none() {
    return NoNoise.INSTANCE;
  }
}
