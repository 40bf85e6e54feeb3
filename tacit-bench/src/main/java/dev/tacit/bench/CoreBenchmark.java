package dev.tacit.bench;

import dev.tacit.core.eval.Evaluator;
import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.model.Ease;
import dev.tacit.core.model.Ials;
import dev.tacit.core.model.Recommender;
import dev.tacit.core.split.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The foundation's speed goals on MovieLens 100K fold u1: iALS (k = 64, 15 iterations) training at
 * most 0.6 s, EASE at most 1.5 s, top-10 for all 943 users at most 100 ms. Run from the repository
 * root, or pass {@code -p data=PATH} to the ml-100k folder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class CoreBenchmark {
  @Param("../shared/datasets/ml-100k")
  public String data;

  private Split fold;
  private Recommender ials;
  private Recommender ease;

  @Setup
  public void setUp() {
    Path dir = Path.of(data);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "MovieLens 100K not found at "
              + dir.toAbsolutePath()
              + "; run from the repository root or pass -p data=PATH");
    }
    fold = MovieLens100k.folds(dir, 1).get(0);
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
