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
  private static final double SECOND_CATEGORY_PROBABILITY = 0.3;

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

    double[] catCentroid = Sampling.gaussian(rng, numCats * d, sd);
    double[] sub = new double[numClusters * d];
    for (int j = 0; j < numClusters; j++) {
      int k = j / perCat;
      for (int f = 0; f < d; f++) {
        sub[j * d + f] = catCentroid[k * d + f] + SUB_CLUSTER_SPREAD * sd * rng.nextGaussian();
      }
    }

    // Items: a sub-cluster each, an offset from it, a Zipfian popularity.
    int[] clusterOf = new int[m];
    double[] offset = Sampling.gaussian(rng, m * d, ITEM_SPREAD * sd);
    double maxOffsetNorm = 0;
    for (int i = 0; i < m; i++) {
      clusterOf[i] = rng.nextInt(numCats) * perCat + rng.nextInt(perCat);
      maxOffsetNorm =
          Math.max(maxOffsetNorm, Math.sqrt(Sampling.dot(offset, i * d, offset, i * d, d)));
    }
    double[] v = new double[m * d];
    for (int i = 0; i < m; i++) {
      for (int f = 0; f < d; f++) {
        v[i * d + f] = sub[clusterOf[i] * d + f] + offset[i * d + f];
      }
    }
    int[] popRank = Sampling.permutation(rng, m);
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
          Sampling.buildAlias(
              pop, clusterItems, clusterStart[j], clusterStart[j + 1], aliasProb, alias);
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
    double[] groupTaste = Sampling.gaussian(rng, numGroups * d, sd);
    int[] groupOf = new int[numUsers];
    for (int u = 0; u < numUsers; u++) {
      groupOf[u] = Sampling.upperBound(groupCum, 0, numGroups, rng.nextDouble() * gs);
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
    TasteModel model =
        new TasteModel(
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
    int chunks = (numUsers + TasteModel.CHUNK - 1) / TasteModel.CHUNK;
    // Each user has its own seed and output range, so the result does not depend on scheduling.
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
              TasteModel.Scratch scratch = new TasteModel.Scratch(d, m, numClusters);
              for (int u = c * TasteModel.CHUNK;
                  u < Math.min(numUsers, (c + 1) * TasteModel.CHUNK);
                  u++) {
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
          double s = Sampling.dot(v, i * d, catCentroid, k * d, d);
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
    int[] rank = Sampling.permutation(rng, numUsers);
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
}
