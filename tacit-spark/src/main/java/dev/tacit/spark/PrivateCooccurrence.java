package dev.tacit.spark;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceDevice;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import dev.tacit.federated.server.cooccurrence.CooccurrenceServer;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.budget.LedgerStore;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.privacy.budget.SpendDecision;
import dev.tacit.privacy.noise.IntegerNoiseMechanism;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.Purpose;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Trains the private co-occurrence model over users held in a Spark RDD: the driver plays the
 * server ({@link CooccurrenceServer}), the executors play the devices ({@link CooccurrenceDevice},
 * the code a phone runs), and Spark's tree aggregation adds their encoded contributions modulo
 * 2^bits, the sum SecAgg+ would reveal. Every release is charged to a {@link BudgetLedger} as the
 * server charges a real one.
 */
public final class PrivateCooccurrence {
  private static final int TREE_DEPTH = 2;

  private PrivateCooccurrence() {}

  /**
   * The outcome of a run.
   *
   * @param model the model
   * @param popularitySum the popularity release's sum before the noise drawn on the driver
   * @param cooccurrenceSum the co-occurrence release's sum before the noise drawn on the driver
   * @param counted the devices counted in each release
   * @param epsilon ε spent, by the server's accountant (∞ without noise)
   * @param ledger the spends the ledger recorded
   * @param ledgerEpsilon ε of the training purpose by the ledger
   * @param wallSeconds the run's wall time
   */
  public record Result(
      CooccurrenceModel model,
      long[] popularitySum,
      long[] cooccurrenceSum,
      int counted,
      double epsilon,
      List<Spend> ledger,
      double ledgerEpsilon,
      double wallSeconds) {
    /** Copies. */
    public Result {
      ledger = List.copyOf(ledger);
    }
  }

  /**
   * Runs both releases over {@code users} (cache it: it is read four times).
   *
   * @param numItems the catalogue size
   * @param noiseRandom the randomness of the noise drawn on the driver (secure in production)
   * @throws IllegalArgumentException if there are fewer than 3 users or a setting cannot be met
   * @throws IllegalStateException if a release is refused
   */
  public static Result run(
      JavaSparkContext sc,
      JavaRDD<UserRow> users,
      int numItems,
      PrivateSettings settings,
      RandomSource noiseRandom) {
    long t0 = System.nanoTime();
    long count = users.count();
    if (count < 3) {
      throw new IllegalArgumentException(
          "secure aggregation needs at least 3 devices, the log has " + count + " users");
    }
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("at most 2^31 - 1 users, the log has " + count);
    }
    int population = (int) count;
    double z = settings.noiseMultiplier();
    double budget = z > 0 ? settings.epsilon() : Double.POSITIVE_INFINITY;
    CooccurrenceServer server =
        CooccurrenceServer.create(
            settings.cooccurrence(),
            settings.releases(),
            numItems,
            population,
            budget,
            settings.delta());
    // Without noise there is nothing to account (ε is infinite) and no budget to open.
    BudgetLedger ledger =
        z > 0
            ? BudgetLedger.open(
                LedgerStore.inMemory(),
                Map.of(Purpose.TRAINING, new PrivacyBudget(budget, settings.delta())),
                Clock.systemUTC())
            : null;
    boolean deviceNoise = settings.noise() == PrivateSettings.NoiseDraw.DEVICES;
    long seed = settings.seed();

    RoundPlan p1 = server.planPopularity(population);
    Broadcast<WirePlan> w1 = sc.broadcast(WirePlan.of(p1, deviceNoise));
    long[] s1 =
        sum(
            users.map(
                u ->
                    CooccurrenceDevice.contributePopularity(
                            u.train(), numItems, w1.value().plan(), random(seed, 1, u))
                        .encodedShared()),
            p1);
    charge(ledger, server, server::popularityEvent, "co-occurrence popularity release", population);
    Head head =
        server.finishPopularity(
            p1, noised(s1, p1, population, deviceNoise, noiseRandom), population, noiseRandom);

    RoundPlan p2 = server.planCooccurrence(population);
    Broadcast<WirePlan> w2 = sc.broadcast(WirePlan.of(p2, deviceNoise));
    Broadcast<double[]> popularity = sc.broadcast(head.popularity());
    int headSize = head.size();
    long[] s2 =
        sum(
            users.mapPartitions(
                it -> {
                  Head h = Head.top(popularity.value(), headSize);
                  RoundPlan plan = w2.value().plan();
                  return new java.util.Iterator<long[]>() {
                    @Override
                    public boolean hasNext() {
                      return it.hasNext();
                    }

                    @Override
                    public long[] next() {
                      UserRow u = it.next();
                      return CooccurrenceDevice.contributeCooccurrence(
                              u.train(), h, plan, random(seed, 2, u))
                          .encodedShared();
                    }
                  };
                }),
            p2);
    charge(ledger, server, server::cooccurrenceEvent, "co-occurrence release", population);
    CooccurrenceModel model =
        server.finishCooccurrence(
            p2, noised(s2, p2, population, deviceNoise, noiseRandom), population, noiseRandom);
    w1.destroy();
    w2.destroy();
    popularity.destroy();
    double ledgerEpsilon =
        z > 0 ? ledger.spent(Purpose.TRAINING).epsilon() : Double.POSITIVE_INFINITY;
    return new Result(
        model,
        s1,
        s2,
        population,
        server.spent().epsilon(),
        ledger == null ? List.of() : ledger.spends(),
        ledgerEpsilon,
        (System.nanoTime() - t0) / 1e9);
  }

  private static RandomSource random(long seed, long release, UserRow u) {
    return Seeds.device(seed, release, u.device());
  }

  /** The sum modulo 2^bits of the contributions, by Spark's tree aggregation. */
  private static long[] sum(JavaRDD<long[]> contributions, RoundPlan plan) {
    int d = plan.dimension();
    long[] sum =
        contributions.treeAggregate(
            new long[d],
            (acc, e) -> {
              for (int j = 0; j < d; j++) {
                acc[j] += e[j];
              }
              return acc;
            },
            (a, b) -> {
              for (int j = 0; j < d; j++) {
                a[j] += b[j];
              }
              return a;
            },
            TREE_DEPTH);
    long mask = plan.mask();
    for (int j = 0; j < d; j++) {
      sum[j] &= mask;
    }
    return sum;
  }

  /**
   * The sum with the devices' noise added once, when the executors left it out: one discrete
   * Gaussian of σ·√counted per entry, the deviation of the sum of the counted devices' shares.
   */
  private static long[] noised(
      long[] sum, RoundPlan plan, int counted, boolean deviceNoise, RandomSource random) {
    if (deviceNoise || plan.deviceNoiseSigma() == 0) {
      return sum;
    }
    IntegerNoiseMechanism noise =
        IntegerNoiseMechanism.discreteGaussian(
            plan.deviceNoiseSigma() * Math.sqrt(counted), random);
    long mask = plan.mask();
    long[] out = new long[sum.length];
    for (int i = 0; i < sum.length; i++) {
      out[i] = noise.addNoise(sum[i]) & mask;
    }
    return out;
  }

  private static void charge(
      BudgetLedger ledger,
      CooccurrenceServer server,
      java.util.function.Supplier<PrivacyEvent> event,
      String what,
      int counted) {
    if (ledger == null) {
      return;
    }
    SpendDecision d =
        ledger.trySpend(Purpose.TRAINING, event.get(), what + ", " + counted + " devices");
    if (!d.accepted()) {
      throw new IllegalStateException("the ledger refused the " + what + ": " + d);
    }
  }
}
