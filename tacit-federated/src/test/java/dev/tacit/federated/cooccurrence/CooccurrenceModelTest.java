package dev.tacit.federated.cooccurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.core.linalg.Cholesky;
import dev.tacit.core.linalg.SymmetricEigen;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CooccurrenceModelTest {
  private static final int ITEMS = 60;
  private static final int N = 25;

  /** A random co-occurrence-like PSD matrix G over the head, and a model from its top r. */
  private static CooccurrenceModel model(int r, double lambda, double[] gOut) {
    SplittableRandom random = new SplittableRandom(11);
    double[] popularity = new double[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      popularity[i] = random.nextDouble();
    }
    Head head = Head.top(popularity, N);
    double[] g = new double[N * N];
    for (int u = 0; u < 80; u++) {
      boolean[] x = new boolean[N];
      for (int j = 0; j < N; j++) {
        x[j] = random.nextDouble() < 0.3;
      }
      for (int a = 0; a < N; a++) {
        for (int b = 0; b < N; b++) {
          g[a * N + b] += x[a] && x[b] ? 1 : 0;
        }
      }
    }
    System.arraycopy(g, 0, gOut, 0, g.length);
    SymmetricEigen e = SymmetricEigen.of(g, N);
    double[] values = new double[r];
    for (int k = 0; k < r; k++) {
      values[k] = e.value(k);
    }
    return CooccurrenceModel.of(head, e.topVectors(r), values, lambda, Map.of());
  }

  @Test
  void scoresFromTheFactors_equalScoresFromTheDenseB() {
    double[] g = new double[N * N];
    CooccurrenceModel m = model(6, 4, g);
    double[] b = m.denseB();
    int[] items = {m.head().item(0), m.head().item(5), m.head().item(17), tailItem(m)};
    double[] fast = m.headScores(items);
    double[] x = new double[N];
    for (int p : m.head().positionsOf(items)) {
      x[p] = 1;
    }
    for (int j = 0; j < N; j++) {
      double s = 0;
      for (int i = 0; i < N; i++) {
        s += x[i] * b[i * N + j];
      }
      assertThat(fast[j]).as("item at head position %s", j).isCloseTo(s, within(1e-10));
    }
  }

  @Test
  void denseB_isEaseOfTheRankRMatrix_solvedDirectly() {
    double lambda = 4;
    int r = 6;
    double[] g = new double[N * N];
    CooccurrenceModel m = model(r, lambda, g);
    // G_r + λI from the model's own V, Λ, inverted by Cholesky; B = I − P·diag(1/diag P).
    double[] v = m.vectors();
    double[] values = m.eigenvalues();
    double[] a = new double[N * N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        double s = i == j ? lambda : 0;
        for (int k = 0; k < r; k++) {
          s += v[i * r + k] * values[k] * v[j * r + k];
        }
        a[i * N + j] = s;
      }
    }
    Cholesky.invert(a, N, 1);
    double[] b = m.denseB();
    double[] diagP = m.diagP();
    for (int i = 0; i < N; i++) {
      assertThat(diagP[i]).isCloseTo(a[i * N + i], within(1e-12));
      for (int j = 0; j < N; j++) {
        double expected = (i == j ? 1 : 0) - a[i * N + j] / a[j * N + j];
        assertThat(b[i * N + j]).isCloseTo(expected, within(1e-9));
      }
      assertThat(b[i * N + i]).isCloseTo(0, within(1e-12)); // EASE's zero diagonal
    }
  }

  @Test
  void scoreAll_ranksTheHeadByScoreAboveTheTailByPopularity() {
    double[] g = new double[N * N];
    CooccurrenceModel m = model(6, 4, g);
    int[] items = {m.head().item(0), m.head().item(3)};
    float[] out = new float[ITEMS];
    m.scoreAll(items, out);
    double[] s = m.headScores(items);
    double[] pop = m.head().popularity();
    for (int i = 0; i < ITEMS; i++) {
      for (int j = 0; j < ITEMS; j++) {
        int pi = m.head().positionOf(i);
        int pj = m.head().positionOf(j);
        if (pi >= 0 && pj < 0) {
          assertThat(out[i]).isGreaterThan(out[j]);
        } else if (pi >= 0 && pj >= 0 && s[pi] > s[pj] + 1e-12) {
          assertThat(out[i]).isGreaterThan(out[j]);
        } else if (pi < 0 && pj < 0 && pop[i] > pop[j]) {
          assertThat(out[i]).isGreaterThan(out[j]);
        }
      }
    }
  }

  private static int tailItem(CooccurrenceModel m) {
    for (int i = 0; i < ITEMS; i++) {
      if (m.head().positionOf(i) < 0) {
        return i;
      }
    }
    throw new AssertionError("no tail");
  }
}
