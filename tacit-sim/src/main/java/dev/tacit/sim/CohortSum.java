package dev.tacit.sim;

import dev.tacit.federated.RoundPlan;
import dev.tacit.secagg.Phase;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.sim.secagg.DropoutPlan;
import dev.tacit.sim.secagg.SecAggSimulation;
import dev.tacit.sim.secagg.SimulationResult;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Adds one cohort's encoded contributions for a round, by the real SecAgg+ protocol or by the
 * bit-identical unmasked sum modulo 2^bits; shared by every simulated algorithm.
 */
final class CohortSum {
  private CohortSum() {}

  /**
   * The real SecAgg+ session of a cohort.
   *
   * @param contribution the encoded contribution of the device at a cohort position
   * @param dropped for each position, the phase at which the device drops, or null
   * @param sessionSeed the seed of the session's (simulated) secure randomness
   */
  static SimulationResult real(
      RoundPlan plan,
      String sessionId,
      long round,
      int n,
      IntFunction<long[]> contribution,
      Phase[] dropped,
      long sessionSeed) {
    long[][] inputs = new long[n][];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i ->
                inputs[i] =
                    dropped[i] != null && dropped[i].ordinal() <= Phase.MASKED_INPUT.ordinal()
                        ? new long[plan.dimension()] // never sent
                        : contribution.apply(i));
    Map<Phase, Set<Integer>> drops = new EnumMap<>(Phase.class);
    for (int i = 0; i < n; i++) {
      if (dropped[i] != null) {
        drops.computeIfAbsent(dropped[i], p -> new TreeSet<>()).add(i + 1);
      }
    }
    SecAggConfig secAgg =
        SecAggConfig.create(sessionId, round, n, plan.dimension())
            .withModulusBits(plan.modulusBits());
    return SecAggSimulation.run(
        secAgg, inputs, new DropoutPlan(drops), seededSecureRandom(sessionSeed));
  }

  /** The unmasked sum of the counted positions' contributions, modulo 2^bits. */
  static long[] plain(RoundPlan plan, int n, IntFunction<long[]> contribution, boolean[] counts) {
    int d = plan.dimension();
    int chunks = Math.min(n, 4 * Math.max(1, ForkJoinPool.getCommonPoolParallelism()));
    long[][] partial = new long[chunks][];
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
              long[] acc = new long[d];
              for (int i = (int) ((long) c * n / chunks);
                  i < (int) ((long) (c + 1) * n / chunks);
                  i++) {
                if (counts[i]) {
                  long[] e = contribution.apply(i);
                  for (int j = 0; j < d; j++) {
                    acc[j] += e[j];
                  }
                }
              }
              partial[c] = acc;
            });
    long mask = plan.mask();
    long[] sum = new long[d];
    for (long[] p : partial) {
      for (int j = 0; j < d; j++) {
        sum[j] += p[j];
      }
    }
    for (int j = 0; j < d; j++) {
      sum[j] &= mask;
    }
    return sum;
  }

  /** The positions that send their masked input: those that do not drop before. */
  static boolean[] counted(Phase[] dropped) {
    boolean[] counts = new boolean[dropped.length];
    for (int i = 0; i < dropped.length; i++) {
      counts[i] = dropped[i] == null || dropped[i] == Phase.UNMASK;
    }
    return counts;
  }

  private static SecureRandom seededSecureRandom(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is not available in this JDK", e);
    }
  }
}
