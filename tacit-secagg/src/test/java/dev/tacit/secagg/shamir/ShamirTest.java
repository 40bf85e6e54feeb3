package dev.tacit.secagg.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ShamirTest {
  private static final BigInteger P = BigInteger.valueOf(Shamir.PRIME);

  @Test
  void reconstruct_fromAnyThresholdSubset_returnsTheSecret() {
    SecureRandom random = TestRandom.seeded(5);
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    int[] xs = {3, 17, 18, 40, 41, 99, 1000};
    List<ShamirShare> shares = Shamir.split(secret, 4, xs, random);

    for (int trial = 0; trial < 20; trial++) {
      List<ShamirShare> subset = new ArrayList<>(shares);
      Collections.shuffle(subset, new java.util.Random(trial));
      assertThat(Shamir.reconstruct(subset.subList(0, 4), 4, 32)).isEqualTo(secret);
    }
  }

  @Test
  void interpolating_fewerThanThresholdShares_doesNotYieldTheSecret() {
    SecureRandom random = TestRandom.seeded(6);
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    for (int trial = 0; trial < 10; trial++) {
      List<ShamirShare> shares = Shamir.split(secret, 3, new int[] {1, 2, 3}, random);
      byte[] guess;
      try {
        guess = Shamir.reconstruct(shares.subList(0, 2), 2, 32);
      } catch (IllegalArgumentException e) {
        continue;
      }
      assertThat(guess).isNotEqualTo(secret);
    }
  }

  @Test
  void reconstruct_withFewerThanThresholdShares_isRefused() {
    List<ShamirShare> shares =
        Shamir.split(new byte[32], 3, new int[] {1, 2, 3}, TestRandom.seeded(1));

    assertThatThrownBy(() -> Shamir.reconstruct(shares.subList(0, 2), 3, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reconstruction needs at least 3 shares (the threshold), got 2");
  }

  @Test
  void split_withRepeatedOrZeroCoordinates_isRefused() {
    assertThatThrownBy(() -> Shamir.split(new byte[4], 2, new int[] {1, 1}, TestRandom.seeded(1)))
        .hasMessage("share x-coordinate 1 appears twice");
    assertThatThrownBy(() -> Shamir.split(new byte[4], 2, new int[] {0, 1}, TestRandom.seeded(1)))
        .hasMessage("share x-coordinates must be >= 1, was 0");
  }

  @Test
  void reconstruct_withAShareCorruptedBeyondTheChunkRange_isDetected() {
    byte[] secret = new byte[32];
    List<ShamirShare> shares = Shamir.split(secret, 2, new int[] {1, 2, 3}, TestRandom.seeded(2));
    long[] values = shares.get(0).values();
    values[0] = Field61.add(values[0], 1L << 58);
    List<ShamirShare> corrupted = List.of(ShamirShare.of(1, values), shares.get(1));

    assertThatThrownBy(() -> Shamir.reconstruct(corrupted, 2, 32))
        .hasMessageContaining("the shares are inconsistent");
  }

  @Property(tries = 300)
  void fieldMultiplication_matchesBigInteger(
      @ForAll @LongRange(min = 0, max = (1L << 61) - 2) long a,
      @ForAll @LongRange(min = 0, max = (1L << 61) - 2) long b) {
    long expected = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(P).longValueExact();

    assertThat(Field61.mul(a, b)).isEqualTo(expected);
  }

  @Property(tries = 100)
  void fieldInverse_timesValue_isOne(@ForAll @LongRange(min = 1, max = (1L << 61) - 2) long a) {
    assertThat(Field61.mul(a, Field61.inverse(a))).isEqualTo(1);
  }
}
