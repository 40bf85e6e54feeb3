package dev.tacit.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class DiscreteSamplerPropertyTest {

  /**
   * Whether the uniform the sampler compares, 32 low bits refined by the 53 high bits of the same
   * word, is below {@code p}, in exact arithmetic.
   */
  private static boolean below(long word, double p) {
    BigDecimal w =
        BigDecimal.valueOf(word & 0xFFFFFFFFL)
            .add(new BigDecimal(word >>> 11).divide(new BigDecimal(1L << 53)))
            .divide(new BigDecimal(1L << 32));
    return w.compareTo(new BigDecimal(p)) < 0;
  }

  @Property(tries = 3000)
  void bernoulliExpNeg_agreesWithDirectComparison(
      @ForAll @DoubleRange(min = 0, max = 3) double x, @ForAll long word) {
    DiscreteSampler sampler = DiscreteSampler.laplace(1.0, () -> word);
    assertThat(sampler.bernoulliExpNeg(x)).isEqualTo(below(word, Math.exp(-x)));
  }

  @Property(tries = 3000)
  void bernoulli_agreesWithDirectComparison(
      @ForAll @DoubleRange(min = 0, max = 1) double p, @ForAll long word) {
    DiscreteSampler sampler = DiscreteSampler.laplace(1.0, () -> word);
    assertThat(sampler.bernoulli(p)).isEqualTo(below(word, p));
  }
}
