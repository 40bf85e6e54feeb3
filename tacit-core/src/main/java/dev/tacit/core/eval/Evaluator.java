package dev.tacit.core.eval;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.metrics.ExposureMetrics;
import dev.tacit.core.metrics.GroupMetrics;
import dev.tacit.core.metrics.RankingMetrics;
import dev.tacit.core.model.Recommender;
import dev.tacit.core.split.Split;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scores a model on a split with the protocol of DESIGN.md: full ranking over all items, the user's
 * training items excluded, every user with at least one test item, binary relevance.
 */
public final class Evaluator {
  /** The cutoff of NDCG, precision, MAP, hit rate, MRR, coverage, Gini and popularity. */
  public static final int K = 10;

  /** The cutoff of recall. */
  public static final int RECALL_K = 20;

  private Evaluator() {}

  /** The top {@link #RECALL_K} list of every user with a test item (null for the others). */
  public static int[][] recommendAll(Recommender model, Csr train, Csr test) {
    int[][] lists = new int[test.rows()][];
    IntStream.range(0, test.rows())
        .parallel()
        .forEach(
            u -> {
              if (test.rowSize(u) > 0) {
                lists[u] = model.recommend(u, RECALL_K, train);
              }
            });
    return lists;
  }

  /** Evaluates {@code model}, trained on {@code split.train()}, against {@code split.test()}. */
  public static FoldResult evaluate(Recommender model, Split split, UserAttributes attributes) {
    Interactions train = split.train();
    Csr test = split.test().byUser();
    long t0 = System.nanoTime();
    int[][] lists = recommendAll(model, train.byUser(), test);
    double scoreSeconds = (System.nanoTime() - t0) / 1e9;
    return score(lists, split, attributes, scoreSeconds);
  }

  /** Scores precomputed top-{@link #RECALL_K} lists (one per user; null where no test item). */
  public static FoldResult score(
      int[][] lists, Split split, UserAttributes attributes, double scoreSeconds) {
    Csr test = split.test().byUser();
    int numUsers = test.rows();
    double[] ndcg = new double[numUsers];
    double recall = 0;
    double precision = 0;
    double map = 0;
    double hit = 0;
    double mrr = 0;
    int n = 0;
    for (int u = 0; u < numUsers; u++) {
      if (test.rowSize(u) == 0) {
        ndcg[u] = Double.NaN;
        continue;
      }
      int[] rel = test.row(u);
      int[] ranked = lists[u];
      ndcg[u] = RankingMetrics.ndcg(ranked, rel, K);
      recall += RankingMetrics.recall(ranked, rel, RECALL_K);
      precision += RankingMetrics.precision(ranked, rel, K);
      map += RankingMetrics.averagePrecision(ranked, rel, K);
      hit += RankingMetrics.hitRate(ranked, rel, K);
      mrr += RankingMetrics.reciprocalRank(ranked, rel, K);
      n++;
    }
    if (n == 0) {
      throw new IllegalArgumentException("split " + split.name() + " has no user with a test item");
    }
    double ndcgSum = 0;
    for (double v : ndcg) {
      if (!Double.isNaN(v)) {
        ndcgSum += v;
      }
    }
    int numItems = split.train().numItems();
    long[] exposure = ExposureMetrics.exposure(lists, numItems, K);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("ndcg@10", ndcgSum / n);
    m.put("recall@20", recall / n);
    m.put("precision@10", precision / n);
    m.put("map@10", map / n);
    m.put("hitrate@10", hit / n);
    m.put("mrr@10", mrr / n);
    m.put("coverage@10", ExposureMetrics.coverage(exposure));
    m.put("gini@10", ExposureMetrics.gini(exposure));
    m.put("arp@10", ExposureMetrics.averagePopularity(lists, split.train().itemCounts(), K));
    Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
    for (String attr : attributes.names()) {
      String[] groupOf = new String[numUsers];
      for (int u = 0; u < numUsers; u++) {
        groupOf[u] = attributes.group(attr, u);
      }
      Map<String, Double> means = new LinkedHashMap<>(GroupMetrics.meanByGroup(ndcg, groupOf));
      means.put("gap", GroupMetrics.largestGap(means)); // sorted groups, then the gap
      groups.put(attr, means);
    }
    return new FoldResult(m, groups, ndcg, n, scoreSeconds);
  }
}
