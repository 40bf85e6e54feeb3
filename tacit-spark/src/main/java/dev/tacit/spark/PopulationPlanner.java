package dev.tacit.spark;

import dev.tacit.core.eval.FoldResult;
import dev.tacit.privacy.random.RandomSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The population planner on a real log: the private model trained on nested random subsamples of
 * the users at several sizes, each at the same ε, and evaluated on the held-out parts of the users
 * sampled, so an operator reads off how many users a quality target needs.
 */
public final class PopulationPlanner {
  private PopulationPlanner() {}

  /**
   * One size.
   *
   * @param users the users sampled
   * @param epsilon ε spent
   * @param headSize N
   * @param rank r
   * @param ndcg NDCG@10
   * @param recall recall@20
   * @param seconds the wall time of training and evaluation
   */
  public record Row(
      int users,
      double epsilon,
      int headSize,
      int rank,
      double ndcg,
      double recall,
      double seconds) {
    /** As a map, for the report. */
    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("users", users);
      m.put("epsilon", Double.isInfinite(epsilon) ? "inf" : epsilon);
      m.put("head_size", headSize);
      m.put("rank", rank);
      m.put("ndcg@10", ndcg);
      m.put("recall@20", recall);
      m.put("seconds", seconds);
      return m;
    }
  }

  /**
   * Runs the planner over {@code sizes} (each at most the population; a user is in every sample of
   * a size at least its own, as each keeps the users whose seeded hash is below size/population).
   *
   * @throws IllegalArgumentException if a size is below 3 or above the population
   */
  public static List<Row> run(
      JavaSparkContext sc,
      JavaRDD<UserRow> users,
      int population,
      int numItems,
      List<Integer> sizes,
      PrivateSettings settings,
      Broadcast<int[]> trainCounts,
      RandomSource noiseRandom) {
    for (int s : sizes) {
      if (s < 3 || s > population) {
        throw new IllegalArgumentException(
            "every size must be in [3, " + population + "], was " + s);
      }
    }
    List<Row> rows = new ArrayList<>();
    long seed = settings.seed();
    for (int size : sizes) {
      long t0 = System.nanoTime();
      double rate = size / (double) population;
      JavaRDD<UserRow> sample =
          size == population
              ? users
              : users
                  .filter(u -> uniform(seed, u.device()) < rate)
                  .persist(StorageLevel.MEMORY_AND_DISK());
      PrivateCooccurrence.Result r =
          PrivateCooccurrence.run(sc, sample, numItems, settings, noiseRandom);
      FoldResult fold =
          DistributedEvaluation.evaluate(
              sample.map(u -> new Tuple2<>(u, (float[]) null)),
              Scorers.cooccurrence(r.model()),
              numItems,
              trainCounts,
              "planner");
      rows.add(
          new Row(
              r.counted(),
              r.epsilon(),
              r.model().head().size(),
              r.model().rank(),
              fold.metrics().get("ndcg@10"),
              fold.metrics().get("recall@20"),
              (System.nanoTime() - t0) / 1e9));
      if (sample != users) {
        sample.unpersist();
      }
    }
    return rows;
  }

  private static double uniform(long seed, int device) {
    return (Seeds.mix(seed, Seeds.SAMPLE_STREAM, device) >>> 11) * 0x1.0p-53;
  }
}
