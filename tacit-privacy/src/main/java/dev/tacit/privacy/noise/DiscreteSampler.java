package dev.tacit.privacy.noise;

import dev.tacit.privacy.random.RandomSource;

/**
 * Samplers of integer noise (Canonne, Kamath &amp; Steinke, "The Discrete Gaussian for Differential
 * Privacy", NeurIPS 2020, Algorithms 2 and 3).
 *
 * <p>The geometric step uses {@code floor(-t·ln U)} with {@code U} uniform on {@code (0, 1]} in
 * steps of 2^-53, and the rejection step compares a 53-bit uniform with {@code exp(-γ)}: the
 * probabilities are exact up to double rounding (relative 2^-52), and the tail beyond {@code
 * 36.7·t} (mass below 2^-52) is cut off.
 */
abstract class DiscreteSampler {
  private static final long MANTISSA = (1L << 53) - 1;

  abstract long sample(RandomSource random);

  /** The discrete Laplace: P(k) ∝ exp(-|k|/t). */
  static DiscreteSampler laplace(double t) {
    return new DiscreteSampler() {
      @Override
      long sample(RandomSource random) {
        return twoSidedGeometric(random, t);
      }
    };
  }

  /** The discrete Gaussian: P(k) ∝ exp(-k²/(2σ²)). */
  static DiscreteSampler gaussian(double sigma) {
    double t = Math.floor(sigma) + 1;
    double sigma2 = sigma * sigma;
    double shift = sigma2 / t;
    double twoSigma2 = 2 * sigma2;
    return new DiscreteSampler() {
      @Override
      long sample(RandomSource random) {
        while (true) {
          long y = twoSidedGeometric(random, t);
          double d = Math.abs((double) y) - shift;
          // Accept with probability exp(-(|y| - σ²/t)² / (2σ²)).
          if (random.nextDouble() < Math.exp(-(d * d) / twoSigma2)) {
            return y;
          }
        }
      }
    };
  }

  /** P(k) ∝ exp(-|k|/t) for every integer k. */
  static long twoSidedGeometric(RandomSource random, double t) {
    while (true) {
      long word = random.nextLong();
      boolean negative = word < 0;
      double u = ((word & MANTISSA) + 1) * 0x1.0p-53;
      long magnitude = (long) Math.floor(-t * Math.log(u));
      if (negative && magnitude == 0) {
        continue;
      }
      return negative ? -magnitude : magnitude;
    }
  }
}
