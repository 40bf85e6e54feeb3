package dev.tacit.bench;

import dev.tacit.core.data.Csr;
import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.split.Split;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceDevice;
import dev.tacit.federated.cooccurrence.Head;
import dev.tacit.federated.server.cooccurrence.CooccurrenceServer;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import dev.tacit.privacy.random.RandomSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The co-occurrence release round of {@code SecAggBenchmark}'s measurements: all 943 devices of
 * MovieLens 100K fold u1 send their real encoded contributions over the N = 400 head picked by the
 * popularity release at ε = 8 (m = 400·401/2 = 80,200 32-bit words, discrete Gaussian shares
 * included) through one SecAgg+ session, 10% of them dropping after sharing keys. The benchmarks
 * are {@code SecAggBenchmark}'s: one client's compute, the server's compute over the four rounds on
 * one thread, and the PRG-only bound it is compared with. Run from the repository root: {@code java
 * -jar tacit-bench/target/benchmarks.jar CooccurrenceReleaseBenchmark -f 1 -wi 1 -i 3}.
 */
public class CooccurrenceReleaseBenchmark extends SecAggBenchmark {
  static final String DATA = "../shared/datasets/ml-100k";
  static final int HEAD = 400;

  private int[][] items;
  private Head head;
  private RoundPlan plan;

  private void load() {
    if (items != null) {
      return;
    }
    Path dir = Path.of(DATA);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "MovieLens 100K not found at " + dir.toAbsolutePath() + "; run from the repository root");
    }
    Split fold = MovieLens100k.folds(dir, 1).get(0);
    Csr byUser = fold.train().byUser();
    int numItems = fold.train().numItems();
    int[][] rows = new int[fold.train().numUsers()][];
    for (int u = 0; u < rows.length; u++) {
      rows[u] = byUser.row(u);
    }
    CooccurrenceConfig config = CooccurrenceConfig.defaults().withMaxHead(HEAD);
    double z = NoiseCalibrator.noiseMultiplier(8, 1e-5, 1, 1) * (1 + 1e-9);
    CooccurrenceConfig.Releases releases =
        config.releases(
            z, PrivacySettings.NoiseAt.DEVICES, 1, PrivacySettings.DEFAULT_COLLUDING_FRACTION);
    CooccurrenceServer server =
        CooccurrenceServer.create(config, releases, numItems, rows.length, 8, 1e-5);
    RoundPlan p1 = server.planPopularity(rows.length);
    long[] popularity = new long[p1.dimension()];
    for (int u = 0; u < rows.length; u++) {
      long[] e =
          CooccurrenceDevice.contributePopularity(rows[u], numItems, p1, RandomSource.seeded(u))
              .encoded();
      for (int j = 0; j < e.length; j++) {
        popularity[j] += e[j];
      }
    }
    for (int j = 0; j < popularity.length; j++) {
      popularity[j] &= p1.mask();
    }
    head = server.finishPopularity(p1, popularity, rows.length, RandomSource.seeded(1));
    if (head.size() != HEAD) {
      throw new IllegalStateException("the rule picked a head of " + head.size() + " items");
    }
    plan = server.planCooccurrence(rows.length);
    items = rows;
  }

  @Override
  protected int clients() {
    load();
    return items.length;
  }

  @Override
  protected int length() {
    load();
    return plan.dimension();
  }

  /** Every device's encoded co-occurrence contribution, as it would send it (before masking). */
  @Override
  protected long[][] inputs(SplittableRandom random) {
    load();
    long[][] in = new long[items.length + 1][];
    in[0] = new long[plan.dimension()];
    IntStream.range(0, items.length)
        .parallel()
        .forEach(
            u ->
                in[u + 1] =
                    CooccurrenceDevice.contributeCooccurrence(
                            items[u], head, plan, RandomSource.seeded(~u))
                        .encoded());
    return in;
  }
}
