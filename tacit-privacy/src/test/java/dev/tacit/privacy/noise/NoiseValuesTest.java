package dev.tacit.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.privacy.random.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The noisy value is the input (rounded to the grid) plus the noise sample: checked by running two
 * mechanisms on the same random stream, one on the value and one on zero.
 */
class NoiseValuesTest {
  private static final double G = 0x1.0p-10;

  @Test
  void gaussian_addsItsNoiseToTheInputRoundedToTheGrid() {
    NoiseMechanism onValue = NoiseMechanism.gaussian(1.0, G, RandomSource.seeded(3));
    NoiseMechanism onZero = NoiseMechanism.gaussian(1.0, G, RandomSource.seeded(3));
    for (double value : new double[] {3.3, -7.25, 1234.56789, G / 3}) {
      double noise = onZero.addNoise(0.0);
      assertThat(onValue.addNoise(value)).isEqualTo(Math.rint(value / G) * G + noise);
    }
  }

  @Test
  void laplace_addsItsNoiseToTheInputRoundedToTheGrid() {
    NoiseMechanism onValue = NoiseMechanism.laplace(2.0, G, RandomSource.seeded(4));
    NoiseMechanism onZero = NoiseMechanism.laplace(2.0, G, RandomSource.seeded(4));
    double noise = onZero.addNoise(0.0);
    assertThat(noise).isNotZero();
    assertThat(onValue.addNoise(-0.3)).isEqualTo(Math.rint(-0.3 / G) * G + noise);
  }

  @Test
  void addNoise_onAnArray_addsIndependentNoiseToEachElement_inOrder() {
    NoiseMechanism batch = NoiseMechanism.gaussian(1.0, G, RandomSource.seeded(5));
    NoiseMechanism oneByOne = NoiseMechanism.gaussian(1.0, G, RandomSource.seeded(5));
    double[] values = {1.0, 2.0, 3.0};

    double[] noisy = batch.addNoise(values);

    assertThat(noisy).hasSize(3);
    for (int i = 0; i < values.length; i++) {
      assertThat(noisy[i]).isEqualTo(oneByOne.addNoise(values[i]));
    }
    assertThat(noisy[0] - values[0]).isNotEqualTo(noisy[1] - values[1]);
    assertThat(values).containsExactly(1.0, 2.0, 3.0);
  }

  @Test
  void integerMechanisms_addTheirNoiseToEachElement() {
    for (int kind = 0; kind < 2; kind++) {
      IntegerNoiseMechanism batch =
          kind == 0
              ? IntegerNoiseMechanism.discreteGaussian(50, RandomSource.seeded(6))
              : IntegerNoiseMechanism.discreteLaplace(50, RandomSource.seeded(6));
      IntegerNoiseMechanism single =
          kind == 0
              ? IntegerNoiseMechanism.discreteGaussian(50, RandomSource.seeded(6))
              : IntegerNoiseMechanism.discreteLaplace(50, RandomSource.seeded(6));
      long[] values = {10, -20, 1L << 40};

      long[] noisy = batch.addNoise(values);

      assertThat(noisy).hasSize(3);
      long noise0 = single.addNoise(0);
      long noise1 = single.addNoise(0);
      assertThat(noisy[0]).isEqualTo(10 + noise0);
      assertThat(noisy[1]).isEqualTo(-20 + noise1);
      assertThat(noise0).isNotEqualTo(noise1);
    }
  }

  @Test
  void none_onArrays_returnsACopyOfTheInput() {
    double[] values = {1.5, -2.5};
    double[] out = NoiseMechanism.none().addNoise(values);
    assertThat(out).containsExactly(1.5, -2.5).isNotSameAs(values);
    long[] longs = {3, 4};
    assertThat(IntegerNoiseMechanism.none().addNoise(longs)).containsExactly(3, 4);
  }
}
