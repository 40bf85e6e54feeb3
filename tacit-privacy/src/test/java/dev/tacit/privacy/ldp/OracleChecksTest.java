package dev.tacit.privacy.ldp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.privacy.random.RandomSource;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The oracles' reports, supports, variances and input checks at their boundaries. */
class OracleChecksTest {

  /** A source whose words are given, then zeros. */
  private static RandomSource words(long... values) {
    int[] next = {0};
    return () -> next[0] < values.length ? values[next[0]++] : 0L;
  }

  @Test
  void unaryEncoding_setsItsOwnBitWithProbabilityHalf_andEveryOtherWithQ() {
    OptimizedUnaryEncoding oue =
        (OptimizedUnaryEncoding) FrequencyOracle.optimizedUnaryEncoding(4, Math.log(3));
    double q = oue.q(); // 1 / (e^ε + 1) = 1/4
    assertThat(q).isCloseTo(0.25, within(1e-12));
    assertThat(oue.p()).isEqualTo(0.5);
    // Own bit (value 2): nextBoolean is the sign bit. Others: nextDouble() < q.
    long below = 0x1000_0000_0000_0000L; // nextDouble 1/16 < q
    long above = 0x7000_0000_0000_0000L; // nextDouble 7/16 > q
    BitSet report = oue.randomize(2, words(below, above, -1L, below));
    assertThat(report.stream().toArray()).containsExactly(0, 2, 3);
    BitSet none = oue.randomize(2, words(above, above, 1L, above));
    assertThat(none.isEmpty()).isTrue();
    assertThatThrownBy(() -> oue.randomize(4, RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value must be in [0, 4), was 4");
  }

  @Test
  void unaryEncoding_aggregator_countsEachSetBit_andRefusesBitsBeyondTheDomain() {
    OptimizedUnaryEncoding oue =
        (OptimizedUnaryEncoding) FrequencyOracle.optimizedUnaryEncoding(4, Math.log(3));
    FrequencyAggregator<BitSet> aggregator = oue.aggregator();
    BitSet report = new BitSet();
    report.set(1);
    report.set(3);
    aggregator.add(report);
    aggregator.add(report);
    double p = 0.5;
    double q = oue.q();
    double[] estimates = aggregator.estimateCounts();
    assertThat(estimates[1]).isCloseTo((2 - 2 * q) / (p - q), within(1e-12));
    assertThat(estimates[3]).isCloseTo((2 - 2 * q) / (p - q), within(1e-12));
    assertThat(estimates[0]).isCloseTo((0 - 2 * q) / (p - q), within(1e-12));
    BitSet beyond = new BitSet();
    beyond.set(4);
    assertThatThrownBy(() -> aggregator.add(beyond))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("report must have bits only in [0, 4), had bit 4");
    BitSet last = new BitSet();
    last.set(3);
    aggregator.add(last);
    assertThat(aggregator.reportCount()).isEqualTo(3);
  }

  @Test
  void randomizedResponse_reportsTheTruthWithProbabilityP_elseAnotherValue() {
    FrequencyOracle<Integer> grr = FrequencyOracle.generalizedRandomizedResponse(5, Math.log(4));
    // p = e^ε / (e^ε + k - 1) = 4/8.
    assertThat(grr.p()).isCloseTo(0.5, within(1e-12));
    assertThat(grr.randomize(3, words(0L))).isEqualTo(3);
    int lie = grr.randomize(3, words(-1L, 0L));
    assertThat(lie).isNotEqualTo(3).isBetween(0, 4);
    FrequencyAggregator<Integer> aggregator = grr.aggregator();
    assertThatThrownBy(() -> aggregator.add(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value must be in [0, 5), was 5");
    assertThat(aggregator.reportCount()).isZero();
  }

  @Test
  void variance_isTheExactFormula_andChecksItsCounts() {
    FrequencyOracle<Integer> grr = FrequencyOracle.generalizedRandomizedResponse(5, Math.log(4));
    double p = grr.p();
    double q = grr.q();
    double expected = (3 * p * (1 - p) + 7 * q * (1 - q)) / ((p - q) * (p - q));
    assertThat(grr.variance(10, 3)).isCloseTo(expected, within(1e-12));
    assertThat(grr.variance(10, 10))
        .isCloseTo(10 * p * (1 - p) / ((p - q) * (p - q)), within(1e-12));
    assertThat(grr.variance(0, 0)).isZero();
    assertThatThrownBy(() -> grr.variance(10, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need 0 <= trueCount <= n, was trueCount=11, n=10");
    assertThatThrownBy(() -> grr.variance(10, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> grr.variance(-1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oracles_needADomainOfAtLeastTwo_andReportTheirSettings() {
    FrequencyOracle<Integer> two = FrequencyOracle.generalizedRandomizedResponse(2, 1.5);
    assertThat(two.domainSize()).isEqualTo(2);
    assertThat(two.epsilon()).isEqualTo(1.5);
    assertThat(two.toString()).isEqualTo("GeneralizedRandomizedResponse[k=2, epsilon=1.5]");
    assertThatThrownBy(() -> FrequencyOracle.generalizedRandomizedResponse(1, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("domainSize must be >= 2, was 1");
  }

  @Test
  void aTrialOfProbabilityP_isFalseWhenTheUniformEqualsP() {
    FrequencyOracle<Integer> grr = FrequencyOracle.generalizedRandomizedResponse(3, Math.log(2));
    // p = 2 / (2 + 2) = 0.5; nextDouble() of 2^63 is exactly 0.5: not below p, so a lie.
    assertThat(grr.p()).isEqualTo(0.5);
    assertThat(grr.randomize(1, words(0x8000_0000_0000_0000L, 0L))).isNotEqualTo(1);
    assertThat(grr.randomize(1, words(0x3FFF_FFFF_FFFF_F800L))).isEqualTo(1);
  }
}
