package dev.tacit.privacy.ldp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.privacy.random.RandomSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Optimized local hashing: its hash family, its randomization and its aggregator's checks. */
class LocalHashingTest {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  /** SplitMix64's finalizer, through the JDK: SplittableRandom(y - γ).nextLong() = mix64(y). */
  private static long mix64(long y) {
    return new SplittableRandom(y - GOLDEN_GAMMA).nextLong();
  }

  @Test
  void hash_isTheSplitMix64FinalizerOfSeedAndValue_moduloTheBuckets() {
    SplittableRandom seeds = new SplittableRandom(1);
    for (int i = 0; i < 200; i++) {
      long seed = seeds.nextLong();
      int value = i * 37;
      int buckets = 2 + i;
      long z = mix64(seed ^ ((value + 1L) * GOLDEN_GAMMA));
      assertThat(OptimizedLocalHashing.hash(seed, value, buckets))
          .isEqualTo((int) Long.remainderUnsigned(z, buckets));
    }
  }

  /** A source whose words are given: nextDouble() is the top 53 bits of each. */
  private static RandomSource words(long... values) {
    int[] next = {0};
    return () -> values[next[0]++];
  }

  @Test
  void randomize_keepsTheTrueBucketWithProbabilityP_elseReportsAnotherOneUniformly() {
    OptimizedLocalHashing olh =
        (OptimizedLocalHashing) FrequencyOracle.optimizedLocalHashing(50, Math.log(4)); // g = 5
    assertThat(olh.buckets()).isEqualTo(5);
    long seed = 12345;
    int trueBucket = OptimizedLocalHashing.hash(seed, 7, 5);

    // nextDouble() = 0 < p: kept.
    assertThat(olh.randomize(7, words(seed, 0L)).bucket()).isEqualTo(trueBucket);
    assertThat(olh.randomize(7, words(seed, 0L)).seed()).isEqualTo(seed);
    // nextDouble() close to 1 > p: another bucket, chosen by nextInt(4) from the next word.
    boolean[] seen = new boolean[5];
    for (int k = 0; k < 4; k++) {
      long wordForOther = ((long) k << 62); // top 32 bits k·2^30: nextInt(4) = k
      int bucket = olh.randomize(7, words(seed, -1L, wordForOther)).bucket();
      assertThat(bucket).isNotEqualTo(trueBucket);
      seen[bucket] = true;
    }
    int reached = 0;
    for (boolean b : seen) {
      reached += b ? 1 : 0;
    }
    assertThat(reached).isEqualTo(4);
  }

  @Test
  void randomize_refusesAValueOutsideTheDomain() {
    FrequencyOracle<LocalHashReport> olh = FrequencyOracle.optimizedLocalHashing(10, 1.0);
    assertThatThrownBy(() -> olh.randomize(10, RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value must be in [0, 10), was 10");
    assertThatThrownBy(() -> olh.randomize(-1, RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value must be in [0, 10), was -1");
  }

  @Test
  void aggregator_countsTheValuesAReportSupports_andRefusesABucketOutOfRange() {
    OptimizedLocalHashing olh =
        (OptimizedLocalHashing) FrequencyOracle.optimizedLocalHashing(20, Math.log(4));
    FrequencyAggregator<LocalHashReport> aggregator = olh.aggregator();
    long seed = 99;
    int bucket = OptimizedLocalHashing.hash(seed, 3, 5);
    aggregator.add(new LocalHashReport(seed, bucket));

    double p = olh.p();
    double q = olh.q();
    double[] estimates = aggregator.estimateCounts();
    for (int v = 0; v < 20; v++) {
      double support = OptimizedLocalHashing.hash(seed, v, 5) == bucket ? 1 : 0;
      assertThat(estimates[v]).isEqualTo((support - q) / (p - q));
    }
    assertThat(aggregator.reportCount()).isEqualTo(1);
    assertThatThrownBy(() -> aggregator.add(new LocalHashReport(seed, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bucket must be in [0, 5), was 5");
    assertThatThrownBy(() -> aggregator.add(new LocalHashReport(seed, -1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bucket must be in [0, 5), was -1");
    assertThat(aggregator.reportCount()).isEqualTo(1);
  }
}
