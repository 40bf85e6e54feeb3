package dev.tacit.bench;

import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.split.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the benchmarks of speed goals on MovieLens 100K fold u1 share: the fold, and the average
 * time in milliseconds over 5 iterations after 3 warm-up ones, in one fork with a 4 GB heap. Run
 * from the repository root, or pass {@code -p data=PATH} to the ml-100k folder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public abstract class Fold1Benchmark {
  /** The MovieLens 100K folder. */
  @Param("../shared/datasets/ml-100k")
  public String data;

  /**
   * Fold u1 of the MovieLens 100K folder {@link #data}.
   *
   * @throws IllegalStateException if there is no such folder
   */
  Split fold1() {
    Path dir = Path.of(data);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "MovieLens 100K not found at "
              + dir.toAbsolutePath()
              + "; run from the repository root or pass -p data=PATH");
    }
    return MovieLens100k.folds(dir, 1).get(0);
  }
}
