package dev.tacit.core.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The sampling steps of {@link SyntheticGenerator}, on {@link SplittableRandom} and {@link
 * StrictMath} only so that a seed gives the same draws on every JVM.
 */
@dev.tacit.check.JvmOnly
final class Sampling {
  private Sampling() {}

  /**
   * Builds Vose's alias table for the items {@code items[from..to)} weighted by {@code weight};
   * returns the total weight.
   */
  static double buildAlias(
      double[] weight, int[] items, int from, int to, double[] prob, int[] alias) {
    int n = to - from;
    double total = 0;
    for (int p = from; p < to; p++) {
      total += weight[items[p]];
    }
    if (n == 0) {
      return 0;
    }
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int ns = 0;
    int nl = 0;
    for (int k = 0; k < n; k++) {
      scaled[k] = weight[items[from + k]] * n / total;
      if (scaled[k] < 1) {
        small[ns++] = k;
      } else {
        large[nl++] = k;
      }
    }
    while (ns > 0 && nl > 0) {
      int l = small[--ns];
      int g = large[--nl];
      prob[from + l] = scaled[l];
      alias[from + l] = from + g;
      scaled[g] = (scaled[g] + scaled[l]) - 1;
      if (scaled[g] < 1) {
        small[ns++] = g;
      } else {
        large[nl++] = g;
      }
    }
    while (nl > 0) {
      int g = large[--nl];
      prob[from + g] = 1;
      alias[from + g] = from + g;
    }
    while (ns > 0) {
      int l = small[--ns];
      prob[from + l] = 1;
      alias[from + l] = from + l;
    }
    return total;
  }

  static double[] gaussian(SplittableRandom rng, int n, double sd) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = sd * rng.nextGaussian();
    }
    return a;
  }

  static int[] permutation(SplittableRandom rng, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  static double dot(double[] a, int ao, double[] b, int bo, int d) {
    double s = 0;
    for (int f = 0; f < d; f++) {
      s += a[ao + f] * b[bo + f];
    }
    return s;
  }

  /** The first index in {@code [from, to)} whose cumulative value exceeds {@code r}. */
  static int upperBound(double[] cum, int from, int to, double r) {
    int lo = from;
    int hi = to - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cum[mid] > r) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  static double gumbel(SplittableRandom rng) {
    double uniform = ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53; // in (0, 1)
    return -StrictMath.log(-StrictMath.log(uniform));
  }

  /** The indices of the {@code k} largest keys, largest first (ties by lower index). */
  static int[] topK(double[] keys, int k) {
    Integer[] idx = new Integer[keys.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> keys[a] != keys[b] ? Double.compare(keys[b], keys[a]) : a - b);
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      out[i] = idx[i];
    }
    return out;
  }
}
