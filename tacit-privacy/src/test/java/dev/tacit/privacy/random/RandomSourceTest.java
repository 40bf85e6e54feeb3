package dev.tacit.privacy.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class RandomSourceTest {

  @Test
  void seeded_withSameSeed_givesSameStream() {
    RandomSource a = RandomSource.seeded(7);
    RandomSource b = RandomSource.seeded(7);
    long[] x = LongStream.range(0, 5000).map(i -> a.nextLong()).toArray();
    long[] y = LongStream.range(0, 5000).map(i -> b.nextLong()).toArray();
    assertThat(x).isEqualTo(y);
  }

  @Test
  void seeded_withDifferentSeeds_givesDifferentStreams() {
    assertThat(RandomSource.seeded(1).nextLong()).isNotEqualTo(RandomSource.seeded(2).nextLong());
  }

  @Test
  void secure_instancesAreIndependent() {
    RandomSource a = RandomSource.secure();
    RandomSource b = RandomSource.secure();
    assertThat(new long[] {a.nextLong(), a.nextLong()})
        .isNotEqualTo(new long[] {b.nextLong(), b.nextLong()});
  }

  @Test
  void nextInt_staysInBoundAndReachesEveryValue() {
    RandomSource r = RandomSource.seeded(3);
    int[] counts = new int[7];
    for (int i = 0; i < 7000; i++) {
      counts[r.nextInt(7)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(800, 1200);
    }
  }

  @Test
  void nextInt_withNonPositiveBound_fails() {
    assertThatThrownBy(() -> RandomSource.seeded(1).nextInt(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bound must be > 0, was 0");
  }

  @Test
  void nextDouble_liesInUnitInterval() {
    RandomSource r = RandomSource.secure();
    for (int i = 0; i < 10_000; i++) {
      assertThat(r.nextDouble()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    }
  }

  @Test
  void toString_revealsNoKeyMaterial() {
    assertThat(RandomSource.secure().toString()).isEqualTo("RandomSource[AES-CTR]");
  }

  /** A {@link SecureRandom} that records every byte array it fills. */
  private static final class RecordingRandom extends SecureRandom {
    private static final long serialVersionUID = 1;
    final List<byte[]> drawn = new ArrayList<>();

    RecordingRandom(long seed) {
      super(new byte[0]);
      setSeed(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
      super.nextBytes(bytes);
      drawn.add(bytes.clone());
    }
  }

  /** The first {@code longs} 64-bit words of the AES-128-CTR keystream, computed with the JDK. */
  private static long[] aesCtrKeystream(byte[] key, byte[] iv, int longs) throws Exception {
    Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    ByteBuffer stream =
        ByteBuffer.wrap(cipher.doFinal(new byte[longs * Long.BYTES]))
            .order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[longs];
    for (int i = 0; i < longs; i++) {
      out[i] = stream.getLong();
    }
    return out;
  }

  @Test
  void secure_isTheAesCtrKeystream_underARandomKeyAndCounter_bothDrawnFromTheSeedSource()
      throws Exception {
    RecordingRandom seedSource = new RecordingRandom(11);
    RandomSource source = RandomSource.secure(seedSource);

    assertThat(seedSource.drawn).hasSize(2);
    byte[] key = seedSource.drawn.get(0);
    byte[] iv = seedSource.drawn.get(1);
    assertThat(key).hasSize(16).isNotEqualTo(new byte[16]);
    assertThat(iv).hasSize(16).isNotEqualTo(key);
    long[] expected = aesCtrKeystream(key, iv, 4);
    long[] actual = LongStream.range(0, 4).map(i -> source.nextLong()).toArray();
    assertThat(actual).isEqualTo(expected);
    // Not the keystream of an all-zero key under the same counter.
    assertThat(actual).isNotEqualTo(aesCtrKeystream(new byte[16], iv, 4));
  }

  @Test
  void secure_instancesDrawDistinctKeys_notJustDistinctCounters() {
    RecordingRandom a = new RecordingRandom(1);
    RecordingRandom b = new RecordingRandom(2);
    RandomSource.secure(a);
    RandomSource.secure(b);

    assertThat(a.drawn.get(0)).isNotEqualTo(b.drawn.get(0));
  }

  @Test
  void secure_withNullSeedSource_fails() {
    assertThatThrownBy(() -> RandomSource.secure(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("seedSource must not be null");
  }

  @Test
  void aesCtrSource_zeroisesTheKeyItWasGiven() {
    byte[] key = new byte[16];
    Arrays.fill(key, (byte) 7);

    new AesCtrRandomSource(key, new byte[16]);

    assertThat(key).isEqualTo(new byte[16]);
  }

  @Test
  void aesCtrSource_continuesTheKeystreamAcrossItsInternalBuffer() throws Exception {
    byte[] key = new byte[16];
    key[0] = 1;
    long[] expected = aesCtrKeystream(key.clone(), new byte[16], 16 * 1024 / 8 + 3);
    RandomSource source = new AesCtrRandomSource(key, new byte[16]);

    long[] actual = LongStream.range(0, expected.length).map(i -> source.nextLong()).toArray();

    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void nextBoolean_isTheSignBitOfTheNextWord() {
    RandomSource a = RandomSource.seeded(5);
    RandomSource b = RandomSource.seeded(5);
    for (int i = 0; i < 64; i++) {
      assertThat(a.nextBoolean()).isEqualTo(b.nextLong() < 0);
    }
  }

  @Test
  void nextDouble_isTheTop53BitsOfTheNextWord() {
    RandomSource a = RandomSource.seeded(6);
    RandomSource b = RandomSource.seeded(6);
    for (int i = 0; i < 64; i++) {
      assertThat(a.nextDouble()).isEqualTo((b.nextLong() >>> 11) * 0x1.0p-53);
    }
  }
}
