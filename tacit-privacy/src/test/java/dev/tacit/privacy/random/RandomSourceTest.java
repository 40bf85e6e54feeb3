package dev.tacit.privacy.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
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
}
