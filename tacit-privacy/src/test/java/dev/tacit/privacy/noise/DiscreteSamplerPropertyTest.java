package dev.tacit.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class DiscreteSamplerPropertyTest {

  /** The uniform the sampler compares: 32 low bits, refined by the 53 high bits of a word. */
  private static double uniform(long word) {
    return ((word & 0xFFFFFFFFL) + (word >>> 11) * 0x1.0p-53) * 0x1.0p-32;
  }

  @Property(tries = 3000)
  void bernoulliExpNeg_agreesWithDirectComparison(
      @ForAll @DoubleRange(min = 0, max = 3) double x, @ForAll long word) {
    DiscreteSampler sampler = DiscreteSampler.laplace(1.0, () -> word);
    assertThat(sampler.bernoulliExpNeg(x)).isEqualTo(uniform(word) < Math.exp(-x));
  }

  @Property(tries = 3000)
  void bernoulli_agreesWithDirectComparison(
      @ForAll @DoubleRange(min = 0, max = 1) double p, @ForAll long word) {
    DiscreteSampler sampler = DiscreteSampler.laplace(1.0, () -> word);
    assertThat(sampler.bernoulli(p)).isEqualTo(uniform(word) < p);
  }
}
