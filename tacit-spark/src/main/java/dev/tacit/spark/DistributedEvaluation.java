package dev.tacit.spark;

import dev.tacit.core.data.Csr;
import dev.tacit.core.eval.Evaluation;
import dev.tacit.core.eval.Evaluator;
import dev.tacit.core.eval.FoldResult;
import dev.tacit.core.metrics.ExposureMetrics;
import dev.tacit.core.metrics.RankingMetrics;
import dev.tacit.core.model.TopK;
import dev.tacit.core.report.ModelReport;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The protocol of {@code tacit evaluate} ({@link Evaluator}) over users held in an RDD: each
 * executor ranks all items for its users (training items excluded, every user with a test item),
 * scores the top lists with tacit-core's {@link RankingMetrics} and {@link ExposureMetrics}, and
 * the driver adds the per-user values up. The means equal {@link Evaluator#evaluate}'s up to the
 * order of the floating-point additions.
 */
public final class DistributedEvaluation {
  private DistributedEvaluation() {}

  /** The summed per-user metrics of some users. */
  static final class Totals implements Serializable {
    private static final long serialVersionUID = 1L;
    double ndcg;
    double recall;
    double precision;
    double map;
    double hit;
    double mrr;
    double arp;
    long users;
    long[] exposure;

    Totals(int numItems) {
      exposure = new long[numItems];
    }

    Totals add(Totals o) {
      ndcg += o.ndcg;
      recall += o.recall;
      precision += o.precision;
      map += o.map;
      hit += o.hit;
      mrr += o.mrr;
      arp += o.arp;
      users += o.users;
      for (int i = 0; i < exposure.length; i++) {
        exposure[i] += o.exposure[i];
      }
      return this;
    }
  }

  /**
   * Evaluates on {@code users}, each with the vector its scorer needs (null if none).
   *
   * @param trainCounts every item's number of training interactions (for the average popularity)
   * @throws IllegalArgumentException if no user has a test item
   */
  public static FoldResult evaluate(
      JavaRDD<Tuple2<UserRow, float[]>> users,
      UserScorer.Factory scorer,
      int numItems,
      Broadcast<int[]> trainCounts,
      String splitName) {
    long t0 = System.nanoTime();
    Totals t =
        users
            .mapPartitions(
                it -> {
                  Totals acc = new Totals(numItems);
                  UserScorer s = scorer.open();
                  float[] scores = new float[numItems];
                  int[][] one = new int[1][];
                  while (it.hasNext()) {
                    Tuple2<UserRow, float[]> next = it.next();
                    UserRow u = next._1();
                    int[] rel = u.test();
                    if (rel.length == 0) {
                      continue;
                    }
                    int[] train = u.train();
                    s.scoreAll(u, next._2(), scores);
                    Csr exclude =
                        new Csr(
                            1,
                            numItems,
                            new int[] {0, train.length},
                            train,
                            new float[train.length],
                            new long[train.length]);
                    int[] ranked = TopK.select(scores, Evaluator.RECALL_K, exclude, 0);
                    acc.ndcg += RankingMetrics.ndcg(ranked, rel, Evaluator.K);
                    acc.recall += RankingMetrics.recall(ranked, rel, Evaluator.RECALL_K);
                    acc.precision += RankingMetrics.precision(ranked, rel, Evaluator.K);
                    acc.map += RankingMetrics.averagePrecision(ranked, rel, Evaluator.K);
                    acc.hit += RankingMetrics.hitRate(ranked, rel, Evaluator.K);
                    acc.mrr += RankingMetrics.reciprocalRank(ranked, rel, Evaluator.K);
                    one[0] = ranked;
                    acc.arp +=
                        ExposureMetrics.averagePopularity(one, trainCounts.value(), Evaluator.K);
                    long[] e = ExposureMetrics.exposure(one, numItems, Evaluator.K);
                    for (int i = 0; i < numItems; i++) {
                      acc.exposure[i] += e[i];
                    }
                    acc.users++;
                  }
                  return List.of(acc).iterator();
                })
            .treeReduce(Totals::add, 2);
    if (t.users == 0) {
      throw new IllegalArgumentException("split " + splitName + " has no user with a test item");
    }
    double n = t.users;
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("ndcg@10", t.ndcg / n);
    m.put("recall@20", t.recall / n);
    m.put("precision@10", t.precision / n);
    m.put("map@10", t.map / n);
    m.put("hitrate@10", t.hit / n);
    m.put("mrr@10", t.mrr / n);
    m.put("coverage@10", ExposureMetrics.coverage(t.exposure));
    m.put("gini@10", ExposureMetrics.gini(t.exposure));
    m.put("arp@10", t.arp / n);
    return new FoldResult(
        m, Map.of(), new double[0], (int) t.users, (System.nanoTime() - t0) / 1e9);
  }

  /** One model's report entry from one split, in the shape {@code tacit evaluate} writes. */
  public static ModelReport report(
      String name,
      Map<String, Object> params,
      FoldResult fold,
      double trainSeconds,
      Map<String, Object> extra) {
    return Evaluation.summarize(
        name,
        params,
        List.of(fold),
        new double[] {trainSeconds},
        new double[] {fold.scoreSeconds()},
        extra);
  }
}
