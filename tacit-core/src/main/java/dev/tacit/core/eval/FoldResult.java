package dev.tacit.core.eval;

import java.util.Map;

/**
 * One model on one split: the mean of each metric over evaluated users, NDCG@10 by group for each
 * user attribute (with {@code "gap"}), the per-user NDCG@10 (NaN for users without test items), and
 * the number of users evaluated.
 */
public record FoldResult(
    Map<String, Double> metrics,
    Map<String, Map<String, Double>> groupNdcg,
    double[] perUserNdcg,
    int usersEvaluated,
    double scoreSeconds) {
  /** Copies the arrays and maps. */
  public FoldResult {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    groupNdcg = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groupNdcg));
    perUserNdcg = perUserNdcg.clone();
  }

  @Override
  public double[] perUserNdcg() {
    return perUserNdcg.clone();
  }
}
