package dev.tacit.privacy.noise;

import dev.tacit.privacy.random.RandomSource;

/**
 * Samplers of integer noise (Canonne, Kamath &amp; Steinke, "The Discrete Gaussian for Differential
 * Privacy", NeurIPS 2020, Algorithms 2 and 3), on the 64-bit words of one {@link RandomSource}. Not
 * thread-safe.
 *
 * <p>The discrete Laplace with scale t is sampled as X = U + T·V with T = 2^k ≤ max(1, t): U
 * uniform on [0, T) from the bits of one word, accepted with probability exp(−U/t), and V the
 * number of successes of Bernoulli(exp(−T/t)) trials before a failure. Every integer is reachable
 * (no "holes" in the support, unlike inversion of a floating-point uniform). Each Bernoulli trial
 * compares a uniform with its probability: 32 random bits decide it unless the probability falls in
 * their 2^-32 cell, and then 53 more bits do; rigorous polynomial bounds on exp(−x) settle most
 * trials before the exponential is evaluated. Every probability is exact up to about 2^-52.
 */
abstract class DiscreteSampler {
  private static final double TWO_TO_MINUS_32 = 0x1.0p-32;

  private final RandomSource random;
  private long spare;
  private boolean hasSpare;

  DiscreteSampler(RandomSource random) {
    this.random = random;
  }

  /** One sample. */
  abstract long sample();

  /** The discrete Laplace: P(k) ∝ exp(-|k|/t). */
  static DiscreteSampler laplace(double t, RandomSource random) {
    return new DiscreteSampler(random) {
      private final Geometric geometric = new Geometric(t);

      @Override
      long sample() {
        return geometric.sample(this);
      }
    };
  }

  /** The discrete Gaussian: P(k) ∝ exp(-k²/(2σ²)), by rejection from the discrete Laplace. */
  static DiscreteSampler gaussian(double sigma, RandomSource random) {
    double t = Math.floor(sigma) + 1;
    double sigma2 = sigma * sigma;
    double shift = sigma2 / t;
    double twoSigma2 = 2 * sigma2;
    return new DiscreteSampler(random) {
      private final Geometric geometric = new Geometric(t);

      @Override
      long sample() {
        while (true) {
          long y = geometric.sample(this);
          double d = Math.abs((double) y) - shift;
          // Accept with probability exp(-(|y| - σ²/t)² / (2σ²)).
          if (bernoulliExpNeg((d * d) / twoSigma2)) {
            return y;
          }
        }
      }
    };
  }

  /** 32 uniform bits, as an unsigned value; each source word serves two calls. */
  final long next32() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    long word = random.nextLong();
    spare = word >>> 32;
    hasSpare = true;
    return word & 0xFFFFFFFFL;
  }

  /** True with probability {@code p} in [0, 1]. */
  final boolean bernoulli(double p) {
    long w = next32();
    double lo = w * TWO_TO_MINUS_32;
    if (lo + TWO_TO_MINUS_32 <= p) {
      return true;
    }
    if (lo >= p) {
      return false;
    }
    return refine(w, p);
  }

  /**
   * True with probability exp(−x), for x ≥ 0, using 1 − x + x²/2 − x³/6 ≤ exp(−x) ≤ 1 − x + x²/2
   * for x ≤ 1 before evaluating the exponential.
   */
  final boolean bernoulliExpNeg(double x) {
    long w = next32();
    double lo = w * TWO_TO_MINUS_32;
    double hi = lo + TWO_TO_MINUS_32;
    if (x <= 1) {
      double x2 = x * x;
      double upper = 1 - x + 0.5 * x2;
      if (lo >= upper) {
        return false;
      }
      if (hi <= upper - x2 * x / 6) {
        return true;
      }
    }
    double p = Math.exp(-x);
    if (hi <= p) {
      return true;
    }
    if (lo >= p) {
      return false;
    }
    return refine(w, p);
  }

  /** Decides W &lt; p for W uniform in the cell [w, w + 1)·2^-32 that straddles p. */
  private boolean refine(long w, double p) {
    return (w + random.nextDouble()) * TWO_TO_MINUS_32 < p;
  }

  /** The two-sided geometric distribution P(k) ∝ exp(-|k|/t) over all integers. */
  static final class Geometric {
    private final double t;
    private final int blockBits;
    private final long blockMask;
    private final double continueProbability;

    Geometric(double t) {
      this.t = t;
      this.blockBits = t < 2 ? 0 : Math.getExponent(t);
      this.blockMask = (1L << blockBits) - 1;
      this.continueProbability = Math.exp(-Math.scalb(1.0, blockBits) / t);
    }

    long sample(DiscreteSampler bits) {
      while (true) {
        long word = bits.random.nextLong();
        boolean negative = word < 0;
        long u = word & blockMask;
        if (u != 0 && !bits.bernoulliExpNeg(u / t)) {
          continue;
        }
        long v = 0;
        while (bits.bernoulli(continueProbability)) {
          v++;
        }
        long magnitude = u + (v << blockBits);
        if (negative && magnitude == 0) {
          continue;
        }
        return negative ? -magnitude : magnitude;
      }
    }
  }
}
