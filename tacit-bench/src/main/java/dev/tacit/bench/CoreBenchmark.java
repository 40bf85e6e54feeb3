package dev.tacit.bench;

import dev.tacit.core.eval.Evaluator;
import dev.tacit.core.model.Ease;
import dev.tacit.core.model.Ials;
import dev.tacit.core.model.Recommender;
import dev.tacit.core.split.Split;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The foundation's speed goals on MovieLens 100K fold u1: iALS (k = 64, 15 iterations) training at
 * most 0.6 s, EASE at most 1.5 s, top-10 for all 943 users at most 100 ms.
 */
public class CoreBenchmark extends Fold1Benchmark {
  private Split fold;
  private Recommender ials;
  private Recommender ease;

  @Setup
  public void setUp() {
    fold = fold1();
    ials = Ials.trainer().fit(fold.train());
    ease = Ease.trainer().fit(fold.train());
  }

  /** iALS, k = 64, 15 iterations, the default configuration, all cores. */
  @Benchmark
  public Object trainIals() {
    return Ials.trainer().fit(fold.train());
  }

  /** EASE with its default lambda. */
  @Benchmark
  public Object trainEase() {
    return Ease.trainer().fit(fold.train());
  }

  /** Top-10 (the evaluator asks for 20) for all 943 users of the fold from the iALS model. */
  @Benchmark
  public Object top10AllUsersIals() {
    int[][] lists = new int[fold.train().numUsers()][];
    for (int u = 0; u < lists.length; u++) {
      lists[u] = ials.recommend(u, 10, fold.train().byUser());
    }
    return lists;
  }

  /** Top-10 for all users from the EASE model. */
  @Benchmark
  public Object top10AllUsersEase() {
    int[][] lists = new int[fold.train().numUsers()][];
    for (int u = 0; u < lists.length; u++) {
      lists[u] = ease.recommend(u, 10, fold.train().byUser());
    }
    return lists;
  }

  /** The evaluator's parallel top-20 for every user with a test item. */
  @Benchmark
  public Object evaluatorRecommendAllIals() {
    return Evaluator.recommendAll(ials, fold.train().byUser(), fold.test().byUser());
  }
}
