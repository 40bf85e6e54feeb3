package dev.tacit.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.privacy.random.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * Each mechanism's output is its input plus the sample of the sampler it promises (Gaussian or
 * Laplace, on the grid), checked against that sampler run on the same random stream; and the scale
 * limits at their exact ends.
 */
class NoiseKnownAnswerTest {
  private static final double G = 0x1.0p-8;

  @Test
  void gaussianMechanism_addsTheDiscreteGaussianSampleTimesTheGranularity() {
    NoiseMechanism mechanism = NoiseMechanism.gaussian(3.0, G, RandomSource.seeded(1));
    DiscreteSampler sampler = DiscreteSampler.gaussian(3.0 / G, RandomSource.seeded(1));
    for (double value : new double[] {0.5, -2.25, 100}) {
      assertThat(mechanism.addNoise(value)).isEqualTo(value + sampler.sample() * G);
    }
  }

  @Test
  void laplaceMechanism_addsTheDiscreteLaplaceSampleTimesTheGranularity() {
    NoiseMechanism mechanism = NoiseMechanism.laplace(3.0, G, RandomSource.seeded(2));
    DiscreteSampler sampler = DiscreteSampler.laplace(3.0 / G, RandomSource.seeded(2));
    for (double value : new double[] {0.5, -2.25, 100}) {
      assertThat(mechanism.addNoise(value)).isEqualTo(value + sampler.sample() * G);
    }
    NoiseMechanism byDefault = NoiseMechanism.laplace(3.0, RandomSource.seeded(3));
    assertThat(byDefault.granularity()).isEqualTo(NoiseMechanism.defaultGranularity(3.0));
    assertThat(byDefault.addNoise(1.0)).isNotEqualTo(1.0);
  }

  @Test
  void aValueAtTwoToThe52Granules_isAlreadyOnTheGrid_andKeptAsIs() {
    double large = 0x1.0p52 * G;
    NoiseMechanism mechanism = NoiseMechanism.gaussian(1.0, G, RandomSource.seeded(4));
    DiscreteSampler sampler = DiscreteSampler.gaussian(1.0 / G, RandomSource.seeded(4));
    assertThat(mechanism.addNoise(large)).isEqualTo(large + sampler.sample() * G);
    assertThat(mechanism.addNoise(-large - 2 * G)).isEqualTo(-large - 2 * G + sampler.sample() * G);
  }

  @Test
  void integerMechanisms_addTheirSamplerSample() {
    IntegerNoiseMechanism gaussian =
        IntegerNoiseMechanism.discreteGaussian(40, RandomSource.seeded(5));
    DiscreteSampler g = DiscreteSampler.gaussian(40, RandomSource.seeded(5));
    IntegerNoiseMechanism laplace =
        IntegerNoiseMechanism.discreteLaplace(40, RandomSource.seeded(6));
    DiscreteSampler l = DiscreteSampler.laplace(40, RandomSource.seeded(6));
    for (long value : new long[] {7, -1000, 1L << 50}) {
      assertThat(gaussian.addNoise(value)).isEqualTo(value + g.sample());
      assertThat(laplace.addNoise(value)).isEqualTo(value + l.sample());
    }
  }

  @Test
  void scaleLimits_acceptTwoToThe50_andRefuseAnythingAbove() {
    double above = Math.nextUp(0x1.0p50);
    IntegerNoiseMechanism.discreteGaussian(0x1.0p50, RandomSource.seeded(1));
    IntegerNoiseMechanism.discreteLaplace(0x1.0p50, RandomSource.seeded(1));
    assertThatThrownBy(() -> IntegerNoiseMechanism.discreteGaussian(above, RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma must be <= 2^50, was " + above);
    assertThatThrownBy(() -> IntegerNoiseMechanism.discreteLaplace(above, RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale must be <= 2^50, was " + above);
    NoiseMechanism.gaussian(0x1.0p50, 1.0, RandomSource.seeded(1));
    assertThatThrownBy(() -> NoiseMechanism.gaussian(above, 1.0, RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("scale / granularity must be <= 2^50, was ");
  }

  @Test
  void defaultGranularity_atAndBelowTheSmallestNormal() {
    // scale 2^-982: scale·2^-40 = 2^-1022, the smallest normal, returned as is.
    assertThat(NoiseMechanism.defaultGranularity(0x1.0p-982)).isEqualTo(Double.MIN_NORMAL);
    assertThat(NoiseMechanism.defaultGranularity(0x1.0p-1000)).isEqualTo(Double.MIN_NORMAL);
    // scale 2^-981: 2^-1021, a power of two above the smallest normal.
    assertThat(NoiseMechanism.defaultGranularity(0x1.0p-981)).isEqualTo(0x1.0p-1021);
    assertThat(NoiseMechanism.defaultGranularity(3.0)).isEqualTo(0x1.0p-38);
  }

  @Test
  void toString_namesTheKindScaleAndGranularity() {
    assertThat(NoiseMechanism.gaussian(3.0, G, RandomSource.seeded(1)).toString())
        .isEqualTo("NoiseMechanism[GAUSSIAN, scale=3.0, granularity=0.00390625]");
    assertThat(NoiseMechanism.laplace(3.0, G, RandomSource.seeded(1)).toString())
        .isEqualTo("NoiseMechanism[LAPLACE, scale=3.0, granularity=0.00390625]");
  }
}
