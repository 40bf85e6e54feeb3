package dev.tacit.sim;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.eval.Progress;
import dev.tacit.core.split.Split;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.federated.server.ReleaseGate;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.secagg.Phase;
import dev.tacit.secagg.server.AggregateSum;
import dev.tacit.sim.secagg.SimulationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs federated training with every user of a training set as a device, in one process (DESIGN.md,
 * "One federated round"): each round the server samples a cohort and plans the round, every cohort
 * device computes its clipped, quantized and noised update in parallel, some devices drop out at a
 * random phase, the updates are added by the real SecAgg+ protocol or by an unmasked sum, and the
 * server steps the model and charges the accountant.
 *
 * <p>Every random choice comes from a source seeded from the configuration's seed, the round and
 * the device, so that a run is reproducible whatever the number of threads. That is for simulation
 * only: a real device draws its rounding and noise from {@link RandomSource#secure()}.
 *
 * <p>Dropouts: each cohort device drops with probability {@code dropout} at a uniformly random
 * phase. A device that drops before sending its masked input is not counted; one that drops during
 * unmasking is (SecAgg+ recovers its self-mask from its neighbours). Both modes count the same
 * devices, except when SecAgg+ itself leaves out or aborts because a neighbourhood fell below the
 * threshold, which needs many dropouts in one neighbourhood: only {@link SecAggMode#REAL} models
 * that.
 */
public final class FederatedSimulation {
  private static final long COHORT_STREAM = 0x636f686f7274L;
  private static final long DROPOUT_STREAM = 0x64726f70L;
  private static final long SERVER_STREAM = 0x736572766572L;
  private static final long SECAGG_STREAM = 0x73656361676767L;
  private static final int MIN_SECAGG_CLIENTS = 3;

  private FederatedSimulation() {}

  /**
   * Runs the simulation on {@code train}, with every user a device holding its own training items.
   *
   * @param evalSplit the split whose test part scores NDCG@10 every {@code evalEvery} rounds, or
   *     null
   * @param progress receives one step per round
   * @throws IllegalArgumentException if the settings cannot be met (for example a cohort too large
   *     for the modulus)
   */
  public static FederatedRun run(
      SimulationConfig config, Interactions train, Split evalSplit, Progress progress) {
    long t0 = System.nanoTime();
    int population = train.numUsers();
    int numItems = train.numItems();
    Csr byUser = train.byUser();
    int[][] items = new int[population][];
    for (int u = 0; u < population; u++) {
      items[u] = byUser.row(u);
    }
    PrivacySettings privacy = config.privacyFor(population);
    double budget = privacy.isPrivate() ? config.epsilon() : Double.POSITIVE_INFINITY;
    FederatedServer server =
        FederatedServer.create(
            config.federated(),
            privacy,
            config.sampler(),
            numItems,
            population,
            budget,
            config.delta());
    RandomSource cohortRandom = RandomSource.seeded(mix(config.seed(), COHORT_STREAM, 0));
    RandomSource serverRandom = RandomSource.seeded(mix(config.seed(), SERVER_STREAM, 0));
    List<RoundStats> stats = new ArrayList<>();
    boolean stoppedAtBudget = false;
    for (int r = 1; r <= config.rounds(); r++) {
      progress.update("round " + r + "/" + config.rounds(), r - 1, config.rounds());
      long r0 = System.nanoTime();
      int[] cohort = server.sampleCohort(cohortRandom);
      if (cohort.length < MIN_SECAGG_CLIENTS) {
        stats.add(aborted(r, cohort.length, server, r0, 0));
        continue;
      }
      RoundPlan plan;
      try {
        plan = server.planRound(cohort.length);
      } catch (BudgetExceededException e) {
        stoppedAtBudget = true;
        break;
      }
      Phase[] dropped = dropouts(config, r, cohort.length);
      long[] sum;
      int counted;
      long bytes;
      if (config.secAgg() == SecAggMode.REAL) {
        SimulationResult result = realSum(config, server.model(), plan, r, cohort, items, dropped);
        bytes = result.maxBytesSentPerClient();
        if (result.isAborted()) {
          // As the server does: a session that aborted while unmasking had its sum released (the
          // server could have computed it), so it is charged; one that aborted before is not.
          int sent = countedAt(dropped);
          if (result.abort().orElseThrow().phase() == Phase.UNMASK && sent >= plan.minSurvivors()) {
            server.release(plan, sent, ReleaseGate.none());
          }
          server.abortRound(plan);
          stats.add(aborted(r, cohort.length, server, r0, bytes));
          continue;
        }
        AggregateSum s = result.sumOrThrow();
        sum = s.sum();
        counted = s.count();
      } else {
        boolean[] counts = new boolean[cohort.length];
        counted = 0;
        for (int i = 0; i < cohort.length; i++) {
          counts[i] = dropped[i] == null || dropped[i] == Phase.UNMASK;
          counted += counts[i] ? 1 : 0;
        }
        sum = plainSum(config, server.model(), plan, r, cohort, items, counts);
        bytes = (long) plan.dimension() * (plan.modulusBits() / 8);
      }
      try {
        server.finishRound(plan, sum, counted, serverRandom);
      } catch (IllegalStateException e) { // too few survivors (nothing charged), or rejected
        stats.add(aborted(r, cohort.length, server, r0, bytes));
        continue;
      }
      double seconds = (System.nanoTime() - r0) / 1e9;
      double ndcg = Double.NaN;
      if (evalSplit != null && config.evalEvery() > 0 && r % config.evalEvery() == 0) {
        ndcg = FederatedEvaluation.ndcg(server.model(), evalSplit);
      }
      stats.add(
          new RoundStats(
              r, cohort.length, counted, false, server.spent().epsilon(), seconds, bytes, ndcg));
    }
    progress.update("done", config.rounds(), config.rounds());
    return new FederatedRun(
        config,
        server.model(),
        stats,
        server.spent().epsilon(),
        config.delta(),
        privacy.noiseMultiplier(),
        stoppedAtBudget,
        (System.nanoTime() - t0) / 1e9);
  }

  private static RoundStats aborted(
      long round, int cohort, FederatedServer server, long r0, long bytes) {
    return new RoundStats(
        round,
        cohort,
        0,
        true,
        server.spent().epsilon(),
        (System.nanoTime() - r0) / 1e9,
        bytes,
        Double.NaN);
  }

  /** The devices that send their masked input: those that do not drop before. */
  private static int countedAt(Phase[] dropped) {
    int n = 0;
    for (Phase p : dropped) {
      n += p == null || p == Phase.UNMASK ? 1 : 0;
    }
    return n;
  }

  /** For each cohort position, the phase at which the device drops, or null. */
  static Phase[] dropouts(SimulationConfig config, long round, int n) {
    Phase[] out = new Phase[n];
    if (config.dropout() == 0) {
      return out;
    }
    RandomSource random = RandomSource.seeded(mix(config.seed(), DROPOUT_STREAM, round));
    Phase[] phases = Phase.values();
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < config.dropout()) {
        out[i] = phases[random.nextInt(phases.length)];
      }
    }
    return out;
  }

  private static long[] contribution(
      SimulationConfig config,
      ModelSnapshot model,
      RoundPlan plan,
      long round,
      int device,
      int[][] items) {
    RandomSource random = RandomSource.seeded(mix(config.seed(), round, device));
    return DeviceStep.contribute(model, items[device], plan, random).encodedShared();
  }

  private static SimulationResult realSum(
      SimulationConfig config,
      ModelSnapshot model,
      RoundPlan plan,
      long round,
      int[] cohort,
      int[][] items,
      Phase[] dropped) {
    return CohortSum.real(
        plan,
        "sim-r" + round,
        round,
        cohort.length,
        i -> contribution(config, model, plan, round, cohort[i], items),
        dropped,
        mix(config.seed(), SECAGG_STREAM, round));
  }

  private static long[] plainSum(
      SimulationConfig config,
      ModelSnapshot model,
      RoundPlan plan,
      long round,
      int[] cohort,
      int[][] items,
      boolean[] counts) {
    return CohortSum.plain(
        plan,
        cohort.length,
        i -> contribution(config, model, plan, round, cohort[i], items),
        counts);
  }

  /** A 64-bit hash of three values (SplitMix64 finalizer, chained). */
  static long mix(long a, long b, long c) {
    long h = splitMix(a + 0x9E3779B97F4A7C15L);
    h = splitMix(h ^ (b + 0x632BE59BD9B4E019L));
    return splitMix(h ^ (c + 0x85157AF5A2D4F7EBL));
  }

  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
