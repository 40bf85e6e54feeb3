package dev.tacit.core.split;

import dev.tacit.check.Preconditions;
import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Per-user train/test splits. In every split train and test are disjoint, their union is the input,
 * both keep the input's dimensions, weights and times, and a user with at least two interactions
 * keeps at least one in train; a user with one interaction stays in train.
 */
public final class Splits {
  private Splits() {}

  /**
   * Holds out, for each user with {@code n >= 2} interactions, {@code round(testFraction * n)}
   * interactions chosen uniformly at random, but at least 1 and at most {@code n - 1}. The split is
   * named {@code "random-seed-" + seed} and is the same for the same seed.
   *
   * @throws IllegalArgumentException when {@code testFraction} is not in (0, 1)
   */
  public static Split randomHoldout(Interactions data, double testFraction, long seed) {
    Objects.requireNonNull(data, "data");
    Preconditions.checkOpenInterval(testFraction, 0, 1, "testFraction");
    Csr m = data.byUser();
    boolean[] test = new boolean[m.nnz()];
    SplittableRandom rng = new SplittableRandom(seed);
    int[] pos = new int[0];
    for (int u = 0; u < m.rows(); u++) {
      int n = m.rowSize(u);
      if (n < 2) {
        continue;
      }
      int t = (int) Math.min(n - 1, Math.max(1, Math.round(testFraction * n)));
      if (pos.length < n) {
        pos = new int[Math.max(n, pos.length * 2)];
      }
      for (int k = 0; k < n; k++) {
        pos[k] = m.start(u) + k;
      }
      for (int k = 0; k < t; k++) { // partial Fisher-Yates: the first t are a uniform sample
        int j = k + rng.nextInt(n - k);
        int tmp = pos[k];
        pos[k] = pos[j];
        pos[j] = tmp;
        test[pos[k]] = true;
      }
    }
    return partition("random-seed-" + seed, data, test);
  }

  /**
   * {@code repetitions} random holdouts with the seeds {@code firstSeed, firstSeed + 1, ...}.
   *
   * @throws IllegalArgumentException when {@code repetitions < 1} or {@code testFraction} is not in
   *     (0, 1)
   */
  public static List<Split> randomHoldout(
      Interactions data, double testFraction, long firstSeed, int repetitions) {
    Preconditions.checkPositive(repetitions, "repetitions");
    List<Split> out = new ArrayList<>(repetitions);
    for (int r = 0; r < repetitions; r++) {
      out.add(randomHoldout(data, testFraction, firstSeed + r));
    }
    return List.copyOf(out);
  }

  /**
   * Holds out, for each user with {@code n >= 2} interactions, the last {@code min(k, n - 1)} by
   * time (ties broken by item index: the higher index counts as later). Named {@code
   * "temporal-last-" + k}.
   *
   * @throws IllegalArgumentException when {@code k < 1}
   */
  public static Split temporalLeaveLastK(Interactions data, int k) {
    Objects.requireNonNull(data, "data");
    Preconditions.checkPositive(k, "k");
    Csr m = data.byUser();
    boolean[] test = new boolean[m.nnz()];
    long[] times = m.times();
    for (int u = 0; u < m.rows(); u++) {
      int n = m.rowSize(u);
      if (n < 2) {
        continue;
      }
      int t = Math.min(k, n - 1);
      Integer[] order = new Integer[n];
      for (int j = 0; j < n; j++) {
        order[j] = m.start(u) + j;
      }
      // Entries of a row are in ascending item order, so the position breaks ties by item.
      Arrays.sort(order, (a, b) -> times[a] != times[b] ? Long.compare(times[a], times[b]) : a - b);
      for (int j = n - t; j < n; j++) {
        test[order[j]] = true;
      }
    }
    return partition("temporal-last-" + k, data, test);
  }

  private static Split partition(String name, Interactions data, boolean[] test) {
    Csr m = data.byUser();
    Interactions.Builder train = Interactions.builder(data.numUsers(), data.numItems());
    Interactions.Builder held = Interactions.builder(data.numUsers(), data.numItems());
    int[] idx = m.indices();
    float[] val = m.values();
    long[] tim = m.times();
    for (int u = 0; u < m.rows(); u++) {
      for (int p = m.start(u); p < m.end(u); p++) {
        (test[p] ? held : train).add(u, idx[p], val[p], tim[p]);
      }
    }
    return new Split(name, train.build(), held.build());
  }
}
