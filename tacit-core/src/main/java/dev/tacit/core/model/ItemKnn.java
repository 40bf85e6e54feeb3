package dev.tacit.core.model;

import dev.tacit.check.Preconditions;
import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.internal.Parallel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Item-based k-nearest-neighbours (Sarwar et al. 2001; Deshpande &amp; Karypis 2004) on binary
 * interactions: the cosine similarity {@code |U_i ∩ U_j| / (sqrt(|U_i| |U_j|) + shrinkage)}, the
 * {@code k} most similar items kept per item, and a user's score for item {@code j} the sum of
 * {@code sim(i, j)} over the user's items {@code i} that have {@code j} among their neighbours.
 */
public final class ItemKnn implements Trainer {
  /**
   * The hyper-parameters of item-kNN.
   *
   * @param neighbors the number of neighbours kept per item
   * @param shrinkage added to the cosine's denominator to damp similarities of rare items
   * @param threads the number of threads (it does not change the result)
   */
  public record Config(int neighbors, double shrinkage, int threads) {
    /** Default number of neighbours, tuned on the MovieLens 100K folds u1..u5. */
    public static final int DEFAULT_NEIGHBORS = 300;

    /** Validates the settings. */
    public Config {
      Preconditions.checkPositive(neighbors, "neighbors");
      Preconditions.checkNonNegative(shrinkage, "shrinkage");
      Preconditions.checkPositive(threads, "threads");
    }

    /** 300 neighbours, no shrinkage, all available processors. */
    public static Config defaults() {
      return of(DEFAULT_NEIGHBORS, 0);
    }

    /** The given settings, with all available processors. */
    public static Config of(int neighbors, double shrinkage) {
      return new Config(neighbors, shrinkage, Runtime.getRuntime().availableProcessors());
    }
  }

  private final Config config;

  private ItemKnn(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A trainer with the given configuration. */
  public static ItemKnn trainer(Config config) {
    return new ItemKnn(config);
  }

  /** A trainer with {@link Config#defaults()}. */
  public static ItemKnn trainer() {
    return new ItemKnn(Config.defaults());
  }

  /** {@code "itemknn"}. */
  public String name() {
    return "itemknn";
  }

  /** The hyper-parameters, for reports. */
  public Map<String, Object> params() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("neighbors", config.neighbors());
    m.put("shrinkage", config.shrinkage());
    return m;
  }

  @Override
  public Model fit(Interactions train) {
    Objects.requireNonNull(train, "train");
    int m = train.numItems();
    int kk = Math.min(config.neighbors(), Math.max(0, m - 1));
    Csr byItem = train.byItem();
    Csr byUser = train.byUser();
    int[] users = byItem.indices();
    int[] items = byUser.indices();
    double shrink = config.shrinkage();
    int[][] nbrs = new int[m][];
    float[][] sims = new float[m][];
    try (Parallel par = Parallel.create(config.threads())) {
      int[][] counts = new int[par.threads()][m];
      float[][] scratch = new float[par.threads()][m];
      for (float[] s : scratch) {
        Arrays.fill(s, Float.NaN);
      }
      par.forRange(
          m,
          16,
          (w, from, to) -> {
            int[] cnt = counts[w];
            float[] sim = scratch[w];
            int[] touched = new int[m];
            for (int i = from; i < to; i++) {
              int nt = 0;
              for (int e = byItem.start(i); e < byItem.end(i); e++) {
                int u = users[e];
                for (int f = byUser.start(u); f < byUser.end(u); f++) {
                  int j = items[f];
                  if (j != i && cnt[j]++ == 0) {
                    touched[nt++] = j;
                  }
                }
              }
              double ni = byItem.rowSize(i);
              for (int t = 0; t < nt; t++) {
                int j = touched[t];
                sim[j] = (float) (cnt[j] / (Math.sqrt(ni * byItem.rowSize(j)) + shrink));
              }
              int[] top = TopK.select(sim, kk, null, 0);
              float[] s = new float[top.length];
              for (int t = 0; t < top.length; t++) {
                s[t] = sim[top[t]];
              }
              nbrs[i] = top;
              sims[i] = s;
              for (int t = 0; t < nt; t++) {
                int j = touched[t];
                cnt[j] = 0;
                sim[j] = Float.NaN;
              }
            }
          });
    }
    return new Model(nbrs, sims, m, byUser, params());
  }

  /** A trained item-kNN model: each item's neighbours and the training interactions. */
  public static final class Model implements Recommender {
    private final int[][] nbrs;
    private final float[][] sims;
    private final int m;
    private final Csr history;
    private final Map<String, Object> params;

    private Model(int[][] nbrs, float[][] sims, int m, Csr history, Map<String, Object> params) {
      this.nbrs = nbrs;
      this.sims = sims;
      this.m = m;
      this.history = history;
      this.params = Map.copyOf(params);
    }

    @Override
    public String name() {
      return "itemknn";
    }

    @Override
    public Map<String, Object> params() {
      return params;
    }

    @Override
    public int numItems() {
      return m;
    }

    /** The neighbours of item {@code i}, most similar first (ties: lower index first). */
    public int[] neighbors(int i) {
      Objects.checkIndex(i, m);
      return nbrs[i].clone();
    }

    /**
     * The similarity of item {@code j} to item {@code i} when {@code j} is among the neighbours of
     * {@code i}, else 0.
     */
    public float similarity(int i, int j) {
      Objects.checkIndex(i, m);
      Objects.checkIndex(j, m);
      int[] n = nbrs[i];
      for (int t = 0; t < n.length; t++) {
        if (n[t] == j) {
          return sims[i][t];
        }
      }
      return 0f;
    }

    @Override
    public void scoreAll(int user, float[] out) {
      Objects.checkIndex(user, history.rows());
      Arrays.fill(out, 0, m, 0f);
      int[] items = history.indices();
      for (int e = history.start(user); e < history.end(user); e++) {
        int i = items[e];
        int[] n = nbrs[i];
        float[] s = sims[i];
        for (int t = 0; t < n.length; t++) {
          out[n[t]] += s[t];
        }
      }
    }

    @Override
    public String toString() {
      return "ItemKnn.Model[items=" + m + "]";
    }
  }

  @Override
  public String toString() {
    return "ItemKnn" + config;
  }
}
