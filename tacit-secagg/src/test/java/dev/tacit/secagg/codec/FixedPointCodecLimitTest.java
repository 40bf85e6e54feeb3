package dev.tacit.secagg.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The no-wrap check at its exact limit: the largest sum allowed is 2^(bits-1) - 1. */
class FixedPointCodecLimitTest {

  /** The sum modulo 2^bits of {@code n} encodings of {@code value}, decoded. */
  private static double decodedSumOf(FixedPointCodec codec, double value, int n) {
    long[] sum = new long[1];
    for (int i = 0; i < n; i++) {
      sum[0] += codec.encode(new double[] {value}, new SplittableRandom(i)::nextDouble)[0];
    }
    if (codec.modulusBits() == 32) {
      sum[0] &= 0xffff_ffffL;
    }
    return codec.decodeSum(sum)[0];
  }

  @Test
  void create32_acceptsASumOfExactlyTwoToThe31MinusOne_andDecodesIt() {
    FixedPointCodec codec = FixedPointCodec.create(1.0, 0x7fff_ffff, 32, 1);
    assertThat(decodedSumOf(codec, 1.0, 1)).isEqualTo(1.0);
    assertThat(decodedSumOf(codec, -1.0, 1)).isEqualTo(-1.0);

    FixedPointCodec three = FixedPointCodec.create(1.0, 0x7fff_ffff / 3, 32, 3);
    assertThat(decodedSumOf(three, 1.0, 3)).isEqualTo(3.0);
  }

  @Test
  void create32_refusesASumOfTwoToThe31_whichWouldWrap() {
    assertThatThrownBy(() -> FixedPointCodec.create(1.0, 0x8000_0000L, 32, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the sum could wrap modulo 2^32");
    assertThatThrownBy(() -> FixedPointCodec.create(1.0, 0x4000_0000L, 32, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds 2^31 - 1");
  }

  @Test
  void create64_refusesASumOfTwoToThe63_whichWouldWrap() {
    // 4 summands of 2^61 add up to 2^63, which reads back as -2^63.
    assertThatThrownBy(() -> FixedPointCodec.create(1.0, 0x1p61, 64, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the sum could wrap modulo 2^64");
    FixedPointCodec three = FixedPointCodec.create(1.0, 0x1p61, 64, 3);
    assertThat(decodedSumOf(three, 1.0, 3)).isEqualTo(3.0);
    assertThat(decodedSumOf(three, -1.0, 3)).isEqualTo(-3.0);
  }

  @Test
  void withLargestScale_neverChoosesAScaleWhoseSumWraps() {
    for (int bits : new int[] {32, 64}) {
      for (int n : new int[] {1, 2, 3, 4, 1000}) {
        FixedPointCodec codec = FixedPointCodec.withLargestScale(1.0, bits, n);
        assertThat(decodedSumOf(codec, 1.0, n)).as("bits %d, n %d", bits, n).isEqualTo(n);
        assertThat(decodedSumOf(codec, -1.0, n)).as("bits %d, n %d", bits, n).isEqualTo(-n);
      }
    }
    // The largest power-of-two scale for 4 summands of 1.0 in 32 bits is 2^28 (2^29 x 4 = 2^31).
    assertThat(FixedPointCodec.withLargestScale(1.0, 32, 4).scale()).isEqualTo(0x1p28);
    assertThat(FixedPointCodec.withLargestScale(1.0, 32, 3).scale()).isEqualTo(0x1p29);
  }

  @Test
  void decodeSum32_refusesAnElementOutsideTheModulus() {
    FixedPointCodec codec = FixedPointCodec.create(1.0, 16, 32, 10);
    assertThatThrownBy(() -> codec.decodeSum(new long[] {0, 1L << 32}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sum element 1 must be in [0, 2^32)");
    assertThat(codec.decodeSum(new long[] {0xffff_ffffL})).containsExactly(-1.0 / 16);
  }
}
