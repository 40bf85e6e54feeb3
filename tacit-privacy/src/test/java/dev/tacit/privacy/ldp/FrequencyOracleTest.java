package dev.tacit.privacy.ldp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.tacit.privacy.random.RandomSource;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class FrequencyOracleTest {

  @Test
  void grr_probabilities_matchWangEtAl() {
    FrequencyOracle<Integer> o = FrequencyOracle.generalizedRandomizedResponse(10, 1.0);
    double e = Math.E;
    assertThat(o.p()).isCloseTo(e / (e + 9), withinPercentage(1e-12));
    assertThat(o.q()).isCloseTo(1 / (e + 9), withinPercentage(1e-12));
    // ε-LDP: the likelihood ratio of any report is at most e^ε.
    assertThat(o.p() / o.q()).isCloseTo(e, withinPercentage(1e-12));
  }

  @Test
  void oue_bitRatio_isExactlyEToTheEpsilon() {
    FrequencyOracle<BitSet> o = FrequencyOracle.optimizedUnaryEncoding(10, 2.0);
    double p = o.p();
    double q = o.q();
    assertThat(p).isEqualTo(0.5);
    assertThat(p * (1 - q) / ((1 - p) * q)).isCloseTo(Math.exp(2.0), withinPercentage(1e-12));
  }

  @Test
  void olh_usesRoundedEToTheEpsilonPlusOneBuckets() {
    OptimizedLocalHashing o =
        (OptimizedLocalHashing) FrequencyOracle.optimizedLocalHashing(100, 2.0);
    assertThat(o.buckets()).isEqualTo(8);
    assertThat(o.q()).isEqualTo(1.0 / 8);
    assertThat(o.p() / ((1 - o.p()) / (o.buckets() - 1)))
        .isCloseTo(Math.exp(2.0), withinPercentage(1e-12));
  }

  @Test
  void grr_reportsStayInDomain() {
    FrequencyOracle<Integer> o = FrequencyOracle.generalizedRandomizedResponse(5, 0.5);
    RandomSource r = RandomSource.seeded(1);
    boolean[] seen = new boolean[5];
    for (int i = 0; i < 2000; i++) {
      int report = o.randomize(2, r);
      assertThat(report).isBetween(0, 4);
      seen[report] = true;
    }
    assertThat(seen).containsOnly(true);
  }

  @Test
  void olh_withoutRandomization_supportsOwnValue() {
    FrequencyOracle<LocalHashReport> o = FrequencyOracle.optimizedLocalHashing(50, 1.0);
    RandomSource r = RandomSource.seeded(3);
    for (int v = 0; v < 50; v++) {
      LocalHashReport report = o.randomize(v, r);
      assertThat(report.bucket()).isBetween(0, ((OptimizedLocalHashing) o).buckets() - 1);
    }
  }

  @Test
  void estimator_ofAllSupportingReports_isUnbiasedAlgebraically() {
    // n reports that all support value 0 only (GRR): estimate = (n − nq)/(p − q) for value 0 and
    // (0 − nq)/(p − q) for the others.
    FrequencyOracle<Integer> o = FrequencyOracle.generalizedRandomizedResponse(4, 1.0);
    FrequencyAggregator<Integer> agg = o.aggregator();
    for (int i = 0; i < 100; i++) {
      agg.add(0);
    }
    double[] est = agg.estimateCounts();
    assertThat(agg.reportCount()).isEqualTo(100);
    assertThat(est[0]).isCloseTo((100 - 100 * o.q()) / (o.p() - o.q()), withinPercentage(1e-12));
    assertThat(est[1]).isCloseTo(-100 * o.q() / (o.p() - o.q()), withinPercentage(1e-12));
    assertThat(est[0] + est[1] + est[2] + est[3]).isCloseTo(100, withinPercentage(1e-10));
  }

  @Test
  void variance_reducesToWangFormulaForAbsentValue() {
    FrequencyOracle<BitSet> o = FrequencyOracle.optimizedUnaryEncoding(8, 1.0);
    double q = o.q();
    assertThat(o.variance(1000, 0))
        .isCloseTo(1000 * 4 * Math.E / Math.pow(Math.E - 1, 2), withinPercentage(1e-10));
    assertThat(o.variance(1000, 0))
        .isCloseTo(1000 * q * (1 - q) / Math.pow(0.5 - q, 2), withinPercentage(1e-10));
  }

  @Test
  void randomize_withValueOutsideDomain_fails() {
    FrequencyOracle<Integer> o = FrequencyOracle.generalizedRandomizedResponse(4, 1.0);
    assertThatThrownBy(() -> o.randomize(4, RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value must be in [0, 4), was 4");
  }

  @Test
  void aggregator_withOversizedUnaryReport_fails() {
    FrequencyAggregator<BitSet> agg = FrequencyOracle.optimizedUnaryEncoding(4, 1.0).aggregator();
    BitSet bad = new BitSet();
    bad.set(7);
    assertThatThrownBy(() -> agg.add(bad)).hasMessageContaining("bits only in [0, 4)");
  }

  @Test
  void oracle_withDomainOfOne_fails() {
    assertThatThrownBy(() -> FrequencyOracle.optimizedLocalHashing(1, 1.0))
        .hasMessage("domainSize must be >= 2, was 1");
  }

  @Test
  void supportedValues_ofGrr_isTheReportedValue() {
    assertThat(FrequencyOracle.generalizedRandomizedResponse(5, 1.0).supportedValues(3))
        .containsExactly(3);
  }

  @Test
  void supportedValues_ofOlh_areTheValuesHashingToTheBucket_andGiveTheAggregatorsEstimates() {
    FrequencyOracle<LocalHashReport> olh = FrequencyOracle.optimizedLocalHashing(50, 1.0);
    FrequencyAggregator<LocalHashReport> agg = olh.aggregator();
    RandomSource rng = RandomSource.seeded(3);
    long[] support = new long[50];
    int n = 400;
    for (int i = 0; i < n; i++) {
      LocalHashReport r = olh.randomize(i % 7, rng);
      agg.add(r);
      int[] values = olh.supportedValues(r);
      for (int v : values) {
        assertThat(OptimizedLocalHashing.hash(r.seed(), v, 4)).isEqualTo(r.bucket());
        support[v]++;
      }
      assertThat(values).isSorted().doesNotHaveDuplicates();
    }
    double[] expected = agg.estimateCounts();
    for (int v = 0; v < 50; v++) {
      double estimate = (support[v] - n * olh.q()) / (olh.p() - olh.q());
      assertThat(estimate).isCloseTo(expected[v], org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThatThrownBy(() -> olh.supportedValues(new LocalHashReport(1, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucket must be in [0, 4)");
  }

  @Test
  void recommended_isGrrBelow3ExpEpsilonPlus2_andOlhFromThere_whereItsVarianceIsSmaller() {
    double eps = 1.0;
    assertThat(FrequencyOracle.grrThreshold(eps)).isCloseTo(3 * Math.E + 2, withinPercentage(1e-9));
    FrequencyOracle<?> at10 = FrequencyOracle.recommended(10, eps);
    FrequencyOracle<?> at11 = FrequencyOracle.recommended(11, eps);
    assertThat(at10.toString()).startsWith("GeneralizedRandomizedResponse");
    assertThat(at11.toString()).startsWith("OptimizedLocalHashing");
    // The choice is the smaller variance at a label nobody holds, each side of the threshold
    // (OLH's g is rounded, so compare with the oracles themselves).
    for (int d : new int[] {4, 8, 10}) {
      assertThat(FrequencyOracle.generalizedRandomizedResponse(d, eps).variance(1000, 0))
          .as("d = %d", d)
          .isLessThan(FrequencyOracle.optimizedLocalHashing(d, eps).variance(1000, 0));
    }
    for (int d : new int[] {12, 40, 4096}) {
      assertThat(FrequencyOracle.optimizedLocalHashing(d, eps).variance(1000, 0))
          .as("d = %d", d)
          .isLessThan(FrequencyOracle.generalizedRandomizedResponse(d, eps).variance(1000, 0));
    }
  }
}
