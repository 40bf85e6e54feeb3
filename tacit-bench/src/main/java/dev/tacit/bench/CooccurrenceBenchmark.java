package dev.tacit.bench;

import dev.tacit.core.data.Csr;
import dev.tacit.core.split.Split;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceDevice;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import dev.tacit.federated.server.cooccurrence.CooccurrenceServer;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import dev.tacit.privacy.random.RandomSource;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The co-occurrence model's speed goals on MovieLens 100K fold u1 at ε = 8 (δ = 1e-5, κ = 0.2, all
 * 943 users as devices): a device's contribution to the co-occurrence release over N = 400 head
 * items (80,200 entries: build, clip, quantize, add its discrete Gaussian share from the secure
 * random source) in at most 20 ms; its contribution to the popularity release; the server's
 * post-processing of the co-occurrence sum (check, decode, mirror, eigendecomposition, EASE in
 * factored form); and scoring one user on the device. Run from the repository root, or pass {@code
 * -p data=PATH} to the ml-100k folder.
 */
public class CooccurrenceBenchmark extends Fold1Benchmark {
  @Param("400")
  public int headSize;

  private int[][] items;
  private int numItems;
  private CooccurrenceConfig config;
  private CooccurrenceConfig.Releases releases;
  private long[] popularitySum;
  private long[] cooccurrenceSum;
  private Head head;
  private RoundPlan popularityPlan;
  private RoundPlan cooccurrencePlan;
  private CooccurrenceServer server;
  private CooccurrenceModel model;
  private int device;
  private final RandomSource random = RandomSource.secure();

  @Setup
  public void setUp() {
    Split fold = fold1();
    Csr byUser = fold.train().byUser();
    numItems = fold.train().numItems();
    items = new int[fold.train().numUsers()][];
    for (int u = 0; u < items.length; u++) {
      items[u] = byUser.row(u);
    }
    config = CooccurrenceConfig.defaults().withMaxHead(headSize);
    double z = NoiseCalibrator.noiseMultiplier(8, 1e-5, 1, 1) * (1 + 1e-9);
    releases =
        config.releases(
            z, PrivacySettings.NoiseAt.DEVICES, 1, PrivacySettings.DEFAULT_COLLUDING_FRACTION);
    CooccurrenceServer s = newServer();
    popularityPlan = s.planPopularity(items.length);
    popularitySum =
        sum(
            popularityPlan,
            u ->
                CooccurrenceDevice.contributePopularity(
                        items[u], numItems, popularityPlan, RandomSource.seeded(u))
                    .encoded());
    head = s.finishPopularity(popularityPlan, popularitySum, items.length, RandomSource.seeded(1));
    if (head.size() != headSize) {
      throw new IllegalStateException(
          "the rule picked a head of " + head.size() + " items, not " + headSize);
    }
    cooccurrencePlan = s.planCooccurrence(items.length);
    cooccurrenceSum =
        sum(
            cooccurrencePlan,
            u ->
                CooccurrenceDevice.contributeCooccurrence(
                        items[u], head, cooccurrencePlan, RandomSource.seeded(~u))
                    .encoded());
    model =
        s.finishCooccurrence(
            cooccurrencePlan, cooccurrenceSum, items.length, RandomSource.seeded(2));
  }

  private CooccurrenceServer newServer() {
    return CooccurrenceServer.create(config, releases, numItems, items.length, 8, 1e-5);
  }

  private long[] sum(RoundPlan plan, java.util.function.IntFunction<long[]> contribution) {
    long[] s = new long[plan.dimension()];
    long[][] parts =
        IntStream.range(0, items.length).parallel().mapToObj(contribution).toArray(long[][]::new);
    for (long[] p : parts) {
      for (int j = 0; j < s.length; j++) {
        s[j] += p[j];
      }
    }
    for (int j = 0; j < s.length; j++) {
      s[j] &= plan.mask();
    }
    return s;
  }

  /** A server with the popularity release finished and the co-occurrence release planned. */
  @Setup(Level.Invocation)
  public void openCooccurrenceRelease() {
    server = newServer();
    RoundPlan p1 = server.planPopularity(items.length);
    server.finishPopularity(p1, popularitySum, items.length, RandomSource.seeded(1));
    server.planCooccurrence(items.length);
    device = (device + 1) % items.length;
  }

  /** One device's co-occurrence contribution over the head (users in turn, secure randomness). */
  @Benchmark
  public Object deviceCooccurrence() {
    return CooccurrenceDevice.contributeCooccurrence(items[device], head, cooccurrencePlan, random);
  }

  /** One device's popularity contribution over all 1,682 items. */
  @Benchmark
  public Object devicePopularity() {
    return CooccurrenceDevice.contributePopularity(items[device], numItems, popularityPlan, random);
  }

  /** The server's work on the co-occurrence sum: check, decode, mirror, eigen, EASE. */
  @Benchmark
  public Object serverPostProcessing() {
    return server.finishCooccurrence(
        cooccurrencePlan, cooccurrenceSum, items.length, RandomSource.seeded(2));
  }

  /** Scoring every item for one user on the device, O(N·r) plus the sort of the head. */
  @Benchmark
  public Object deviceScoring() {
    float[] out = new float[numItems];
    model.scoreAll(items[device], out);
    return out;
  }
}
