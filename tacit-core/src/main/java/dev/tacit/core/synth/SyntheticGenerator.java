package dev.tacit.core.synth;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.data.IdMap;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.data.ItemMetadata;
import dev.tacit.core.data.UserAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Generates implicit-feedback datasets from a latent-factor model with power-law popularity and
 * activity, for tests, demos and scaling runs.
 *
 * <p>The model: categories have centroids in a {@code latentDim}-dimensional taste space, each
 * category has sub-clusters around its centroid, and each item sits close to one sub-cluster; its
 * first category is the category of that sub-cluster (some items get a second, nearby category).
 * Users belong to a group ({@code "A"}, {@code "B"}, ...; the first is the largest) whose taste
 * direction pulls their factor, so that groups differ in what they like. A user draws {@code n_u}
 * distinct items (power-law in the user's activity rank) without replacement, each draw with
 * probability proportional to {@code pop_i * exp(lambda * x_u . v_i)}, {@code pop_i} Zipfian in the
 * item's popularity rank and {@code lambda} set so that the log-affinity has a standard deviation
 * of about {@code affinityScale}. Draws are exact: sub-cluster by inverse CDF, item within it by
 * popularity, then rejection on the item's offset from its sub-cluster; heavy users are drawn all
 * at once with the Gumbel-top-k trick, which gives the same distribution (Kool, van Hoof &amp;
 * Welling 2019). Every interaction has weight 1 and a time that grows with the draw order.
 *
 * <p>User attributes: {@code "group"} and {@code "activity"} ({@code "low"}, {@code "medium"},
 * {@code "high"}, by tercile of the number of interactions). IDs are {@code "u0", "u1", ...} and
 * {@code "i0", "i1", ...}; titles {@code "Item 17"}; categories {@code "Category 3"}. Only {@link
 * SplittableRandom} and {@link StrictMath} are used, so the same settings give the same dataset on
 * every JVM.
 */
@dev.tacit.check.JvmOnly
public final class SyntheticGenerator {
  private static final double SUB_CLUSTER_SPREAD = 0.5;
  private static final double ITEM_SPREAD = 0.05;
  private static final double GROUP_PULL = 0.6;
  private static final double SECOND_CATEGORY_PROBABILITY = 0.3;
  private static final long START_TIME = 1_577_836_800L; // 2020-01-01T00:00:00Z

  private SyntheticGenerator() {}

  /** Generates the dataset described by {@code config}. */
  public static Dataset generate(SyntheticConfig config) {
    Objects.requireNonNull(config, "config");
    SplittableRandom rng = new SplittableRandom(config.seed());
    int d = config.latentDim();
    int m = config.items();
    int numUsers = config.users();
    int numCats = config.categories();
    int perCat = Math.max(1, Math.min(8, m / (numCats * 8)));
    int numClusters = numCats * perCat;
    double sd = 1 / Math.sqrt(d);

    double[] catCentroid = gaussian(rng, numCats * d, sd);
    double[] sub = new double[numClusters * d];
    for (int j = 0; j < numClusters; j++) {
      int k = j / perCat;
      for (int f = 0; f < d; f++) {
        sub[j * d + f] = catCentroid[k * d + f] + SUB_CLUSTER_SPREAD * sd * rng.nextGaussian();
      }
    }

    // Items: a sub-cluster each, an offset from it, a Zipfian popularity.
    int[] clusterOf = new int[m];
    double[] offset = gaussian(rng, m * d, ITEM_SPREAD * sd);
    double maxOffsetNorm = 0;
    for (int i = 0; i < m; i++) {
      clusterOf[i] = rng.nextInt(numCats) * perCat + rng.nextInt(perCat);
      maxOffsetNorm = Math.max(maxOffsetNorm, Math.sqrt(dot(offset, i * d, offset, i * d, d)));
    }
    double[] v = new double[m * d];
    for (int i = 0; i < m; i++) {
      for (int f = 0; f < d; f++) {
        v[i * d + f] = sub[clusterOf[i] * d + f] + offset[i * d + f];
      }
    }
    int[] popRank = permutation(rng, m);
    double[] pop = new double[m];
    double[] logPop = new double[m];
    for (int i = 0; i < m; i++) {
      logPop[i] = -config.itemPopularityExponent() * StrictMath.log(popRank[i] + 1.0);
      pop[i] = StrictMath.exp(logPop[i]);
    }
    // Items grouped by sub-cluster, with an alias table of popularity inside each (Vose 1991).
    int[] clusterStart = new int[numClusters + 1];
    for (int i = 0; i < m; i++) {
      clusterStart[clusterOf[i] + 1]++;
    }
    for (int j = 0; j < numClusters; j++) {
      clusterStart[j + 1] += clusterStart[j];
    }
    int[] fill = Arrays.copyOf(clusterStart, numClusters);
    int[] clusterItems = new int[m];
    for (int i = 0; i < m; i++) {
      clusterItems[fill[clusterOf[i]]++] = i;
    }
    double[] popMass = new double[numClusters];
    double[] aliasProb = new double[m];
    int[] alias = new int[m];
    for (int j = 0; j < numClusters; j++) {
      popMass[j] =
          buildAlias(pop, clusterItems, clusterStart[j], clusterStart[j + 1], aliasProb, alias);
    }

    ItemMetadata meta = itemMetadata(rng, m, d, v, catCentroid, numCats, clusterOf, perCat);

    // Users: a group with its taste direction, a factor, an activity.
    int numGroups = config.groups();
    double[] groupCum = new double[numGroups];
    double gs = 0;
    for (int g = 0; g < numGroups; g++) {
      gs += 1.0 / (g + 1);
      groupCum[g] = gs;
    }
    double[] groupTaste = gaussian(rng, numGroups * d, sd);
    int[] groupOf = new int[numUsers];
    for (int u = 0; u < numUsers; u++) {
      groupOf[u] = upperBound(groupCum, 0, numGroups, rng.nextDouble() * gs);
    }
    int[] counts = activity(rng, config, numUsers, m);
    long totalLong = 0;
    for (int n : counts) {
      totalLong += n;
    }
    if (totalLong > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "users * meanInteractionsPerUser must be < 2^31, was " + totalLong);
    }
    int total = (int) totalLong;

    double lambda =
        config.affinityScale()
            * Math.sqrt(d)
            / Math.sqrt(1 + SUB_CLUSTER_SPREAD * SUB_CLUSTER_SPREAD + ITEM_SPREAD * ITEM_SPREAD);
    int[] outUsers = new int[total];
    int[] outItems = new int[total];
    long[] outTimes = new long[total];
    int[] offsets = new int[numUsers + 1];
    long[] userSeeds = new long[numUsers];
    for (int u = 0; u < numUsers; u++) {
      offsets[u + 1] = offsets[u] + counts[u];
      userSeeds[u] = rng.nextLong();
    }
    Model model =
        new Model(
            d,
            m,
            numClusters,
            lambda,
            groupTaste,
            groupOf,
            sd,
            sub,
            offset,
            v,
            logPop,
            popMass,
            clusterStart,
            clusterItems,
            aliasProb,
            alias,
            maxOffsetNorm);
    int chunks = (numUsers + CHUNK - 1) / CHUNK;
    // Each user has its own seed and output range, so the result does not depend on scheduling.
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
              Scratch scratch = new Scratch(d, m, numClusters);
              for (int u = c * CHUNK; u < Math.min(numUsers, (c + 1) * CHUNK); u++) {
                model.drawUser(
                    u,
                    counts[u],
                    new SplittableRandom(userSeeds[u]),
                    scratch,
                    offsets[u],
                    outUsers,
                    outItems,
                    outTimes);
              }
            });
    float[] weights = new float[total];
    Arrays.fill(weights, 1f);
    Interactions interactions = Interactions.of(numUsers, m, outUsers, outItems, weights, outTimes);

    Map<String, String[]> attrs = new LinkedHashMap<>();
    String[] group = new String[numUsers];
    for (int u = 0; u < numUsers; u++) {
      group[u] = String.valueOf((char) ('A' + groupOf[u]));
    }
    attrs.put("group", group);
    attrs.put("activity", terciles(counts));
    String name = "synthetic-" + numUsers + "x" + m + "-seed" + config.seed();
    return new Dataset(
        name,
        interactions,
        IdMap.sequential(numUsers, "u"),
        IdMap.sequential(m, "i"),
        meta,
        UserAttributes.of(attrs));
  }

  private static final int CHUNK = 1024;

  /** Per-thread work arrays. */
  private static final class Scratch {
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

  /** The fixed parts of the generative model, shared read-only by the drawing threads. */
  @dev.tacit.check.JvmOnly
  private record Model(
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
          cum[j] = lambda * dot(x, 0, sub, j * d, d);
          if (popMass[j] > 0) {
            maxLogit = Math.max(maxLogit, cum[j]);
          }
        }
        double total = 0;
        for (int j = 0; j < numClusters; j++) {
          total += popMass[j] * StrictMath.exp(cum[j] - maxLogit);
          cum[j] = total;
        }
        double bound = lambda * Math.sqrt(dot(x, 0, x, 0, d)) * maxOffsetNorm;
        long attempts = 0;
        long limit = 50L * n + 1000;
        int got = 0;
        while (got < n) {
          if (++attempts > limit) {
            dense = true; // too many repeats or rejections: draw this user exactly, at once
            break;
          }
          int j = upperBound(cum, 0, numClusters, rng.nextDouble() * total);
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
          double a = lambda * dot(x, 0, offset, i * d, d) - bound;
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
          keys[i] = logPop[i] + lambda * dot(x, 0, v, i * d, d) + gumbel(rng);
        }
        for (int i : topK(keys, n)) {
          outUsers[out] = u;
          outItems[out] = i;
          t += 1 + rng.nextInt(86_400);
          outTimes[out] = t;
          out++;
        }
      }
    }
  }

  /**
   * Builds Vose's alias table for the items {@code items[from..to)} weighted by {@code weight};
   * returns the total weight.
   */
  private static double buildAlias(
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

  private static ItemMetadata itemMetadata(
      SplittableRandom rng,
      int m,
      int d,
      double[] v,
      double[] catCentroid,
      int numCats,
      int[] clusterOf,
      int perCat) {
    List<String> titles = new ArrayList<>(m);
    int[][] cats = new int[m][];
    for (int i = 0; i < m; i++) {
      titles.add("Item " + i);
      int primary = clusterOf[i] / perCat;
      if (numCats > 1 && rng.nextDouble() < SECOND_CATEGORY_PROBABILITY) {
        int best = -1;
        double bestDot = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < numCats; k++) {
          double s = dot(v, i * d, catCentroid, k * d, d);
          if (k != primary && s > bestDot) {
            bestDot = s;
            best = k;
          }
        }
        cats[i] = primary < best ? new int[] {primary, best} : new int[] {best, primary};
      } else {
        cats[i] = new int[] {primary};
      }
    }
    List<String> names = new ArrayList<>(numCats);
    for (int k = 0; k < numCats; k++) {
      names.add("Category " + k);
    }
    return new ItemMetadata(titles, names, cats);
  }

  /** Per-user interaction counts: Zipfian in a random activity rank, stochastically rounded. */
  private static int[] activity(SplittableRandom rng, SyntheticConfig c, int numUsers, int m) {
    int[] rank = permutation(rng, numUsers);
    double[] w = new double[numUsers];
    double sum = 0;
    for (int u = 0; u < numUsers; u++) {
      w[u] = StrictMath.pow(rank[u] + 1.0, -c.userActivityExponent());
      sum += w[u];
    }
    int cap = Math.max(1, m / 2);
    int[] counts = new int[numUsers];
    double scale = c.meanInteractionsPerUser() * numUsers / sum;
    for (int u = 0; u < numUsers; u++) {
      double target = scale * w[u];
      long n = (long) Math.floor(target);
      if (rng.nextDouble() < target - n) {
        n++;
      }
      counts[u] = (int) Math.max(1, Math.min(cap, n));
    }
    return counts;
  }

  private static String[] terciles(int[] counts) {
    int[] sorted = counts.clone();
    Arrays.sort(sorted);
    int lo = sorted[sorted.length / 3];
    int hi = sorted[(2 * sorted.length) / 3];
    String[] out = new String[counts.length];
    for (int u = 0; u < counts.length; u++) {
      out[u] = counts[u] < lo ? "low" : counts[u] < hi ? "medium" : "high";
    }
    return out;
  }

  private static double[] gaussian(SplittableRandom rng, int n, double sd) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = sd * rng.nextGaussian();
    }
    return a;
  }

  private static int[] permutation(SplittableRandom rng, int n) {
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

  private static double dot(double[] a, int ao, double[] b, int bo, int d) {
    double s = 0;
    for (int f = 0; f < d; f++) {
      s += a[ao + f] * b[bo + f];
    }
    return s;
  }

  /** The first index in {@code [from, to)} whose cumulative value exceeds {@code r}. */
  private static int upperBound(double[] cum, int from, int to, double r) {
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

  private static double gumbel(SplittableRandom rng) {
    double uniform = ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53; // in (0, 1)
    return -StrictMath.log(-StrictMath.log(uniform));
  }

  /** The indices of the {@code k} largest keys, largest first (ties by lower index). */
  private static int[] topK(double[] keys, int k) {
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
