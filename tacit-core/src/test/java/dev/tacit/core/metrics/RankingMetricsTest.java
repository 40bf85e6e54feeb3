package dev.tacit.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  private static final double EPS = 1e-12;

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void ndcg_handComputed() {
    // Relevant {1, 2, 3}; ranked 1 (hit, rank 1), 5, 2 (hit, rank 3), 6.
    int[] ranked = {1, 5, 2, 6};
    int[] relevant = {1, 2, 3};
    double dcg = 1 / log2(2) + 1 / log2(4);
    double idcg = 1 / log2(2) + 1 / log2(3) + 1 / log2(4);
    assertThat(RankingMetrics.ndcg(ranked, relevant, 10)).isCloseTo(dcg / idcg, within(EPS));
  }

  @Test
  void ndcg_idealRunsOverMinOfRelevantAndK() {
    // 5 relevant items, k = 2: the ideal DCG has two terms, so two hits on top give 1.
    int[] relevant = {0, 1, 2, 3, 4};
    assertThat(RankingMetrics.ndcg(new int[] {3, 4, 9}, relevant, 2)).isCloseTo(1.0, within(EPS));
    // A hit only at rank 2 of k = 2.
    double expected = (1 / log2(3)) / (1 + 1 / log2(3));
    assertThat(RankingMetrics.ndcg(new int[] {9, 4}, relevant, 2)).isCloseTo(expected, within(EPS));
  }

  @Test
  void ndcg_ignoresItemsBeyondK() {
    assertThat(RankingMetrics.ndcg(new int[] {7, 8, 1}, new int[] {1}, 2)).isZero();
  }

  @Test
  void perfectRanking_scoresOne() {
    int[] relevant = {2, 4, 6};
    int[] ranked = {4, 2, 6, 0, 1};
    assertThat(RankingMetrics.ndcg(ranked, relevant, 10)).isCloseTo(1.0, within(EPS));
    assertThat(RankingMetrics.recall(ranked, relevant, 20)).isEqualTo(1.0);
    assertThat(RankingMetrics.averagePrecision(ranked, relevant, 10)).isEqualTo(1.0);
    assertThat(RankingMetrics.hitRate(ranked, relevant, 10)).isEqualTo(1.0);
    assertThat(RankingMetrics.reciprocalRank(ranked, relevant, 10)).isEqualTo(1.0);
  }

  @Test
  void recallAndPrecision_handComputed() {
    int[] ranked = {9, 1, 8, 2};
    int[] relevant = {1, 2, 3, 4};
    assertThat(RankingMetrics.recall(ranked, relevant, 2)).isEqualTo(0.25);
    assertThat(RankingMetrics.recall(ranked, relevant, 20)).isEqualTo(0.5);
    // Precision divides by k even when the list is shorter.
    assertThat(RankingMetrics.precision(ranked, relevant, 10)).isEqualTo(0.2);
    assertThat(RankingMetrics.precision(ranked, relevant, 2)).isEqualTo(0.5);
  }

  @Test
  void averagePrecision_handComputed() {
    // Hits at ranks 2 and 4: (1/2 + 2/4) / min(3, 10).
    int[] ranked = {9, 1, 8, 2};
    int[] relevant = {1, 2, 3};
    assertThat(RankingMetrics.averagePrecision(ranked, relevant, 10))
        .isCloseTo((0.5 + 0.5) / 3, within(EPS));
    // With k = 2 only the first hit counts, divided by min(3, 2).
    assertThat(RankingMetrics.averagePrecision(ranked, relevant, 2)).isCloseTo(0.25, within(EPS));
  }

  @Test
  void reciprocalRankAndHitRate_handComputed() {
    int[] ranked = {9, 8, 1};
    assertThat(RankingMetrics.reciprocalRank(ranked, new int[] {1}, 10))
        .isCloseTo(1.0 / 3, within(EPS));
    assertThat(RankingMetrics.reciprocalRank(ranked, new int[] {1}, 2)).isZero();
    assertThat(RankingMetrics.hitRate(ranked, new int[] {1}, 2)).isZero();
    assertThat(RankingMetrics.hitRate(ranked, new int[] {1}, 3)).isEqualTo(1.0);
  }

  @Test
  void emptyRelevant_isRejected() {
    assertThatThrownBy(() -> RankingMetrics.ndcg(new int[] {1}, new int[0], 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relevant");
    assertThatThrownBy(() -> RankingMetrics.recall(new int[] {1}, new int[] {1}, 0))
        .hasMessageContaining("k must be >= 1, was 0");
  }
}
