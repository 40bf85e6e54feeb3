package dev.tacit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.eval.FoldResult;
import dev.tacit.core.eval.Progress;
import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.sim.Algorithm;
import dev.tacit.sim.CooccurrenceEvaluation;
import dev.tacit.sim.CooccurrenceSimulation;
import dev.tacit.sim.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The Spark job against the single-machine simulation on MovieLens 100K fold u1, same split, same
 * seed: the executors run the device code, Spark adds, the driver finishes.
 */
class MovieLensSparkTest {
  private static final long SEED = 7;
  private static SparkSession spark;
  private static JavaSparkContext sc;
  private static Split split;
  private static JavaRDD<UserRow> users;
  private static Broadcast<int[]> counts;
  private static Path dir;

  @BeforeAll
  static void start() {
    dir = Path.of(System.getProperty("tacit.datasets", "../shared/datasets"), "ml-100k");
    if (!Files.isDirectory(dir)) {
      return; // each test reports itself skipped (requireMovieLens)
    }
    split = MovieLens100k.folds(dir, 1).get(0);
    spark = SparkTestSession.start();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Csr train = split.train().byUser();
    Csr test = split.test().byUser();
    List<UserRow> rows = new ArrayList<>();
    for (int u = 0; u < train.rows(); u++) {
      rows.add(new UserRow(u, train.row(u), u < test.rows() ? test.row(u) : new int[0]));
    }
    users = sc.parallelize(rows, 4).cache();
    counts = sc.broadcast(split.train().itemCounts());
  }

  @BeforeEach
  void requireMovieLens() {
    Assumptions.assumeTrue(
        Files.isDirectory(dir), "MovieLens 100K not found at " + dir + "; skipped");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  // A head of at most 200 items (20,100 co-occurrence entries per device) keeps the test short.
  private static SimulationConfig simulation(double epsilon) {
    return SimulationConfig.builder()
        .algorithm(Algorithm.COOCCURRENCE)
        .cooccurrence(CooccurrenceConfig.defaults().withMaxHead(200))
        .epsilon(epsilon)
        .seed(SEED)
        .build();
  }

  private static PrivateSettings settings(double epsilon, PrivateSettings.NoiseDraw draw) {
    SimulationConfig sim = simulation(epsilon);
    return new PrivateSettings(
        sim.cooccurrence(),
        epsilon,
        sim.delta(),
        sim.survivorFraction(),
        sim.colludingFraction(),
        SEED,
        draw);
  }

  private static PrivateCooccurrence.Result spark(PrivateSettings s) {
    return PrivateCooccurrence.run(
        sc, users, split.train().numItems(), s, RandomSource.seeded(SEED + 1));
  }

  private static void assertSameModel(CooccurrenceModel actual, CooccurrenceModel expected) {
    assertThat(actual.head().popularity()).isEqualTo(expected.head().popularity());
    assertThat(actual.head().items()).isEqualTo(expected.head().items());
    assertThat(actual.eigenvalues()).isEqualTo(expected.eigenvalues());
    assertThat(actual.vectors()).isEqualTo(expected.vectors());
    assertThat(actual.lambda()).isEqualTo(expected.lambda());
  }

  @Test
  void withoutNoise_theSumsAndTheModelAreBitIdenticalToTheSimulation_andTheMetricsAgree() {
    CooccurrenceSimulation.Run sim =
        CooccurrenceSimulation.run(
            simulation(Double.POSITIVE_INFINITY), split.train(), Progress.none());
    PrivateCooccurrence.Result r =
        spark(settings(Double.POSITIVE_INFINITY, PrivateSettings.NoiseDraw.ONCE));

    // The released popularity is the decoded sum (a signed residue over a power-of-two scale):
    // equal
    // doubles mean equal sums, bit for bit; the eigen-decomposition of equal sums is equal too.
    assertThat(r.popularitySum()).hasSize(split.train().numItems());
    assertThat(r.cooccurrenceSum())
        .hasSize(r.model().head().size() * (r.model().head().size() + 1) / 2);
    assertSameModel(r.model(), sim.model());
    assertThat(r.epsilon()).isInfinite();
    assertThat(r.ledger()).isEmpty();

    FoldResult expected =
        CooccurrenceEvaluation.evaluate(sim.model(), split, UserAttributes.none());
    FoldResult actual =
        DistributedEvaluation.evaluate(
            users.map(u -> new Tuple2<>(u, (float[]) null)),
            Scorers.cooccurrence(r.model()),
            split.train().numItems(),
            counts,
            split.name());
    assertThat(actual.usersEvaluated()).isEqualTo(expected.usersEvaluated());
    for (Map.Entry<String, Double> e : expected.metrics().entrySet()) {
      assertThat(actual.metrics().get(e.getKey()))
          .as(e.getKey())
          .isCloseTo(e.getValue(), within(1e-9));
    }
  }

  private static CooccurrenceSimulation.Run atEight;

  private static synchronized CooccurrenceSimulation.Run simulationAtEight() {
    if (atEight == null) {
      atEight = CooccurrenceSimulation.run(simulation(8), split.train(), Progress.none());
    }
    return atEight;
  }

  @Test
  void atEpsilonEight_withEachDevicesNoiseInItsExecutor_theModelAndTheLedgerMatchTheSimulation() {
    CooccurrenceSimulation.Run sim = simulationAtEight();
    PrivateCooccurrence.Result r = spark(settings(8, PrivateSettings.NoiseDraw.DEVICES));

    assertSameModel(r.model(), sim.model());
    assertThat(r.epsilon()).isEqualTo(sim.epsilon());
    assertThat(r.ledgerEpsilon()).isCloseTo(sim.epsilon(), within(1e-9));
    assertThat(r.ledgerEpsilon()).isLessThanOrEqualTo(8);
    assertThat(r.ledger()).hasSize(2);
  }

  @Test
  void atEpsilonEight_withTheNoiseDrawnOnce_theLedgerMatchesTheSimulation() {
    CooccurrenceSimulation.Run sim = simulationAtEight();
    PrivateCooccurrence.Result r = spark(settings(8, PrivateSettings.NoiseDraw.ONCE));

    assertThat(r.epsilon()).isEqualTo(sim.epsilon());
    assertThat(r.ledgerEpsilon()).isCloseTo(sim.epsilon(), within(1e-9));
    assertThat(r.ledger())
        .extracting(s -> s.description())
        .containsExactly(
            "co-occurrence popularity release, 943 devices", "co-occurrence release, 943 devices");
    assertThat(r.counted()).isEqualTo(943);
  }

  @Test
  void theCentralMllibBaseline_beatsRankingByPopularity() {
    ModelReport als =
        new AlsBaseline(16, 5, 0.1, 1.0)
            .run(spark, users, split.train().numItems(), counts, SEED, split.name());
    int[] c = split.train().itemCounts();
    float[] pop = new float[c.length];
    for (int i = 0; i < c.length; i++) {
      pop[i] = c[i];
    }
    FoldResult popular =
        DistributedEvaluation.evaluate(
            users.map(u -> new Tuple2<>(u, (float[]) null)),
            () -> (u, v, out) -> System.arraycopy(pop, 0, out, 0, pop.length),
            c.length,
            counts,
            split.name());
    assertThat(als.metrics().get("ndcg@10").mean())
        .isGreaterThan(1.2 * popular.metrics().get("ndcg@10"));
  }
}
