package dev.tacit.core.model;

import dev.tacit.core.data.Interactions;
import java.util.SplittableRandom;

/** Small synthetic interaction matrices for model tests. */
final class TestMatrices {
  private TestMatrices() {}

  /**
   * A random matrix with two taste clusters (users prefer the items of their own half), so that a
   * model has structure to learn; weights are ratings 1..5.
   */
  static Interactions clustered(int users, int items, double density, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Interactions.Builder b = Interactions.builder(users, items);
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < items; i++) {
        boolean own = (u % 2) == (i % 2);
        if (rnd.nextDouble() < (own ? density * 1.6 : density * 0.4)) {
          b.add(u, i, 1 + rnd.nextInt(5), 0);
        }
      }
    }
    return b.build();
  }

  /** Interactions from rows of item lists (weight 1). */
  static Interactions of(int items, int[]... rows) {
    Interactions.Builder b = Interactions.builder(rows.length, items);
    for (int u = 0; u < rows.length; u++) {
      for (int i : rows[u]) {
        b.add(u, i, 1, 0);
      }
    }
    return b.build();
  }
}
