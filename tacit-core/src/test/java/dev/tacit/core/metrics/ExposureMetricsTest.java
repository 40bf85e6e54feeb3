package dev.tacit.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExposureMetricsTest {
  @Test
  void exposureAndCoverage_countOnlyTheFirstK() {
    int[][] lists = {{0, 1, 2}, {0, 3, 4}, null};
    long[] e = ExposureMetrics.exposure(lists, 6, 2);
    assertThat(e).containsExactly(2, 1, 0, 1, 0, 0);
    assertThat(ExposureMetrics.coverage(e)).isCloseTo(3.0 / 6, within(1e-12));
  }

  @Test
  void gini_isZeroForEqualExposure_andHandComputedOtherwise() {
    assertThat(ExposureMetrics.gini(new long[] {3, 3, 3, 3})).isZero();
    // x sorted = 0, 0, 0, 4: (2*4 - 4 - 1) * 4 / (4 * 4) = 0.75
    assertThat(ExposureMetrics.gini(new long[] {0, 4, 0, 0})).isCloseTo(0.75, within(1e-12));
    // x = 1, 2, 3: ((-2)*1 + 0*2 + 2*3) / (3 * 6) = 4/18
    assertThat(ExposureMetrics.gini(new long[] {3, 1, 2})).isCloseTo(4.0 / 18, within(1e-12));
  }

  @Test
  void averagePopularity_isMeanOfPerListMeans() {
    int[][] lists = {{0, 1}, {2}};
    int[] pop = {10, 20, 4};
    // (15 + 4) / 2
    assertThat(ExposureMetrics.averagePopularity(lists, pop, 10)).isCloseTo(9.5, within(1e-12));
  }

  @Test
  void groupMeans_andLargestGap() {
    double[] perUser = {1.0, 0.5, Double.NaN, 0.0, 0.2};
    String[] groups = {"F", "F", "F", "M", null};
    Map<String, Double> m = GroupMetrics.meanByGroup(perUser, groups);
    assertThat(m).containsOnlyKeys("F", "M");
    assertThat(m.get("F")).isCloseTo(0.75, within(1e-12));
    assertThat(m.get("M")).isZero();
    assertThat(GroupMetrics.largestGap(m)).isCloseTo(0.75, within(1e-12));
    assertThat(GroupMetrics.largestGap(Map.of("x", 0.3))).isZero();
  }
}
