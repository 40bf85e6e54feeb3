package dev.tacit.secagg.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The polynomial coefficients are uniformly random field elements; reconstruct checks its input.
 */
class ShamirRandomnessTest {
  private static final BigInteger P = BigInteger.valueOf(Shamir.PRIME);

  @Test
  void split_drawsFreshUniformCoefficients_everyTime() {
    SecureRandom random = TestRandom.seeded(8);
    byte[] secret = {1, 2, 3, 4, 5, 6, 7};
    long chunk = 0x07_06_05_04_03_02_01L;
    Set<Long> coefficients = new HashSet<>();
    int highHalf = 0;
    int runs = 400;
    for (int run = 0; run < runs; run++) {
      // Threshold 2: the share at x = 1 is chunk + a1, so a1 = share - chunk (mod p).
      List<ShamirShare> shares = Shamir.split(secret, 2, new int[] {1, 2}, random);
      long share1 = shares.get(0).values()[0];
      long share2 = shares.get(1).values()[0];
      assertThat(share1).isBetween(0L, Shamir.PRIME - 1);
      assertThat(share2).isBetween(0L, Shamir.PRIME - 1);
      long a1 = BigInteger.valueOf(share1).subtract(BigInteger.valueOf(chunk)).mod(P).longValue();
      // The share at x = 2 lies on the same line: chunk + 2 a1.
      assertThat(share2)
          .isEqualTo(
              BigInteger.valueOf(chunk)
                  .add(BigInteger.valueOf(a1).shiftLeft(1))
                  .mod(P)
                  .longValue());
      coefficients.add(a1);
      if (a1 >= Shamir.PRIME / 2) {
        highHalf++;
      }
    }
    assertThat(coefficients).hasSize(runs);
    // Half of a uniform sample lies in the upper half of the field: 200 ± 5 standard deviations.
    assertThat(highHalf).isBetween(150, 250);
  }

  @Test
  void split_givesDifferentSharesOfTheSameSecret_inDifferentCalls() {
    SecureRandom random = TestRandom.seeded(9);
    byte[] secret = new byte[32];
    List<ShamirShare> first = Shamir.split(secret, 3, new int[] {1, 2, 3, 4}, random);
    List<ShamirShare> second = Shamir.split(secret, 3, new int[] {1, 2, 3, 4}, random);
    for (int i = 0; i < 4; i++) {
      assertThat(first.get(i).values()).isNotEqualTo(second.get(i).values());
      assertThat(first.get(i).values()).doesNotContain(0L);
    }
  }

  @Test
  void reconstruct_withARepeatedCoordinate_isRefused() {
    byte[] secret = {9, 8, 7};
    List<ShamirShare> shares = Shamir.split(secret, 2, new int[] {1, 2, 3}, TestRandom.seeded(1));

    assertThatThrownBy(() -> Shamir.reconstruct(List.of(shares.get(0), shares.get(0)), 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share x-coordinate 1 appears twice");
  }

  @Test
  void reconstruct_withAThresholdBelowOne_isRefused() {
    List<ShamirShare> shares = Shamir.split(new byte[] {1}, 1, new int[] {1}, TestRandom.seeded(1));

    assertThatThrownBy(() -> Shamir.reconstruct(shares, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold must be >= 1, was 0");
  }

  @Test
  void reconstruct_withSharesOfAnotherLength_isRefused() {
    List<ShamirShare> shares =
        Shamir.split(new byte[8], 2, new int[] {1, 2}, TestRandom.seeded(1)); // 2 chunks

    assertThatThrownBy(() -> Shamir.reconstruct(shares, 2, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share of client 1 has 2 chunks, a 7-byte secret needs 1");
    assertThat(Shamir.reconstruct(shares, 2, 8)).isEqualTo(new byte[8]);
  }

  @Test
  void split_checksItsThresholdAndSecret() {
    SecureRandom random = TestRandom.seeded(1);
    assertThatThrownBy(() -> Shamir.split(new byte[1], 0, new int[] {1, 2}, random))
        .hasMessage("threshold must be in [1, 2] (the number of shares), was 0");
    assertThatThrownBy(() -> Shamir.split(new byte[1], 3, new int[] {1, 2}, random))
        .hasMessage("threshold must be in [1, 2] (the number of shares), was 3");
    assertThatThrownBy(() -> Shamir.split(new byte[0], 1, new int[] {1}, random))
        .hasMessage("secret must not be empty");
    assertThat(Shamir.split(new byte[] {5}, 2, new int[] {1, 2}, random)).hasSize(2);
  }

  @Test
  void chunkCount_isTheNumberOfSevenByteChunks() {
    assertThat(Shamir.chunkCount(1)).isEqualTo(1);
    assertThat(Shamir.chunkCount(7)).isEqualTo(1);
    assertThat(Shamir.chunkCount(8)).isEqualTo(2);
    assertThat(Shamir.chunkCount(32)).isEqualTo(5);
  }

  @Test
  void thresholdOne_isPlainReplication() {
    byte[] secret = {4, 5, 6};
    List<ShamirShare> shares = Shamir.split(secret, 1, new int[] {1, 2}, TestRandom.seeded(3));
    assertThat(Shamir.reconstruct(shares.subList(1, 2), 1, 3)).isEqualTo(secret);
    assertThat(shares.get(0).values()).isEqualTo(shares.get(1).values());
  }
}
