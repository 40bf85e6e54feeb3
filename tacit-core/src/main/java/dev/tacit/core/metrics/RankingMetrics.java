package dev.tacit.core.metrics;

/**
 * Per-user ranking metrics with binary relevance, as defined in DESIGN.md's evaluation protocol.
 *
 * <p>{@code ranked} is the recommendation list, best first; {@code relevant} is the sorted array of
 * the user's relevant (test) items. A list shorter than {@code k} counts only the items it has.
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  private static final double[] DISCOUNT = new double[1025];

  static {
    for (int i = 0; i < DISCOUNT.length; i++) {
      DISCOUNT[i] = 1.0 / (Math.log(i + 2) / Math.log(2));
    }
  }

  private static double discount(int rank) {
    return rank < DISCOUNT.length ? DISCOUNT[rank] : 1.0 / (Math.log(rank + 2) / Math.log(2));
  }

  private static boolean isRelevant(int[] relevant, int item) {
    return java.util.Arrays.binarySearch(relevant, item) >= 0;
  }

  private static void check(int[] relevant, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, was " + k);
    }
    if (relevant.length == 0) {
      throw new IllegalArgumentException("relevant must not be empty");
    }
  }

  /** The number of relevant items in the first {@code k} of {@code ranked}. */
  public static int hits(int[] ranked, int[] relevant, int k) {
    int h = 0;
    for (int i = 0; i < Math.min(k, ranked.length); i++) {
      if (isRelevant(relevant, ranked[i])) {
        h++;
      }
    }
    return h;
  }

  /**
   * NDCG@k with the log2 discount {@code 1/log2(rank+1)} (rank from 1); the ideal DCG runs over
   * {@code min(|relevant|, k)} items.
   */
  public static double ndcg(int[] ranked, int[] relevant, int k) {
    check(relevant, k);
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranked.length); i++) {
      if (isRelevant(relevant, ranked[i])) {
        dcg += discount(i);
      }
    }
    double idcg = 0;
    for (int i = 0; i < Math.min(k, relevant.length); i++) {
      idcg += discount(i);
    }
    return dcg / idcg;
  }

  /** Recall@k: hits in the top {@code k} divided by {@code |relevant|}. */
  public static double recall(int[] ranked, int[] relevant, int k) {
    check(relevant, k);
    return (double) hits(ranked, relevant, k) / relevant.length;
  }

  /** Precision@k: hits in the top {@code k} divided by {@code k}. */
  public static double precision(int[] ranked, int[] relevant, int k) {
    check(relevant, k);
    return (double) hits(ranked, relevant, k) / k;
  }

  /**
   * Average precision@k: the sum of precision@i at each relevant rank {@code i <= k}, divided by
   * {@code min(|relevant|, k)}; MAP@k is its mean over users.
   */
  public static double averagePrecision(int[] ranked, int[] relevant, int k) {
    check(relevant, k);
    double sum = 0;
    int h = 0;
    for (int i = 0; i < Math.min(k, ranked.length); i++) {
      if (isRelevant(relevant, ranked[i])) {
        h++;
        sum += (double) h / (i + 1);
      }
    }
    return sum / Math.min(relevant.length, k);
  }

  /** HitRate@k: 1 when at least one relevant item is in the top {@code k}, else 0. */
  public static double hitRate(int[] ranked, int[] relevant, int k) {
    check(relevant, k);
    return hits(ranked, relevant, k) > 0 ? 1.0 : 0.0;
  }

  /** Reciprocal rank of the first relevant item in the top {@code k} (0 when none): MRR@k. */
  public static double reciprocalRank(int[] ranked, int[] relevant, int k) {
    check(relevant, k);
    for (int i = 0; i < Math.min(k, ranked.length); i++) {
      if (isRelevant(relevant, ranked[i])) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }
}
