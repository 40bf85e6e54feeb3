package dev.tacit.secagg.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The codec's parameter checks at their boundaries, and its accessors. */
class FixedPointCodecChecksTest {

  @Test
  void create_refusesEachParameterJustOutsideItsRange() {
    assertThatThrownBy(() -> FixedPointCodec.create(0, 1, 32, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clip must be > 0 and finite, was 0.0");
    assertThatThrownBy(() -> FixedPointCodec.create(Double.POSITIVE_INFINITY, 1, 32, 1))
        .hasMessage("clip must be > 0 and finite, was Infinity");
    assertThatThrownBy(() -> FixedPointCodec.create(1, 0, 32, 1))
        .hasMessage("scale must be > 0 and finite, was 0.0");
    assertThatThrownBy(() -> FixedPointCodec.create(1, Double.POSITIVE_INFINITY, 32, 1))
        .hasMessage("scale must be > 0 and finite, was Infinity");
    assertThatThrownBy(() -> FixedPointCodec.create(1, 1, 16, 1))
        .hasMessage("modulusBits must be 32 or 64, was 16");
    assertThatThrownBy(() -> FixedPointCodec.create(1, 1, 32, 0))
        .hasMessage("maxSummands must be >= 1, was 0");
    // magnitude 2^62 fits 64 bits once, but is refused: the encoder's clamp needs it below 2^62.
    assertThatThrownBy(() -> FixedPointCodec.create(1, 0x1p62, 64, 1))
        .hasMessageContaining("exceeds 2^63 - 1");
    FixedPointCodec tiny = FixedPointCodec.create(Double.MIN_VALUE, Double.MIN_VALUE, 32, 1);
    assertThat(tiny.maxSummands()).isEqualTo(1);
    FixedPointCodec justBelow = FixedPointCodec.create(1, Math.nextDown(0x1p62), 64, 1);
    assertThat(justBelow.modulusBits()).isEqualTo(64);
  }

  @Test
  void withLargestScale_refusesEachParameterJustOutsideItsRange() {
    assertThatThrownBy(() -> FixedPointCodec.withLargestScale(0, 32, 1))
        .hasMessage("clip must be > 0 and finite, was 0.0");
    assertThatThrownBy(() -> FixedPointCodec.withLargestScale(Double.NaN, 32, 1))
        .hasMessage("clip must be > 0 and finite, was NaN");
    assertThatThrownBy(() -> FixedPointCodec.withLargestScale(1, 48, 1))
        .hasMessage("modulusBits must be 32 or 64, was 48");
    assertThatThrownBy(() -> FixedPointCodec.withLargestScale(1, 32, 0))
        .hasMessage("maxSummands must be >= 1, was 0");
    // 2^31 - 1 summands of clip 1: only scale 1 fits; clip 1.5 fits none.
    assertThat(FixedPointCodec.withLargestScale(1, 32, Integer.MAX_VALUE).scale()).isEqualTo(1.0);
    assertThatThrownBy(() -> FixedPointCodec.withLargestScale(1.5, 32, Integer.MAX_VALUE))
        .hasMessage("no scale >= 1 fits 2147483647 summands of magnitude 1.5 in 32 bits");
    // Large clips: the scale is the largest power of two with ceil(clip·scale)·n < 2^31.
    for (double clip : new double[] {0.3, 1.0, 3.0, 1000.0}) {
      FixedPointCodec codec = FixedPointCodec.withLargestScale(clip, 32, 10);
      assertThat(Math.ceil(clip * codec.scale()) * 10).isLessThan(0x1p31);
      assertThat(Math.ceil(clip * codec.scale() * 2) * 10).isGreaterThanOrEqualTo(0x1p31);
    }
    assertThat(FixedPointCodec.withLargestScale(1e-30, 64, 1).scale()).isEqualTo(0x1p60);
  }

  @Test
  void accessorsAndToString_reportTheParameters() {
    FixedPointCodec codec = FixedPointCodec.create(2.5, 1024, 64, 7);
    assertThat(codec.clip()).isEqualTo(2.5);
    assertThat(codec.scale()).isEqualTo(1024.0);
    assertThat(codec.modulusBits()).isEqualTo(64);
    assertThat(codec.maxSummands()).isEqualTo(7);
    assertThat(codec.toString())
        .isEqualTo("FixedPointCodec[clip=2.5, scale=1024.0, bits=64, maxSummands=7]");
  }

  @Test
  void encode_clampsToTheClipAndRoundsWithinOneStep() {
    FixedPointCodec codec = FixedPointCodec.create(1.0, 4, 32, 10);
    long[] encoded =
        codec.encode(new double[] {5.0, -5.0, 0.3}, new SplittableRandom(1)::nextDouble);
    assertThat(encoded[0]).isEqualTo(4);
    assertThat(encoded[1]).isEqualTo(0xffff_ffffL & -4L);
    assertThat(encoded[2]).isBetween(1L, 2L);
    assertThatThrownBy(
            () -> codec.encode(new double[] {0, Double.NaN}, new SplittableRandom(1)::nextDouble))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value at index 1 must be finite, was NaN");
  }
}
