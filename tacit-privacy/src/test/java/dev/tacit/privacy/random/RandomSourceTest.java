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
    final transient List<byte[]> drawn = new ArrayList<>();

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

  /** A source whose words are given. */
  private static RandomSource words(long... values) {
    int[] next = {0};
    return () -> values[next[0]++];
  }

  @Test
  void nextInt_isLemiresMultiplyShift_rejectingTheBiasedLowProducts() {
    // Top 32 bits x: m = x * bound; the result is m >>> 32 unless (m mod 2^32) < 2^32 mod bound.
    assertThat(words(0x8000_0000_0000_0000L).nextInt(3)).isEqualTo(1);
    assertThat(words(0xFFFF_FFFF_0000_0000L).nextInt(3)).isEqualTo(2);
    assertThat(words(0x5555_5556_0000_0000L).nextInt(3)).isEqualTo(1);
    // x = 0: m mod 2^32 = 0 < 2^32 mod 3 = 1, so the word is rejected and the next one used.
    assertThat(words(0L, 0x8000_0000_0000_0000L).nextInt(3)).isEqualTo(1);
    // bound 2^31 - 1, x = 1: m = bound, not below the bound, so kept: 0.
    assertThat(words(0x0000_0001_0000_0000L).nextInt(0x7FFF_FFFF)).isZero();
    // bound 5, x = 0x33333333: m = 0xFFFFFFFF, low 2^32 - 1, kept, result 0.
    assertThat(words(0x3333_3333_0000_0000L).nextInt(5)).isZero();
    // bound 6, x = 0x2AAAAAAB: m = 0x1_0000_0002, low 2 < 2^32 mod 6 = 4: rejected.
    assertThat(words(0x2AAA_AAAB_0000_0000L, 0xFFFF_FFFF_0000_0000L).nextInt(6)).isEqualTo(5);
    // Rejected twice in a row: the third word decides.
    assertThat(
            words(0x2AAA_AAAB_0000_0000L, 0x2AAA_AAAB_0000_0000L, 0xFFFF_FFFF_0000_0000L)
                .nextInt(6))
        .isEqualTo(5);
  }

  @Test
  void nextBoolean_isTrueExactlyForANegativeWord() {
    assertThat(words(-1L).nextBoolean()).isTrue();
    assertThat(words(Long.MIN_VALUE).nextBoolean()).isTrue();
    assertThat(words(0L).nextBoolean()).isFalse();
    assertThat(words(Long.MAX_VALUE).nextBoolean()).isFalse();
  }

  @Test
  void seeded_isTheAesCtrKeystream_underAKeyAndCounterExpandedWithSplitMix64() throws Exception {
    long seed = 2024;
    byte[] key = new byte[16];
    byte[] iv = new byte[16];
    long s = seed;
    for (int i = 0; i < 16; i++) {
      // SplitMix64's finalizer of s + γ is SplittableRandom(s).nextLong().
      s = new java.util.SplittableRandom(s).nextLong();
      key[i] = (byte) s;
      iv[i] = (byte) (s >>> 8);
    }
    long[] expected = aesCtrKeystream(key, iv, 8);
    RandomSource source = RandomSource.seeded(seed);

    assertThat(LongStream.range(0, 8).map(i -> source.nextLong()).toArray()).isEqualTo(expected);
  }
}
