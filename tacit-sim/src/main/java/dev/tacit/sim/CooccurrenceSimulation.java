package dev.tacit.sim;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.eval.Progress;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceDevice;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import dev.tacit.federated.device.Contribution;
import dev.tacit.federated.server.cooccurrence.CooccurrenceServer;
import dev.tacit.federated.server.hierarchy.HierarchicalRelease;
import dev.tacit.privacy.accounting.Conversion;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.Rdp;
import dev.tacit.privacy.accounting.RdpAccountant;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.secagg.Phase;
import dev.tacit.secagg.server.AggregateSum;
import dev.tacit.sim.secagg.SimulationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Trains the co-occurrence model with every user of a training set as a device, in one process: the
 * popularity release, then the co-occurrence release over the head it picks, each added by the real
 * SecAgg+ protocol or by the bit-identical unmasked sum, with dropouts as in {@link
 * FederatedSimulation}. Every device of the population joins both releases: in one SecAgg+ session,
 * or, with {@link SimulationConfig#maxCohortSize}, in several cohorts whose sums the server adds
 * ({@link HierarchicalRelease}). Every random choice is seeded from the configuration's seed, the
 * release and the device (simulation only).
 */
public final class CooccurrenceSimulation {
  private static final long DEVICE_STREAM = 0x636f6f63L;
  private static final long SERVER_STREAM = 0x636f6f6373727672L;
  private static final long SECAGG_STREAM = 0x636f6f637361L;
  private static final long COHORT_STREAM = 0x636f686f7274L;
  private static final int MIN_SECAGG_CLIENTS = 3;

  private CooccurrenceSimulation() {}

  /**
   * The outcome of one run.
   *
   * @param model the trained model (null if a release aborted)
   * @param releases the two releases, as rounds 1 and 2
   * @param epsilon ε spent (∞ without noise)
   * @param noiseMultiplier the combined z of both releases
   * @param wallSeconds the wall time of the run
   * @param cohorts the SecAgg+ sessions of each release (1 without {@link
   *     SimulationConfig#maxCohortSize})
   * @param abortedCohorts the sessions that aborted and added nothing, over both releases
   * @param epsilonAgainstCohortSums ε against a server that keeps each cohort's sum (which holds
   *     only its own devices' noise): both releases' least noisy cohort sums composed; the same as
   *     {@code epsilon} with one session
   */
  public record Run(
      CooccurrenceModel model,
      List<RoundStats> releases,
      double epsilon,
      double noiseMultiplier,
      double popularityNoiseMultiplier,
      double cooccurrenceNoiseMultiplier,
      double wallSeconds,
      int cohorts,
      int abortedCohorts,
      double epsilonAgainstCohortSums) {
    /** Copies the list. */
    public Run {
      releases = List.copyOf(releases);
    }
  }

  /**
   * Runs both releases on {@code train}.
   *
   * @throws IllegalArgumentException if the settings are not for the co-occurrence model or cannot
   *     be met
   * @throws IllegalStateException if a release aborts (too few survivors, or SecAgg+ aborted)
   */
  public static Run run(SimulationConfig config, Interactions train, Progress progress) {
    if (config.algorithm() != Algorithm.COOCCURRENCE) {
      throw new IllegalArgumentException("the settings are for " + config.algorithm().label());
    }
    long t0 = System.nanoTime();
    int population = train.numUsers();
    if (population < MIN_SECAGG_CLIENTS) {
      throw new IllegalArgumentException(
          "secure aggregation needs at least 3 devices, the training set has " + population);
    }
    int numItems = train.numItems();
    Csr byUser = train.byUser();
    int[][] items = new int[population][];
    for (int u = 0; u < population; u++) {
      items[u] = byUser.row(u);
    }
    double z = config.cooccurrenceNoiseMultiplier();
    CooccurrenceConfig cc = config.cooccurrence();
    CooccurrenceConfig.Releases releases =
        cc.releases(
            z,
            PrivacySettings.NoiseAt.DEVICES,
            config.survivorFraction(),
            config.colludingFraction());
    double budget = z > 0 ? config.epsilon() : Double.POSITIVE_INFINITY;
    CooccurrenceServer server =
        CooccurrenceServer.create(cc, releases, numItems, population, budget, config.delta());
    RandomSource serverRandom =
        RandomSource.seeded(FederatedSimulation.mix(config.seed(), SERVER_STREAM, 0));
    Releaser releaser = new Releaser(config, server, population, serverRandom);

    progress.update("popularity release", 0, 2);
    Head head =
        releaser.release(
            1,
            server::planPopularity,
            releases.popularity(),
            (u, plan, random) ->
                CooccurrenceDevice.contributePopularity(items[u], numItems, plan, random),
            server::finishPopularity);
    Added s1 = releaser.added.get(0);

    progress.update("co-occurrence release over " + head.size() + " items", 1, 2);
    CooccurrenceModel model =
        releaser.release(
            2,
            server::planCooccurrence,
            releases.cooccurrence(),
            (u, plan, random) ->
                CooccurrenceDevice.contributeCooccurrence(items[u], head, plan, random),
            server::finishCooccurrence);
    Added s2 = releaser.added.get(1);
    progress.update("done", 2, 2);
    return new Run(
        model,
        releaser.stats,
        server.spent().epsilon(),
        z,
        releases.popularity().noiseMultiplier(),
        releases.cooccurrence().noiseMultiplier(),
        (System.nanoTime() - t0) / 1e9,
        s1.cohorts(),
        s1.abortedCohorts() + s2.abortedCohorts(),
        s1.cohorts() > 1 && z > 0
            ? RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED)
                .compose(PrivacyEvent.gaussian(s1.cohortNoiseMultiplier(), 1))
                .compose(PrivacyEvent.gaussian(s2.cohortNoiseMultiplier(), 1))
                .guarantee(config.delta())
                .epsilon()
            : server.spent().epsilon());
  }

  /**
   * An added release: the sum, the devices counted, the most bytes a device sent, the sessions, the
   * sessions that aborted, and the least noise multiplier of one session's sum seen alone (NaN with
   * one session).
   */
  private record Added(
      long[] sum,
      int counted,
      long bytes,
      int cohorts,
      int abortedCohorts,
      double cohortNoiseMultiplier) {
    Added(long[] sum, int counted, long bytes) {
      this(sum, counted, bytes, 1, 0, Double.NaN);
    }
  }

  /** A device's contribution to a release under {@code plan}. */
  @FunctionalInterface
  private interface Device {
    Contribution contribute(int device, RoundPlan plan, RandomSource random);
  }

  /** The server's step that turns a release's sum into its result. */
  @FunctionalInterface
  private interface Finish<T> {
    T apply(RoundPlan plan, long[] sum, int counted, RandomSource serverRandom);
  }

  /** Runs the releases of one run over the whole population, keeping each one's sum and stats. */
  private static final class Releaser {
    private final SimulationConfig config;
    private final CooccurrenceServer server;
    private final int population;
    private final RandomSource serverRandom;
    private final List<RoundStats> stats = new ArrayList<>();
    private final List<Added> added = new ArrayList<>();

    Releaser(
        SimulationConfig config,
        CooccurrenceServer server,
        int population,
        RandomSource serverRandom) {
      this.config = config;
      this.server = server;
      this.population = population;
      this.serverRandom = serverRandom;
    }

    /**
     * Release number {@code release}: planned for the population, each device's contribution added,
     * and the sum finished by the server.
     */
    <T> T release(
        long release,
        IntFunction<RoundPlan> planner,
        PrivacySettings privacy,
        Device device,
        Finish<T> finish) {
      long r0 = System.nanoTime();
      RoundPlan plan = planner.apply(population);
      Added sum =
          add(
              config,
              plan,
              privacy,
              population,
              u -> device.contribute(u, plan, deviceRandom(config, release, u)).encodedShared());
      T result = finish.apply(plan, sum.sum(), sum.counted(), serverRandom);
      added.add(sum);
      stats.add(
          new RoundStats(
              release,
              population,
              sum.counted(),
              false,
              server.spent().epsilon(),
              (System.nanoTime() - r0) / 1e9,
              sum.bytes(),
              Double.NaN));
      return result;
    }
  }

  private static RandomSource deviceRandom(SimulationConfig config, long release, int device) {
    return RandomSource.seeded(
        FederatedSimulation.mix(config.seed() ^ DEVICE_STREAM, release, device));
  }

  private static Added add(
      SimulationConfig config,
      RoundPlan plan,
      PrivacySettings privacy,
      int n,
      IntFunction<long[]> contribution) {
    Phase[] dropped = FederatedSimulation.dropouts(config, plan.round(), n);
    if (config.maxCohortSize() > 0 && n > config.maxCohortSize()) {
      return addInCohorts(config, plan, privacy, contribution, dropped);
    }
    return addOne(config, plan, n, contribution, dropped, 0);
  }

  /** One SecAgg+ session (or its unmasked sum) over {@code n} devices; null if it aborted. */
  private static Added addOne(
      SimulationConfig config,
      RoundPlan plan,
      int n,
      IntFunction<long[]> contribution,
      Phase[] dropped,
      int cohort) {
    if (config.secAgg() == SecAggMode.REAL) {
      SimulationResult result =
          CohortSum.real(
              plan,
              "cooc-r" + plan.round() + (cohort > 0 ? "-c" + cohort : ""),
              plan.round(),
              n,
              contribution,
              dropped,
              FederatedSimulation.mix(config.seed(), SECAGG_STREAM + cohort, plan.round()));
      if (result.isAborted()) {
        if (cohort > 0) {
          return null;
        }
        throw new IllegalStateException(
            "SecAgg+ aborted release " + plan.round() + ": " + result.abort().orElseThrow());
      }
      AggregateSum s = result.sumOrThrow();
      return new Added(s.sum(), s.count(), result.maxBytesSentPerClient());
    }
    boolean[] counts = CohortSum.counted(dropped);
    int counted = 0;
    for (boolean c : counts) {
      counted += c ? 1 : 0;
    }
    if (cohort > 0 && counted == 0) {
      return null;
    }
    return new Added(
        CohortSum.plain(plan, n, contribution, counts),
        counted,
        (long) plan.dimension() * (plan.modulusBits() / 8));
  }

  /**
   * The population shuffled into cohorts of at most {@link SimulationConfig#maxCohortSize}, each
   * its own SecAgg+ session (or unmasked sum) under the one plan, and the cohorts' sums added.
   */
  private static Added addInCohorts(
      SimulationConfig config,
      RoundPlan plan,
      PrivacySettings privacy,
      IntFunction<long[]> contribution,
      Phase[] dropped) {
    HierarchicalRelease release =
        HierarchicalRelease.of(
            plan,
            privacy,
            config.maxCohortSize(),
            RandomSource.seeded(
                FederatedSimulation.mix(config.seed(), COHORT_STREAM, plan.round())));
    long bytes = 0;
    double leastZ = Double.POSITIVE_INFINITY;
    for (int k = 0; k < release.cohorts(); k++) {
      int[] devices = release.cohort(k);
      Phase[] drops = new Phase[devices.length];
      for (int i = 0; i < devices.length; i++) {
        drops[i] = dropped[devices[i]];
      }
      Added a =
          addOne(config, plan, devices.length, i -> contribution.apply(devices[i]), drops, k + 1);
      if (a == null) {
        release.abort(k);
      } else {
        release.accept(k, a.sum(), a.counted());
        bytes = Math.max(bytes, a.bytes());
        leastZ = Math.min(leastZ, release.cohortNoiseMultiplier(a.counted()));
      }
    }
    HierarchicalRelease.Total total = release.finish();
    return new Added(
        total.sum(), total.counted(), bytes, release.cohorts(), total.abortedCohorts(), leastZ);
  }
}
