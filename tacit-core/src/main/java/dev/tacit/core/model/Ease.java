package dev.tacit.core.model;

import dev.tacit.check.Preconditions;
import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.internal.Parallel;
import dev.tacit.core.linalg.SpdInverse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * EASE, the embarrassingly shallow autoencoder (Steck 2019, "Embarrassingly Shallow Autoencoders
 * for Sparse Data"): the item-item weights {@code B = I − P diagMat(1/diag(P))} with {@code P =
 * (XᵀX + λI)⁻¹} on the binary user-item matrix {@code X}, so that {@code diag(B) = 0}; a user's
 * scores are {@code x_u B}. Training costs {@code O(m³)} time and {@code O(m²)} memory in the
 * number of items: {@code m³} flops for the inverse, computed in place by the blocked sweep
 * operator of {@link SpdInverse}.
 */
public final class Ease implements Trainer {
  /**
   * The hyper-parameters of EASE.
   *
   * @param lambda the L2 regularization added to the diagonal of the Gram matrix
   * @param threads the number of threads for the Gram matrix and the inverse (it does not change
   *     the result)
   */
  public record Config(double lambda, int threads) {
    /** Default {@code lambda}, tuned on the MovieLens 100K folds u1..u5. */
    public static final double DEFAULT_LAMBDA = 500.0;

    /** Validates the settings. */
    public Config {
      Preconditions.checkPositive(lambda, "lambda");
      Preconditions.checkPositive(threads, "threads");
    }

    /** The default lambda, with all available processors. */
    public static Config defaults() {
      return new Config(DEFAULT_LAMBDA, Runtime.getRuntime().availableProcessors());
    }

    /** The given lambda, with all available processors. */
    public static Config withLambda(double lambda) {
      return new Config(lambda, Runtime.getRuntime().availableProcessors());
    }
  }

  private final Config config;

  private Ease(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A trainer with the given configuration. */
  public static Ease trainer(Config config) {
    return new Ease(config);
  }

  /** A trainer with {@link Config#defaults()}. */
  public static Ease trainer() {
    return new Ease(Config.defaults());
  }

  /** {@code "ease"}. */
  public String name() {
    return "ease";
  }

  /** The hyper-parameters, for reports. */
  public Map<String, Object> params() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lambda", config.lambda());
    return m;
  }

  @Override
  public Model fit(Interactions train) {
    return fit(train, TrainingProgress.none());
  }

  /**
   * Trains, reporting the steps {@code "gram"} (item rows of {@code XᵀX} done), {@code "inverse"}
   * (blocks of {@code (XᵀX + λI)⁻¹} swept) and {@code "weights"} to {@code progress}.
   *
   * @throws IllegalStateException before allocating anything, when the heap cannot hold the solve
   */
  @Override
  public Model fit(Interactions train, TrainingProgress progress) {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(progress, "progress");
    int m = train.numItems();
    requireHeap(m);
    double[][] p = gram(train, config.threads(), progress);
    for (int i = 0; i < m; i++) {
      p[i][i] += config.lambda();
    }
    SpdInverse.invert(
        p, config.threads(), (done, total) -> progress.update("inverse", done, total));
    progress.update("weights", 0, 1);
    float[] b = weights(p, config.threads());
    progress.update("weights", 1, 1);
    return new Model(b, m, train.byUser(), params());
  }

  /** {@code B = I − P diagMat(1/diag(P))}, row-major; the rows of {@code p} are released. */
  private static float[] weights(double[][] p, int threads) {
    int m = p.length;
    double[] diag = new double[m];
    for (int j = 0; j < m; j++) {
      diag[j] = -1.0 / p[j][j];
    }
    float[] b = new float[m * m];
    try (Parallel par = Parallel.create(threads)) {
      par.forRange(
          m,
          16,
          (w, from, to) -> {
            for (int i = from; i < to; i++) {
              double[] row = p[i];
              int io = i * m;
              for (int j = 0; j < m; j++) {
                b[io + j] = (float) (row[j] * diag[j]);
              }
              b[io + i] = 0f;
              p[i] = null; // the collector may take it back while the others are converted
            }
          });
    }
    return b;
  }

