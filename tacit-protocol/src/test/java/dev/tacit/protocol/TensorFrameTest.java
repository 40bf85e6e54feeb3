package dev.tacit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TensorFrameTest {
  private static final TensorFrame FRAME =
      TensorFrame.ofFloats(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});

  /** Recomputes the CRC after a deliberate change, so the test reaches the check behind it. */
  private static byte[] withCrc(byte[] b) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
    return b;
  }

  @Property(tries = 50)
  void floats_roundTrip(@ForAll @Size(max = 40) float[] values) {
    float[] finite = values.clone();
    for (int i = 0; i < finite.length; i++) {
      if (!Float.isFinite(finite[i])) {
        finite[i] = i;
      }
    }
    TensorFrame f = TensorFrame.ofFloats(new int[] {finite.length}, finite);
    assertThat(TensorFrame.decode(f.encode()).floats()).isEqualTo(finite);
  }

  @Property(tries = 50)
  void longs_roundTrip(@ForAll @Size(max = 40) long[] values) {
    TensorFrame f = TensorFrame.ofLongs(new int[] {1, values.length}, values);
    TensorFrame back = TensorFrame.decode(f.encode());
    assertThat(back.longs()).isEqualTo(values);
    assertThat(back.shape()).containsExactly(1, values.length);
  }

  @Test
  void ints_roundTrip_andScalarHasRankZero() {
    TensorFrame f = TensorFrame.ofInts(new int[] {}, new int[] {-7});
    assertThat(TensorFrame.decode(f.encode()).ints()).containsExactly(-7);
    assertThat(f.encode()).hasSize(8 + 4 + 4);
  }

  @Test
  void layout_isLittleEndianAsDocumented() {
    byte[] b = FRAME.encode();
    assertThat(Arrays.copyOf(b, 4))
        .isEqualTo("TCT1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bb.getShort(4)).isEqualTo((short) 1);
    assertThat(b[6]).isEqualTo((byte) 1);
    assertThat(b[7]).isEqualTo((byte) 2);
    assertThat(bb.getInt(8)).isEqualTo(2);
    assertThat(bb.getInt(12)).isEqualTo(3);
    assertThat(bb.getFloat(16)).isEqualTo(1f);
    assertThat(b).hasSize(FRAME.encodedLength()).hasSize(16 + 24 + 4);
    assertThat(TensorFrame.crcOf(b)).isEqualTo(Integer.toUnsignedLong(bb.getInt(40)));
  }

  @Test
  void decode_withBadMagic_fails() {
    byte[] b = FRAME.encode();
    b[0] = 'X';
    assertThatThrownBy(() -> TensorFrame.decode(b)).hasMessageContaining("bad magic");
  }

  @Test
  void decode_withUnknownVersion_fails() {
    byte[] b = FRAME.encode();
    b[4] = 2;
    assertThatThrownBy(() -> TensorFrame.decode(withCrc(b)))
        .hasMessageContaining("unknown frame version 2");
  }

  @Test
  void decode_withUnknownDtype_fails() {
    byte[] b = FRAME.encode();
    b[6] = 9;
    assertThatThrownBy(() -> TensorFrame.decode(withCrc(b)))
        .hasMessageContaining("unknown dtype 9");
  }

  @Test
  void decode_withRankAboveMax_fails() {
    byte[] b = FRAME.encode();
    b[7] = 9;
    assertThatThrownBy(() -> TensorFrame.decode(b)).hasMessageContaining("rank must be <= 8");
  }

  @Test
  void decode_ofEveryTruncation_fails() {
    byte[] b = FRAME.encode();
    for (int n = 0; n < b.length; n++) {
      byte[] cut = Arrays.copyOf(b, n);
      assertThatThrownBy(() -> TensorFrame.decode(cut))
          .as("truncated to %d bytes", n)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void decode_withEveryBitFlipped_failsTheCrcOrAnEarlierCheck() {
    byte[] b = FRAME.encode();
    for (int i = 0; i < b.length * 8; i++) {
      byte[] flipped = b.clone();
      flipped[i / 8] ^= (byte) (1 << (i % 8));
      assertThatThrownBy(() -> TensorFrame.decode(flipped))
          .as("bit %d flipped", i)
          .isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void decode_withPayloadChanged_reportsCrcMismatch() {
    byte[] b = FRAME.encode();
    b[20] ^= 1;
    assertThatThrownBy(() -> TensorFrame.decode(b)).hasMessageContaining("CRC32C mismatch");
  }

  @Test
  void decode_withShapeNotMatchingPayload_fails() {
    byte[] b = FRAME.encode();
    byte[] longer = withCrc(Arrays.copyOf(b, b.length + 4));
    assertThatThrownBy(() -> TensorFrame.decode(longer))
        .hasMessageContaining("shape/payload mismatch");
    byte[] bigger = b.clone();
    bigger[8] = 3; // shape [3, 3] needs 36 payload bytes, the frame has 24
    assertThatThrownBy(() -> TensorFrame.decode(withCrc(bigger))).hasMessageContaining("needs");
  }

  @Test
  void decode_withNanPayload_fails() {
    byte[] b = FRAME.encode();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(16, Float.NaN);
    assertThatThrownBy(() -> TensorFrame.decode(withCrc(b))).hasMessageContaining("finite");
  }

  @Test
  void create_withShapeNotMatchingValues_fails() {
    assertThatThrownBy(() -> TensorFrame.ofInts(new int[] {2, 2}, new int[3]))
        .hasMessage("shape [2, 2] has 4 elements but 3 values were given");
  }

  @Test
  void floats_ofAnIntFrame_fails() {
    TensorFrame f = TensorFrame.ofInts(new int[] {1}, new int[] {1});
    assertThatThrownBy(f::floats).isInstanceOf(IllegalStateException.class);
  }
}
