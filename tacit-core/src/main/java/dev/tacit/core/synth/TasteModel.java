package dev.tacit.core.synth;

import java.util.SplittableRandom;

/**
 * The generative model of {@link SyntheticGenerator} once its categories, items and groups are
 * drawn: what drawing a user's items needs, shared read-only by the drawing threads.
 */
@dev.tacit.check.JvmOnly
record TasteModel(
    int d,
    int m,
    int numClusters,
    double lambda,
    double[] groupTaste,
    int[] groupOf,
    double sd,
    double[] sub,
    double[] offset,
    double[] v,
    double[] logPop,
    double[] popMass,
    int[] clusterStart,
    int[] clusterItems,
    double[] aliasProb,
    int[] alias,
    double maxOffsetNorm) {
  /** Users are drawn in chunks of this many, each chunk on one thread with its own scratch. */
  static final int CHUNK = 1024;

  private static final double GROUP_PULL = 0.6;
  private static final long START_TIME = 1_577_836_800L; // 2020-01-01T00:00:00Z

  /** Per-thread work arrays. */
  static final class Scratch {
    final double[] x;
    final double[] clusterCum;
    final int[] mark;
    final double[] keys;

    Scratch(int d, int m, int numClusters) {
      x = new double[d];
      clusterCum = new double[numClusters];
      mark = new int[m];
      keys = new double[m];
    }
  }

  /** Draws the {@code n} items of user {@code u} into {@code out*[begin .. begin + n)}. */
  void drawUser(
      int u,
      int n,
      SplittableRandom rng,
      Scratch s,
      int begin,
      int[] outUsers,
      int[] outItems,
      long[] outTimes) {
    double[] x = s.x;
    int g = groupOf[u];
    double rest = Math.sqrt(1 - GROUP_PULL * GROUP_PULL);
    for (int f = 0; f < d; f++) {
      x[f] = GROUP_PULL * groupTaste[g * d + f] + rest * sd * rng.nextGaussian();
    }
    int stamp = u % CHUNK + 1; // the mark array is fresh for each chunk of users
    int[] mark = s.mark;
    long t = START_TIME + rng.nextInt(365 * 86_400);
    int out = begin;
    boolean dense = 4L * n > m;
    if (!dense) {
      double[] cum = s.clusterCum;
      double maxLogit = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < numClusters; j++) {
        cum[j] = lambda * Sampling.dot(x, 0, sub, j * d, d);
        if (popMass[j] > 0) {
          maxLogit = Math.max(maxLogit, cum[j]);
        }
      }
      double total = 0;
      for (int j = 0; j < numClusters; j++) {
        total += popMass[j] * StrictMath.exp(cum[j] - maxLogit);
        cum[j] = total;
      }
      double bound = lambda * Math.sqrt(Sampling.dot(x, 0, x, 0, d)) * maxOffsetNorm;
      long attempts = 0;
      long limit = 50L * n + 1000;
      int got = 0;
      while (got < n) {
        if (++attempts > limit) {
          dense = true; // too many repeats or rejections: draw this user exactly, at once
          break;
        }
        int j = Sampling.upperBound(cum, 0, numClusters, rng.nextDouble() * total);
        int size = clusterStart[j + 1] - clusterStart[j];
        if (size == 0) {
          continue; // only when rounding lands past the last non-empty sub-cluster
        }
        int p = clusterStart[j] + rng.nextInt(size);
        int i = rng.nextDouble() < aliasProb[p] ? clusterItems[p] : clusterItems[alias[p]];
        if (mark[i] == stamp) {
          continue;
        }
        // Accept with probability exp(a), a <= 0; 1 + a <= exp(a) <= 1 / (1 - a) spares exp.
        double a = lambda * Sampling.dot(x, 0, offset, i * d, d) - bound;
        double r = rng.nextDouble();
        if (r >= 1 + a && (r * (1 - a) >= 1 || r >= StrictMath.exp(a))) {
          continue;
        }
        mark[i] = stamp;
        outUsers[out] = u;
        outItems[out] = i;
        t += 1 + rng.nextInt(86_400);
        outTimes[out] = t;
        out++;
        got++;
      }
    }
    if (dense) {
      out = begin;
      double[] keys = s.keys;
      for (int i = 0; i < m; i++) {
        keys[i] = logPop[i] + lambda * Sampling.dot(x, 0, v, i * d, d) + Sampling.gumbel(rng);
      }
      for (int i : Sampling.topK(keys, n)) {
        outUsers[out] = u;
        outItems[out] = i;
        t += 1 + rng.nextInt(86_400);
        outTimes[out] = t;
        out++;
      }
    }
  }
}
