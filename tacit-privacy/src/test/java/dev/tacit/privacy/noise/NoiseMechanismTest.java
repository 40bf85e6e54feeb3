package dev.tacit.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.privacy.random.RandomSource;
import org.junit.jupiter.api.Test;

class NoiseMechanismTest {

  @Test
  void none_returnsInputUnchanged() {
    double[] v = {1.5, -2.25, 0};
    assertThat(NoiseMechanism.none().addNoise(v)).containsExactly(1.5, -2.25, 0);
    assertThat(NoiseMechanism.none().addNoise(v)).isNotSameAs(v);
    assertThat(NoiseMechanism.none().addNoise(3.75)).isEqualTo(3.75);
    assertThat(IntegerNoiseMechanism.none().addNoise(new long[] {4, -9})).containsExactly(4, -9);
  }

  @Test
  void gaussian_outputsLieOnTheGranularityGrid() {
    double g = 0x1.0p-10;
    NoiseMechanism m = NoiseMechanism.gaussian(1.0, g, RandomSource.seeded(1));
    for (int i = 0; i < 1000; i++) {
      double out = m.addNoise(0.123456789 * i);
      assertThat(out / g).isEqualTo(Math.rint(out / g));
    }
  }

  @Test
  void laplace_outputsLieOnTheGranularityGrid() {
    double g = 0x1.0p-8;
    NoiseMechanism m = NoiseMechanism.laplace(2.0, g, RandomSource.seeded(1));
    for (int i = 0; i < 1000; i++) {
      double out = m.addNoise(Math.PI * i);
      assertThat(out / g).isEqualTo(Math.rint(out / g));
    }
  }

  @Test
  void gaussian_withHugeInput_staysOnGrid() {
    double g = 0x1.0p-20;
    NoiseMechanism m = NoiseMechanism.gaussian(1.0, g, RandomSource.seeded(5));
    double out = m.addNoise(1e30);
    assertThat(out / g).isEqualTo(Math.rint(out / g));
  }

  @Test
  void defaultGranularity_isSmallestPowerOfTwoAboveScaleTimesTwoToMinus40() {
    double g = NoiseMechanism.defaultGranularity(3.0);
    assertThat(g).isEqualTo(0x1.0p-38);
    assertThat(NoiseMechanism.defaultGranularity(4.0)).isEqualTo(0x1.0p-38);
    assertThat(NoiseMechanism.gaussian(3.0, RandomSource.seeded(1)).granularity()).isEqualTo(g);
  }

  @Test
  void gaussian_withSameSeed_isReproducible() {
    double[] a = NoiseMechanism.gaussian(2, RandomSource.seeded(9)).addNoise(new double[100]);
    double[] b = NoiseMechanism.gaussian(2, RandomSource.seeded(9)).addNoise(new double[100]);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(new double[100]);
  }

  @Test
  void gaussian_withNonPositiveSigma_fails() {
    assertThatThrownBy(() -> NoiseMechanism.gaussian(0, RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma must be > 0 and finite, was 0.0");
  }

  @Test
  void gaussian_withGranularityNotPowerOfTwo_fails() {
    assertThatThrownBy(() -> NoiseMechanism.gaussian(1, 0.3, RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("granularity must be a power of two, was 0.3");
  }

  @Test
  void laplace_withGranularityTooFine_fails() {
    assertThatThrownBy(() -> NoiseMechanism.laplace(1, 0x1.0p-60, RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale / granularity must be <= 2^50");
  }

  @Test
  void addNoise_withNonFiniteValue_fails() {
    NoiseMechanism m = NoiseMechanism.gaussian(1, RandomSource.seeded(1));
    assertThatThrownBy(() -> m.addNoise(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value must be finite, was NaN");
  }

  @Test
  void discreteMechanisms_addIntegerNoiseReproducibly() {
    long[] a =
        IntegerNoiseMechanism.discreteGaussian(3, RandomSource.seeded(4)).addNoise(new long[50]);
    long[] b =
        IntegerNoiseMechanism.discreteGaussian(3, RandomSource.seeded(4)).addNoise(new long[50]);
    assertThat(a).isEqualTo(b).isNotEqualTo(new long[50]);
    long[] c =
        IntegerNoiseMechanism.discreteLaplace(3, RandomSource.seeded(4)).addNoise(new long[50]);
    assertThat(c).isNotEqualTo(new long[50]);
  }

  @Test
  void discreteGaussian_withNegativeSigma_fails() {
    assertThatThrownBy(() -> IntegerNoiseMechanism.discreteGaussian(-2, RandomSource.seeded(1)))
        .hasMessage("sigma must be > 0 and finite, was -2.0");
  }

  @Test
  void discreteLaplace_fedByKnownBits_countsBernoulliSuccesses() {
    // Scale 1: U is always 0 and the first word gives a positive sign. Each later word gives two
    // 32-bit uniforms: zeros are successes of Bernoulli(e^-1), all ones a failure. So the
    // magnitude is 2, from three words.
    long[] words = {0L, 0L, -1L};
    int[] next = {0};
    RandomSource fake = () -> words[next[0]++];
    assertThat(IntegerNoiseMechanism.discreteLaplace(1.0, fake).addNoise(10L)).isEqualTo(12L);
    assertThat(next[0]).isEqualTo(3);
  }

  @Test
  void gaussian_withValueNearMaxDouble_staysFiniteAndOnGrid() {
    double g = 0x1.0p-40;
    double out = NoiseMechanism.gaussian(1.0, g, RandomSource.seeded(2)).addNoise(1e308);
    assertThat(out).isFinite();
    assertThat(out / g).isEqualTo(Math.rint(out / g));
  }
}
