package dev.tacit.secagg.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedPointCodecTest {

  @Test
  void decodeSum_ofEncodedVectors_isTheirSumWithinOneStepPerSummand() {
    FixedPointCodec codec = FixedPointCodec.create(1.0, 1 << 16, 32, 1000);
    SplittableRandom random = new SplittableRandom(3);
    double[] exact = new double[50];
    long[] sum = new long[50];
    for (int client = 0; client < 100; client++) {
      double[] values = new double[50];
      for (int i = 0; i < 50; i++) {
        values[i] = random.nextDouble(-1, 1);
        exact[i] += values[i];
      }
      long[] encoded = codec.encode(values, random::nextDouble);
      for (int i = 0; i < 50; i++) {
        sum[i] = (sum[i] + encoded[i]) & 0xffff_ffffL;
      }
    }

    double[] decoded = codec.decodeSum(sum);

    for (int i = 0; i < 50; i++) {
      assertThat(decoded[i]).isCloseTo(exact[i], within(100.0 / (1 << 16)));
    }
  }

  @Test
  void encode_clipsToTheBound() {
    FixedPointCodec codec = FixedPointCodec.create(0.5, 1024, 32, 10);

    double[] decoded =
        codec.decodeSum(
            codec.encode(new double[] {7.0, -3.0, 0.25}, new SplittableRandom(1)::nextDouble));

    assertThat(decoded).containsExactly(0.5, -0.5, 0.25);
  }

  @Test
  void encode_roundsStochasticallyWithoutBias() {
    FixedPointCodec codec = FixedPointCodec.create(1.0, 1.0, 64, 1);
    SplittableRandom random = new SplittableRandom(9);
    double total = 0;
    int trials = 20_000;
    for (int i = 0; i < trials; i++) {
      total += codec.decodeSum(codec.encode(new double[] {0.3}, random::nextDouble))[0];
    }

    assertThat(total / trials).isCloseTo(0.3, within(0.02));
  }

  @Test
  void create_whoseSumCouldWrap_isRefusedWithAClearMessage() {
    assertThatThrownBy(() -> FixedPointCodec.create(1.0, 1 << 24, 32, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the sum could wrap modulo 2^32")
        .hasMessageContaining("1000 summands");
  }

  @Test
  void withLargestScale_fitsTheHeadroom() {
    FixedPointCodec codec = FixedPointCodec.withLargestScale(1.0, 32, 1000);

    assertThat(codec.scale()).isEqualTo(1 << 21);
    assertThat(Math.ceil(codec.scale()) * 1000).isLessThanOrEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void encode_withNaN_isRefused() {
    FixedPointCodec codec = FixedPointCodec.create(1.0, 8, 32, 1);

    assertThatThrownBy(
            () -> codec.encode(new double[] {0, Double.NaN}, new SplittableRandom(1)::nextDouble))
        .hasMessage("value at index 1 must be finite, was NaN");
  }
}
