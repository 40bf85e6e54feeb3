package dev.tacit.core.metrics;

import java.util.Map;
import java.util.TreeMap;

/** Means of a per-user metric by group, and the largest gap between groups. */
public final class GroupMetrics {
  private GroupMetrics() {}

  /**
   * The mean of {@code perUser} (NaN entries skipped, as for users without test items) within each
   * group; users whose group is {@code null} are left out.
   */
  public static Map<String, Double> meanByGroup(double[] perUser, String[] groupOfUser) {
    Map<String, double[]> acc = new TreeMap<>();
    for (int u = 0; u < perUser.length; u++) {
      String g = u < groupOfUser.length ? groupOfUser[u] : null;
      if (g == null || Double.isNaN(perUser[u])) {
        continue;
      }
      double[] a = acc.computeIfAbsent(g, x -> new double[2]);
      a[0] += perUser[u];
      a[1]++;
    }
    Map<String, Double> out = new TreeMap<>();
    acc.forEach((g, a) -> out.put(g, a[0] / a[1]));
    return out;
  }

  /** The largest difference between two group means (0 with fewer than two groups). */
  public static double largestGap(Map<String, Double> means) {
    if (means.size() < 2) {
      return 0;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double m : means.values()) {
      lo = Math.min(lo, m);
      hi = Math.max(hi, m);
    }
    return hi - lo;
  }
}
