package dev.tacit.core.metrics;

/** Beyond-accuracy metrics over all users' top-k lists: coverage, exposure Gini, popularity. */
public final class ExposureMetrics {
  private ExposureMetrics() {}

  /** How often each item appears in the first {@code k} of the lists. */
  public static long[] exposure(int[][] lists, int numItems, int k) {
    long[] c = new long[numItems];
    for (int[] list : lists) {
      if (list == null) {
        continue;
      }
      for (int i = 0; i < Math.min(k, list.length); i++) {
        c[list[i]]++;
      }
    }
    return c;
  }

  /** Item coverage: the fraction of the catalogue that appears in at least one list. */
  public static double coverage(long[] exposure) {
    int n = 0;
    for (long e : exposure) {
      if (e > 0) {
        n++;
      }
    }
    return exposure.length == 0 ? 0 : (double) n / exposure.length;
  }

  /**
   * The Gini coefficient of exposure over every item of the catalogue (items never shown count as
   * zero): 0 when all items are shown equally often, approaching 1 when one item takes all. {@code
   * G = Σ_i (2i − n − 1) x_(i) / (n Σ x)} with {@code x} sorted ascending, {@code i} from 1.
   */
  public static double gini(long[] exposure) {
    long[] x = exposure.clone();
    java.util.Arrays.sort(x);
    int n = x.length;
    double total = 0;
    double weighted = 0;
    for (int i = 0; i < n; i++) {
      total += x[i];
      weighted += (2.0 * (i + 1) - n - 1) * x[i];
    }
    return total == 0 ? 0 : weighted / (n * total);
  }

  /**
   * Average recommendation popularity: the mean over lists of the mean training popularity ({@code
   * popularity[item]}, e.g. its number of training interactions) of the first {@code k} items
   * (Abdollahpouri et al. 2019).
   */
  public static double averagePopularity(int[][] lists, int[] popularity, int k) {
    double sum = 0;
    int users = 0;
    for (int[] list : lists) {
      if (list == null || list.length == 0) {
        continue;
      }
      int n = Math.min(k, list.length);
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += popularity[list[i]];
      }
      sum += s / n;
      users++;
    }
    return users == 0 ? 0 : sum / users;
  }
}
