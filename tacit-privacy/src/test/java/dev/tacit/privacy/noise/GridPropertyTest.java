package dev.tacit.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.privacy.random.RandomSource;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class GridPropertyTest {

  @Property(tries = 300)
  void everyOutput_isAMultipleOfTheGranularity(
      @ForAll @DoubleRange(min = -1e12, max = 1e12) double value,
      @ForAll @IntRange(min = -30, max = 10) int log2Granularity,
      @ForAll boolean laplace,
      @ForAll long seed) {
    double g = Math.scalb(1.0, log2Granularity);
    RandomSource random = RandomSource.seeded(seed);
    NoiseMechanism m =
        laplace ? NoiseMechanism.laplace(3.0, g, random) : NoiseMechanism.gaussian(3.0, g, random);
    double out = m.addNoise(value);
    assertThat(out / g).isEqualTo(Math.rint(out / g));
  }
}
