package dev.tacit.federated.server;

import dev.tacit.privacy.random.RandomSource;
import java.util.Arrays;

/**
 * Chooses the devices of a round. Poisson sampling (each device independently with probability q)
 * is what the subsampled-Gaussian accountant assumes; a fixed-size cohort is accounted without
 * amplification by subsampling (q = 1), an upper bound on its cost.
 */
public interface CohortSampler {
  /** The sorted device indices of one round's cohort, out of {@code population}. */
  int[] sample(int population, RandomSource random);

  /** The sampling rate the accountant uses for a population of this size. */
  double accountingRate(int population);

  /** The expected cohort size, the divisor of the round's sum. */
  double expectedSize(int population);

  /** Each device independently with probability {@code q} in (0, 1]. */
  static CohortSampler poisson(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("sampling rate q must be in (0, 1], was " + q);
    }
    return new CohortSampler() {
      @Override
      public int[] sample(int population, RandomSource random) {
        int[] out = new int[population];
        int n = 0;
        for (int d = 0; d < population; d++) {
          if (q == 1 || random.nextDouble() < q) {
            out[n++] = d;
          }
        }
        return Arrays.copyOf(out, n);
      }

      @Override
      public double accountingRate(int population) {
        return q;
      }

      @Override
      public double expectedSize(int population) {
        return q * population;
      }

      @Override
      public String toString() {
        return "poisson(q=" + q + ")";
      }
    };
  }

  /** Exactly {@code size} devices, uniformly without replacement (all when fewer exist). */
  static CohortSampler fixedSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("cohort size must be >= 1, was " + size);
    }
    return new CohortSampler() {
      @Override
      public int[] sample(int population, RandomSource random) {
        int b = Math.min(size, population);
        int[] perm = new int[population];
        for (int i = 0; i < population; i++) {
          perm[i] = i;
        }
        for (int i = 0; i < b; i++) { // partial Fisher-Yates
          int j = i + random.nextInt(population - i);
          int t = perm[i];
          perm[i] = perm[j];
          perm[j] = t;
        }
        int[] out = Arrays.copyOf(perm, b);
        Arrays.sort(out);
        return out;
      }

      @Override
      public double accountingRate(int population) {
        return 1.0;
      }

      @Override
      public double expectedSize(int population) {
        return Math.min(size, population);
      }

      @Override
      public String toString() {
        return "fixed(" + size + ")";
      }
    };
  }
}
