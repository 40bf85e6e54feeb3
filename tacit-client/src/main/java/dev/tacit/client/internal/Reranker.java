package dev.tacit.client.internal;

/**
 * Re-ranking of a candidate list: maximal marginal relevance (Carbonell &amp; Goldstein, SIGIR
 * 1998) with cosine similarity of item factors, and calibration to the user's category distribution
 * (Steck, RecSys 2018) by greedy maximization of {@code (1 − λ)·Σ relevance − λ·KL(p ‖ q̃)}.
 */
public final class Reranker {
  private static final double SMOOTHING = 0.01;

  private Reranker() {}

  /** Relevance scaled to [0, 1] over the candidates. */
  static double[] relevance(int[] candidates, float[] scores) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int c : candidates) {
      lo = Math.min(lo, scores[c]);
      hi = Math.max(hi, scores[c]);
    }
    double[] rel = new double[candidates.length];
    for (int i = 0; i < candidates.length; i++) {
      rel[i] = hi > lo ? (scores[candidates[i]] - lo) / (hi - lo) : 1;
    }
    return rel;
  }

  /**
   * MMR: repeatedly picks the candidate maximizing {@code (1 − w)·rel − w·max sim(·, chosen)}.
   *
   * @param factors the candidates' factors, row-major with {@code k} columns, one row per candidate
   * @return positions into {@code candidates}, in the new order
   */
  public static int[] mmr(
      int[] candidates, float[] scores, float[] factors, int k, int count, double weight) {
    int n = candidates.length;
    int out = Math.min(count, n);
    double[] rel = relevance(candidates, scores);
    double[][] unit = new double[n][k];
    for (int i = 0; i < n; i++) {
      int o = i * k;
      double norm = 0;
      for (int j = 0; j < k; j++) {
        norm += (double) factors[o + j] * factors[o + j];
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < k; j++) {
        unit[i][j] = norm > 0 ? factors[o + j] / norm : 0;
      }
    }
    double[] maxSim = new double[n];
    boolean[] taken = new boolean[n];
    int[] order = new int[out];
    for (int step = 0; step < out; step++) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (taken[i]) {
          continue;
        }
        double v = (1 - weight) * rel[i] - (step == 0 ? 0 : weight * maxSim[i]);
        if (v > bestValue) {
          bestValue = v;
          best = i;
        }
      }
      taken[best] = true;
      order[step] = best;
      for (int i = 0; i < n; i++) {
        if (!taken[i]) {
          double s = 0;
          for (int j = 0; j < k; j++) {
            s += unit[i][j] * unit[best][j];
          }
          maxSim[i] = step == 0 ? s : Math.max(maxSim[i], s);
        }
      }
    }
    return order;
  }

  /**
   * Calibration: greedy selection that keeps the list's category distribution close to {@code
   * target} (the user's), {@code q̃ = (1 − 0.01)·q + 0.01·p} so the divergence stays finite.
   *
   * @param target the user's category distribution (sums to 1, or all zero for no history)
   * @return positions into {@code candidates}, in the new order
   */
  public static int[] calibrated(
      int[] candidates,
      float[] scores,
      Catalogue catalogue,
      double[] target,
      int count,
      double weight) {
    int n = candidates.length;
    int out = Math.min(count, n);
    double[] rel = relevance(candidates, scores);
    int g = target.length;
    double[] mass = new double[g];
    double relSum = 0;
    boolean[] taken = new boolean[n];
    int[] order = new int[out];
    double[] trial = new double[g];
    for (int step = 0; step < out; step++) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (taken[i]) {
          continue;
        }
        System.arraycopy(mass, 0, trial, 0, g);
        addCategories(catalogue.categoriesOf(candidates[i]), trial);
        double v = (1 - weight) * (relSum + rel[i]) - weight * kl(target, trial);
        if (v > bestValue) {
          bestValue = v;
          best = i;
        }
      }
      taken[best] = true;
      order[step] = best;
      relSum += rel[best];
      addCategories(catalogue.categoriesOf(candidates[best]), mass);
    }
    return order;
  }

  private static void addCategories(int[] cats, double[] mass) {
    for (int c : cats) {
      mass[c] += 1.0 / cats.length;
    }
  }

  /** KL(p ‖ q̃) with q the normalized {@code mass}. */
  static double kl(double[] p, double[] mass) {
    double total = 0;
    for (double m : mass) {
      total += m;
    }
    double d = 0;
    for (int c = 0; c < p.length; c++) {
      if (p[c] > 0) {
        double q = total > 0 ? mass[c] / total : 0;
        double smoothed = (1 - SMOOTHING) * q + SMOOTHING * p[c];
        d += p[c] * Math.log(p[c] / smoothed);
      }
    }
    return d;
  }
}