  /**
   * An up-front estimate of what {@link #fit} will take on a training set.
   *
   * @param items the number of items {@code m}
   * @param users the number of users
   * @param interactions the number of (user, item) pairs
   * @param peakBytes the heap at the peak, {@link #peakBytes}
   * @param seconds the predicted wall time of the Gram matrix, the inverse and the weights
   * @param gflops the inverse's speed measured by the calibration, in 10⁹ flops per second
   * @param threads the threads it was measured with
   */
  public record Estimate(
      int items,
      int users,
      long interactions,
      long peakBytes,
      double seconds,
      double gflops,
      int threads) {
    /** One line for a person: heap, time, and where the time comes from. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "ease on %,d items (%,d users, %,d interactions): about %s of heap at the peak and about"
              + " %s to train (%.1e flops for the inverse at the %.1f GFLOPS a %d-thread"
              + " calibration measured on this machine just now)",
          items,
          users,
          interactions,
          bytes(peakBytes),
          duration(seconds),
          (double) items * items * items,
          gflops,
          threads);
    }

    private static String bytes(long b) {
      return b >= 1e9
          ? String.format(Locale.ROOT, "%.1f GB", b / 1e9)
          : String.format(Locale.ROOT, "%.0f MB", Math.max(1, b / 1e6));
    }

    private static String duration(double s) {
      if (s < 1) {
        return "1 s";
      }
      if (s < 120) {
        return String.format(Locale.ROOT, "%.0f s", s);
      }
      return String.format(Locale.ROOT, "%d min %02d s", (long) s / 60, (long) s % 60);
    }
  }

  /** Scatter-adds per second per thread assumed for the Gram matrix (measured: EaseBench). */
  static final double GRAM_ADDS_PER_SECOND = 2e8;

  /** Bytes per second per thread assumed for allocating and converting the dense matrices. */
  static final double BYTES_PER_SECOND = 2e9;

  /**
   * Estimates {@link #fit} on {@code train}: the heap from the item count, the time from the
   * inverse's {@code m³} flops at the speed of a short calibration (about half a second of
   * inverting a 768 x 768 matrix with this trainer's threads, which also warms up the compiled
   * code), plus the Gram matrix's {@code Σ_u n_u²} scatter-adds and the dense matrices' bytes at
   * the documented rates {@link #GRAM_ADDS_PER_SECOND} and {@link #BYTES_PER_SECOND}.
   */
  public Estimate estimate(Interactions train) {
    Objects.requireNonNull(train, "train");
    int m = train.numItems();
    Csr byUser = train.byUser();
    double adds = 0;
    for (int u = 0; u < byUser.rows(); u++) {
      double d = byUser.end(u) - byUser.start(u);
      adds += d * d;
    }
    double gflops = calibrate(config.threads(), 768, 500_000_000L);
    int threads = config.threads();
    double seconds =
        (double) m * m * m / (gflops * 1e9)
            + adds / (GRAM_ADDS_PER_SECOND * threads)
            + 20.0 * m * m / (BYTES_PER_SECOND * threads);
    return new Estimate(
        m, train.numUsers(), train.size(), peakBytes(m), seconds, gflops, config.threads());
  }

  /** The best speed, in GFLOPS, of inverting an {@code n x n} SPD matrix within the time budget. */
  static double calibrate(int threads, int n, long budgetNanos) {
    double[][] spd = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        spd[i][j] = 1.0 / (1 + Math.abs(i - j)); // the symmetric Toeplitz 1 / (1 + |i - j|): SPD
      }
      spd[i][i] += 1;
    }
    double best = 0;
    long start = System.nanoTime();
    for (int run = 0; run < 3 || System.nanoTime() - start < budgetNanos; run++) {
      double[][] a = new double[n][];
      for (int i = 0; i < n; i++) {
        a[i] = spd[i].clone();
      }
      long t0 = System.nanoTime();
      SpdInverse.invert(a, threads, SpdInverse.Listener.none());
      long t = Math.max(1, System.nanoTime() - t0);
      best = Math.max(best, (double) n * n * n / t);
      if (run >= 50) {
        break;
      }
    }
    return best;
  }

  /** The most items a dense {@code m x m} matrix in one Java array can have. */
  static final int MAX_ITEMS = 46_340;

  /**
   * The heap EASE needs at its peak for {@code items} items: the Gram matrix, inverted in place
   * (one dense {@code m x m} double matrix, {@code 8 m²} bytes), the float weights built from it
   * ({@code 4 m²}), and the inverse's three {@code m x 64} panels.
   */
  public static long peakBytes(int items) {
    long m = items;
    return 12L * m * m + 3L * 64 * 8 * m;
  }

  /**
   * Refuses a catalogue of {@code items} items whose dense solve cannot fit in the heap this JVM
   * has free now, before anything is trained.
   *
   * @throws IllegalStateException saying what is needed, what there is, and what to do
   */
  public static void requireHeap(int items) {
    Runtime rt = Runtime.getRuntime();
    requireMemory(items, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
  }

  /**
   * Refuses, before allocating anything, a catalogue whose dense solve cannot fit: more than {@link
   * #MAX_ITEMS} items, or more than {@code availableBytes} of heap.
   *
   * @throws IllegalStateException saying what is needed, what there is, and what to do
   */
  static void requireMemory(int items, long availableBytes) {
    if (items > MAX_ITEMS) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "EASE on %,d items needs a dense %,d x %,d matrix, larger than a Java array can"
                  + " hold (at most %,d items): leave ease out of --models for this catalogue",
              items,
              items,
              items,
              MAX_ITEMS));
    }
    long need = peakBytes(items);
    if (need > availableBytes) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "EASE on %,d items needs about %.1f GB of heap for its dense %,d x %,d solve, but"
                  + " this JVM has about %.1f GB free: raise the heap (TACIT_JAVA_OPTS=-Xmx%dg"
                  + " ./tacit ...) or leave ease out of --models",
              items,
              need / 1e9,
              items,
              items,
              availableBytes / 1e9,
              (long) Math.ceil((need * 1.25 + (1L << 30)) / (double) (1L << 30))));
    }
  }

  /** {@code XᵀX} of the binary matrix, as {@code m} dense rows, one item row per task. */
  static double[][] gram(Interactions train, int threads, TrainingProgress progress) {
    int m = train.numItems();
    Csr byItem = train.byItem();
    Csr byUser = train.byUser();
    double[][] g = new double[m][];
    int[] users = byItem.indices();
    int[] items = byUser.indices();
    AtomicInteger rowsDone = new AtomicInteger();
    progress.update("gram", 0, m);
    try (Parallel par = Parallel.create(threads)) {
      par.forRange(
          m,
          32,
          (w, from, to) -> {
            for (int i = from; i < to; i++) {
              double[] row = new double[m];
              for (int e = byItem.start(i); e < byItem.end(i); e++) {
                int u = users[e];
                for (int f = byUser.start(u); f < byUser.end(u); f++) {
                  row[items[f]] += 1;
                }
              }
              g[i] = row;
            }
            int done = rowsDone.addAndGet(to - from);
            if (w == 0) { // progress is reported on the calling thread only
              progress.update("gram", done, m);
            }
          });
    }
    progress.update("gram", m, m);
    return g;
  }

  /** A trained EASE model: the item-item weights and the training interactions it scores from. */
  public static final class Model implements Recommender {
    private final float[] b;
    private final int m;
    private final Csr history;
    private final Map<String, Object> params;

    private Model(float[] b, int m, Csr history, Map<String, Object> params) {
      this.b = b;
      this.m = m;
      this.history = history;
      this.params = Map.copyOf(params);
    }

    @Override
    public String name() {
      return "ease";
    }

    @Override
    public Map<String, Object> params() {
      return params;
    }

    @Override
    public int numItems() {
      return m;
    }

    /** The weight {@code B[i][j]} of item {@code i} in the score of item {@code j}. */
    public float weight(int i, int j) {
      Objects.checkIndex(i, m);
      Objects.checkIndex(j, m);
      return b[i * m + j];
    }

    /** Scores from the user's training interactions: the sum of their items' rows of B. */
    @Override
    public void scoreAll(int user, float[] out) {
      Objects.checkIndex(user, history.rows());
      int[] items = history.indices();
      double[] acc = new double[m]; // float rows into a double sum: the JIT vectorizes this
      for (int e = history.start(user); e < history.end(user); e++) {
        int io = items[e] * m;
        for (int j = 0; j < m; j++) {
          acc[j] += b[io + j];
        }
      }
      for (int j = 0; j < m; j++) {
        out[j] = (float) acc[j];
      }
    }

    @Override
    public String toString() {
      return "Ease.Model[items=" + m + "]";
    }
  }

  @Override
  public String toString() {
    return "Ease" + config;
  }
}
