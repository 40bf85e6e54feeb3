package dev.tacit.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.privacy.random.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The exact Bernoulli trials of the discrete samplers, fed with chosen bits: a trial of probability
 * p with 32-bit cell w and refinement u is true exactly when (w + u)·2^-32 < p.
 */
class DiscreteSamplerBitsTest {
  private static final double CELL = 0x1.0p-32;

  /** A sampler whose source yields {@code w} (low 32 bits) and then the word of {@code u}. */
  private static DiscreteSampler fedWith(long w, double u) {
    long uWord = (long) (u * 0x1.0p53) << 11;
    long[] words = {w, uWord};
    int[] next = {0};
    RandomSource source = () -> words[next[0]++];
    return DiscreteSampler.laplace(1, source);
  }

  private static long[] cellsAround(double p) {
    long c = (long) Math.floor(p * 0x1.0p32);
    return new long[] {
      0, 1, c / 2, c - 2, c - 1, c, c + 1, c + 2, (c + 0xFFFF_FFFFL) / 2, 0xFFFF_FFFFL
    };
  }

  @Test
  void bernoulliExpNeg_isTrueExactlyWhenTheUniformIsBelowExpMinusX() {
    for (double x : new double[] {0, 0.05, 0.3, 0.75, 1.0, 1.5, 3.0, 12.0}) {
      double p = Math.exp(-x);
      for (long w : cellsAround(p)) {
        if (w < 0 || w > 0xFFFF_FFFFL) {
          continue;
        }
        for (double u : new double[] {0.0, 0.25, 0.5, 0.999}) {
          boolean expected = (w + u) * CELL < p;
          assertThat(fedWith(w, u).bernoulliExpNeg(x))
              .as("x %s, w %s, u %s", x, w, u)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void bernoulli_isTrueExactlyWhenTheUniformIsBelowP() {
    for (double p : new double[] {0, 1e-12, 0.1, 0.5, 1 - 1e-12, 1}) {
      for (long w : cellsAround(p)) {
        if (w < 0 || w > 0xFFFF_FFFFL) {
          continue;
        }
        for (double u : new double[] {0.0, 0.5, 0.999}) {
          boolean expected = (w + u) * CELL < p;
          assertThat(fedWith(w, u).bernoulli(p))
              .as("p %s, w %s, u %s", p, w, u)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void next32_servesTheLowThenTheHighHalfOfEachWord() {
    long[] words = {0x1234_5678_9ABC_DEF0L, 0x0FED_CBA9_8765_4321L};
    int[] next = {0};
    DiscreteSampler sampler = DiscreteSampler.laplace(1, () -> words[next[0]++]);

    assertThat(sampler.next32()).isEqualTo(0x9ABC_DEF0L);
    assertThat(sampler.next32()).isEqualTo(0x1234_5678L);
    assertThat(sampler.next32()).isEqualTo(0x8765_4321L);
    assertThat(sampler.next32()).isEqualTo(0x0FED_CBA9L);
  }
}
