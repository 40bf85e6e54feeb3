package dev.tacit.core.model;

import dev.tacit.check.Preconditions;
import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.internal.Parallel;
import dev.tacit.core.linalg.Blas;
import dev.tacit.core.linalg.Cholesky;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Implicit alternating least squares (Hu, Koren &amp; Volinsky 2008, "Collaborative Filtering for
 * Implicit Feedback Datasets"): minimizes {@code Σ_{u,i} c_ui (p_ui − x_uᵀy_i)² + λ(Σ‖x_u‖² +
 * Σ‖y_i‖²)} over all user-item pairs, with preference {@code p_ui = 1} and confidence {@code c_ui =
 * 1 + α r_ui} for observed pairs ({@code r} is 1, or the interaction weight) and {@code c = 1, p =
 * 0} for the rest.
 *
 * <p>Each iteration solves all item factors, then all user factors (so a trained user factor is
 * exactly what {@link #foldIn} gives for the final item factors), using {@code YᵀY + Yᵀ(C_u − I)Y}
 * so that a row costs {@code O(n_u k²)}. The solver is an exact Cholesky solve, or a few
 * conjugate-gradient steps warm-started from the previous factor (Takács, Pilászy &amp; Tikk 2011,
 * as in the {@code implicit} library). Rows are solved in parallel, each independently of the
 * others, so the model depends on the seed but not on the number of threads.
 */
public final class Ials implements Trainer {
  /** How each row's regularized least-squares system is solved. */
  public enum Solver {
    /** An exact Cholesky solve, {@code O(n_u k² + k³)} per row. */
    CHOLESKY,
    /** A few conjugate-gradient steps from the previous factor, {@code O(steps (n_u k + k²))}. */
    CONJUGATE_GRADIENT
  }

  /** Observes training; called after every iteration with the training loss. */
  @FunctionalInterface
  public interface Listener {
    /** Called after iteration {@code iteration} (1-based) with the loss of the current model. */
    void onIteration(int iteration, double loss);
  }

  /**
   * The hyper-parameters of iALS.
   *
   * @param factors the number of latent factors {@code k}
   * @param iterations the number of alternating iterations (items then users)
   * @param lambda the L2 regularization
   * @param alpha the confidence scale in {@code c = 1 + alpha * r}
   * @param useWeights whether {@code r} is the interaction weight (else 1)
   * @param solver the row solver
   * @param cgSteps the conjugate-gradient steps per row (for {@link Solver#CONJUGATE_GRADIENT})
   * @param seed the seed of the random initialization
   * @param initStd the standard deviation of the Gaussian initialization
   * @param threads the number of threads (it does not change the result)
   */
  public record Config(
      int factors,
      int iterations,
      double lambda,
      double alpha,
      boolean useWeights,
      Solver solver,
      int cgSteps,
      long seed,
      double initStd,
      int threads) {
    /** Default {@code k}. */
    public static final int DEFAULT_FACTORS = 64;

    /** Default number of iterations. */
    public static final int DEFAULT_ITERATIONS = 15;

    /** Default {@code lambda}, tuned on the MovieLens 100K folds u1..u5 with k = 64. */
    public static final double DEFAULT_LAMBDA = 20.0;

    /** Default {@code alpha}, tuned on the MovieLens 100K folds u1..u5 with k = 64. */
    public static final double DEFAULT_ALPHA = 1.0;

    /** Default number of conjugate-gradient steps per row. */
    public static final int DEFAULT_CG_STEPS = 2;

    /** Validates every setting. */
    public Config {
      Preconditions.checkPositive(factors, "factors");
      Preconditions.checkPositive(iterations, "iterations");
      Preconditions.checkPositive(lambda, "lambda");
      Preconditions.checkNonNegative(alpha, "alpha");
      Objects.requireNonNull(solver, "solver");
      Preconditions.checkPositive(cgSteps, "cgSteps");
      Preconditions.checkPositive(initStd, "initStd");
      Preconditions.checkPositive(threads, "threads");
    }

    /** The defaults: k = 64, 15 iterations, tuned lambda and alpha, CG with 2 steps, seed 42. */
    public static Config defaults() {
      return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
      return new Builder();
    }

    /** The hyper-parameters for reports (everything but the thread count). */
    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("factors", factors);
      m.put("iterations", iterations);
      m.put("lambda", lambda);
      m.put("alpha", alpha);
      m.put("useWeights", useWeights);
      m.put("solver", solver.name());
      if (solver == Solver.CONJUGATE_GRADIENT) {
        m.put("cgSteps", cgSteps);
      }
      m.put("seed", seed);
      m.put("initStd", initStd);
      return m;
    }
  }

  /** Builds a {@link Config} from the defaults; each setting may be given at most once. */
  public static final class Builder {
    private Integer factors;
    private Integer iterations;
    private Double lambda;
    private Double alpha;
    private Boolean useWeights;
    private Solver solver;
    private Integer cgSteps;
    private Long seed;
    private Double initStd;
    private Integer threads;

    private Builder() {}

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    /** Sets {@code k} (default 64). */
    public Builder factors(int v) {
      once(factors, "factors");
      factors = v;
      return this;
    }

    /** Sets the number of iterations (default 15). */
    public Builder iterations(int v) {
      once(iterations, "iterations");
      iterations = v;
      return this;
    }

    /** Sets {@code lambda}. */
    public Builder lambda(double v) {
      once(lambda, "lambda");
      lambda = v;
      return this;
    }

    /** Sets {@code alpha}. */
    public Builder alpha(double v) {
      once(alpha, "alpha");
      alpha = v;
      return this;
    }

    /** Uses the interaction weight as {@code r} (default false: {@code r = 1}). */
    public Builder useWeights(boolean v) {
      once(useWeights, "useWeights");
      useWeights = v;
      return this;
    }

    /** Sets the solver (default conjugate gradient). */
    public Builder solver(Solver v) {
      once(solver, "solver");
      solver = v;
      return this;
    }

    /** Sets the conjugate-gradient steps per row (default 2). */
    public Builder cgSteps(int v) {
      once(cgSteps, "cgSteps");
      cgSteps = v;
      return this;
    }

    /** Sets the seed (default 42). */
    public Builder seed(long v) {
      once(seed, "seed");
      seed = v;
      return this;
    }

    /** Sets the standard deviation of the initial factors (default 0.01). */
    public Builder initStd(double v) {
      once(initStd, "initStd");
      initStd = v;
      return this;
    }

    /** Sets the number of threads (default: the available processors). */
    public Builder threads(int v) {
      once(threads, "threads");
      threads = v;
      return this;
    }

    /**
     * Builds and validates the configuration.
     *
     * @throws IllegalArgumentException if a setting is out of range
     */
    public Config build() {
      return new Config(
          factors == null ? Config.DEFAULT_FACTORS : factors,
          iterations == null ? Config.DEFAULT_ITERATIONS : iterations,
          lambda == null ? Config.DEFAULT_LAMBDA : lambda,
          alpha == null ? Config.DEFAULT_ALPHA : alpha,
          useWeights != null && useWeights,
          solver == null ? Solver.CONJUGATE_GRADIENT : solver,
          cgSteps == null ? Config.DEFAULT_CG_STEPS : cgSteps,
          seed == null ? 42L : seed,
          initStd == null ? 0.01 : initStd,
          threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    }
  }

  private final Config config;

  private Ials(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A trainer with the given configuration. */
  public static Ials trainer(Config config) {
    return new Ials(config);
  }

  /** A trainer with {@link Config#defaults()}. */
  public static Ials trainer() {
    return new Ials(Config.defaults());
  }

  /** {@code "ials"}. */
  public String name() {
    return "ials";
  }

  /** The hyper-parameters, for reports. */
  public Map<String, Object> params() {
    return config.asMap();
  }

  /** The configuration. */
  public Config config() {
    return config;
  }

  @Override
  public IalsModel fit(Interactions train) {
    return fit(train, (Listener) null);
  }

  /**
   * Trains on {@code train}, calling {@code listener} (when not null) with the training loss after
   * every iteration.
   *
   * @throws IllegalArgumentException if weights are used and one is negative
   */
  public IalsModel fit(Interactions train, Listener listener) {
    Objects.requireNonNull(train, "train");
    int n = train.numUsers();
    int m = train.numItems();
    int k = config.factors();
    Csr byUser = train.byUser();
    Csr byItem = train.byItem();
    float[] cmUser = confidenceMinusOne(byUser);
    float[] cmItem = confidenceMinusOne(byItem);
    SplittableRandom rnd = new SplittableRandom(config.seed());
    float[] x = gaussian(rnd, n * k, config.initStd());
    float[] y = gaussian(rnd, m * k, config.initStd());
    try (Parallel par = Parallel.create(config.threads())) {
      Workspace[] ws = new Workspace[par.threads()];
      for (int w = 0; w < ws.length; w++) {
        ws[w] = new Workspace(k);
      }
      for (int it = 1; it <= config.iterations(); it++) {
        halfStep(par, ws, byItem, cmItem, y, x);
        halfStep(par, ws, byUser, cmUser, x, y);
        if (listener != null) {
          listener.onIteration(it, loss(byUser, cmUser, x, y, k));
        }
      }
    }
    return IalsModel.wrap(
        n, m, k, x, y, config.alpha(), config.lambda(), config.useWeights(), config.asMap());
  }

  /**
   * The training loss of {@code model} on {@code train} under this trainer's {@code alpha}, {@code
   * lambda} and weighting: {@code Σ_{u,i} c_ui (p_ui − x_uᵀy_i)² + λ(‖X‖² + ‖Y‖²)} over all
   * user-item pairs, computed in {@code O(n k² + nnz k)}.
   */
  public double loss(Interactions train, IalsModel model) {
    Preconditions.checkArgument(
        train.numUsers() == model.numUsers() && train.numItems() == model.numItems(),
        "train is %d x %d but the model is %d x %d",
        train.numUsers(),
        train.numItems(),
        model.numUsers(),
        model.numItems());
    return loss(
        train.byUser(),
        confidenceMinusOne(train.byUser()),
        model.userFactors(),
        model.itemFactors(),
        model.numFactors());
  }

  private double loss(Csr byUser, float[] cm, float[] x, float[] y, int k) {
    int n = byUser.rows();
    double[] g = Blas.gram(y, byUser.cols(), k);
    double total = 0;
    double reg = 0;
    double[] gx = new double[k];
    int[] idx = byUser.indices();
    for (int u = 0; u < n; u++) {
      int xo = u * k;
      // x_uᵀ (YᵀY) x_u: the loss as if every pair were unobserved (c = 1, p = 0).
      Arrays.fill(gx, 0);
      for (int a = 0; a < k; a++) {
        Blas.axpy((double) x[xo + a], g, a * k, gx, 0, k);
      }
      double quad = 0;
      for (int a = 0; a < k; a++) {
        quad += gx[a] * x[xo + a];
        reg += (double) x[xo + a] * x[xo + a];
      }
      total += quad;
      for (int e = byUser.start(u); e < byUser.end(u); e++) {
        double s = dotD(x, xo, y, idx[e] * k, k);
        double c = 1.0 + cm[e];
        total += c * (1 - s) * (1 - s) - s * s;
      }
    }
    for (float v : y) {
      reg += (double) v * v;
    }
    return total + config.lambda() * reg;
  }

  private static double dotD(float[] a, int ao, float[] b, int bo, int k) {
    double s = 0;
    for (int j = 0; j < k; j++) {
      s += (double) a[ao + j] * b[bo + j];
    }
    return s;
  }

  private float[] confidenceMinusOne(Csr csr) {
    float[] v = csr.values();
    float[] cm = new float[v.length];
    float alpha = (float) config.alpha();
    for (int e = 0; e < v.length; e++) {
      if (config.useWeights()) {
        Preconditions.checkArgument(
            v[e] >= 0, "weights must be >= 0 with useWeights, was %s", v[e]);
        cm[e] = alpha * v[e];
      } else {
        cm[e] = alpha;
      }
    }
    return cm;
  }

  private static float[] gaussian(SplittableRandom rnd, int len, double std) {
    float[] a = new float[len];
    for (int i = 0; i < len; i++) {
      a[i] = (float) (gaussian(rnd) * std);
    }
    return a;
  }

  // Box-Muller (SplittableRandom has no nextGaussian in Java 17).
  private static double gaussian(SplittableRandom rnd) {
    double u1 = 1.0 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Per-thread buffers, allocated once per fit. */
  private static final class Workspace {
    final double[] a;
    final double[] b;
    final double[] r;
    final double[] p;
    final double[] ap;

    Workspace(int k) {
      a = new double[k * k];
      b = new double[k];
      r = new double[k];
      p = new double[k];
      ap = new double[k];
    }
  }

  /** Solves every row of {@code target} (rows of {@code csr}) against the fixed {@code other}. */
  private void halfStep(
      Parallel par, Workspace[] ws, Csr csr, float[] cm, float[] target, float[] other) {
    int k = config.factors();
    int rows = csr.rows();
    double lambda = config.lambda();
    double[] g = Blas.gram(other, csr.cols(), k);
    for (int a = 0; a < k; a++) {
      g[a * k + a] += lambda;
    }
    boolean cg = config.solver() == Solver.CONJUGATE_GRADIENT;
    float[] gf = new float[k * k];
    for (int i = 0; i < gf.length; i++) {
      gf[i] = (float) g[i];
    }
    int steps = config.cgSteps();
    par.forRange(
        rows,
        16,
        (w, from, to) -> {
          Workspace s = ws[w];
          for (int row = from; row < to; row++) {
            if (csr.rowSize(row) == 0) {
              Arrays.fill(target, row * k, (row + 1) * k, 0f);
            } else if (cg) {
              conjugateGradientRow(csr, cm, row, gf, other, target, k, steps, s);
            } else {
              choleskyRow(csr, cm, row, g, other, target, k, s);
            }
          }
        });
  }

  /**
   * Solves {@code (G + Σ_e cm_e f_e f_eᵀ) x = Σ_e (1 + cm_e) f_e} exactly, where {@code g = G}
   * already includes {@code λI}.
   */
  private static void choleskyRow(
      Csr csr, float[] cm, int row, double[] g, float[] f, float[] target, int k, Workspace s) {
    double[] a = s.a;
    double[] b = s.b;
    System.arraycopy(g, 0, a, 0, k * k);
    Arrays.fill(b, 0);
    accumulate(csr, cm, row, f, k, a, b);
    Cholesky.factor(a, k);
    Cholesky.solve(a, k, b);
    int to = row * k;
    for (int j = 0; j < k; j++) {
      target[to + j] = (float) b[j];
    }
  }

  // a (lower triangle) += Σ cm_e f_e f_eᵀ ; b += Σ (1 + cm_e) f_e
  private static void accumulate(
      Csr csr, float[] cm, int row, float[] f, int k, double[] a, double[] b) {
    int[] idx = csr.indices();
    for (int e = csr.start(row); e < csr.end(row); e++) {
      int fo = idx[e] * k;
      double c1 = cm[e];
      double c = 1.0 + c1;
      for (int p = 0; p < k; p++) {
        double fp = f[fo + p];
        b[p] += c * fp;
        double wp = c1 * fp;
        int ao = p * k;
        for (int q = 0; q <= p; q++) {
          a[ao + q] += wp * f[fo + q];
        }
      }
    }
  }

  private static void conjugateGradientRow(
      Csr csr,
      float[] cm,
      int row,
      float[] g,
      float[] f,
      float[] target,
      int k,
      int steps,
      Workspace s) {
    // Vectors are double while f and g are float: the JIT vectorizes float-to-double kernels
    // (no possible aliasing) but not float-to-float ones.
    double[] x = s.b;
    double[] r = s.r;
    double[] p = s.p;
    double[] ap = s.ap;
    int[] idx = csr.indices();
    int start = csr.start(row);
    int end = csr.end(row);
    int xo = row * k;
    for (int j = 0; j < k; j++) {
      x[j] = target[xo + j];
    }
    // r = b − A x = −G x + Σ_e ((1 + cm_e) − cm_e f_eᵀx) f_e
    symv(g, x, r, k);
    for (int j = 0; j < k; j++) {
      r[j] = -r[j];
    }
    for (int e = start; e < end; e++) {
      int fo = idx[e] * k;
      double c1 = cm[e];
      axpy(1.0 + c1 - c1 * dot(f, fo, x, k), f, fo, r, k);
    }
    System.arraycopy(r, 0, p, 0, k);
    double rs = sumSquares(r, k);
    for (int step = 0; step < steps && rs > 1e-20; step++) {
      symv(g, p, ap, k);
      for (int e = start; e < end; e++) {
        int fo = idx[e] * k;
        axpy(cm[e] * dot(f, fo, p, k), f, fo, ap, k);
      }
      double pap = 0;
      for (int j = 0; j < k; j++) {
        pap += p[j] * ap[j];
      }
      if (!(pap > 0)) {
        break;
      }
      double a = rs / pap;
      for (int j = 0; j < k; j++) {
        x[j] += a * p[j];
        r[j] -= a * ap[j];
      }
      double rsNew = sumSquares(r, k);
      double beta = rsNew / rs;
      for (int j = 0; j < k; j++) {
        p[j] = r[j] + beta * p[j];
      }
      rs = rsNew;
    }
    for (int j = 0; j < k; j++) {
      target[xo + j] = (float) x[j];
    }
  }

  private static double sumSquares(double[] v, int k) {
    double s = 0;
    for (int j = 0; j < k; j++) {
      s += v[j] * v[j];
    }
    return s;
  }

  // out = G v for the symmetric k x k matrix g
  private static void symv(float[] g, double[] v, double[] out, int k) {
    Arrays.fill(out, 0, k, 0.0);
    for (int a = 0; a < k; a++) {
      axpy(v[a], g, a * k, out, k);
    }
  }

  // y[0..k) += a x[xo..xo+k)
  private static void axpy(double a, float[] x, int xo, double[] y, int k) {
    for (int j = 0; j < k; j++) {
      y[j] += a * x[xo + j];
    }
  }

  // x[xo..xo+k) · y[0..k), with eight partial sums to shorten the dependency chain
  private static double dot(float[] x, int xo, double[] y, int k) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int j = 0;
    for (; j + 7 < k; j += 8) {
      s0 += x[xo + j] * y[j];
      s1 += x[xo + j + 1] * y[j + 1];
      s2 += x[xo + j + 2] * y[j + 2];
      s3 += x[xo + j + 3] * y[j + 3];
      s4 += x[xo + j + 4] * y[j + 4];
      s5 += x[xo + j + 5] * y[j + 5];
      s6 += x[xo + j + 6] * y[j + 6];
      s7 += x[xo + j + 7] * y[j + 7];
    }
    for (; j < k; j++) {
      s0 += x[xo + j] * y[j];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /**
   * The factor of one user from fixed item factors (the fold-in used for on-device inference):
   * {@code x_u = (YᵀY + Yᵀ(C_u − I)Y + λI)⁻¹ Yᵀ C_u p_u}, solved exactly by Cholesky in {@code
   * O(n_u k² + k³)}.
   *
   * @param itemFactors {@code Y}, row-major {@code numItems x factors}
   * @param factors {@code k}
   * @param gram {@code YᵀY} ({@code k x k}, row-major), or null to compute it here in {@code O(m
   *     k²)}
   * @param items the user's distinct items
   * @param ratings the user's {@code r} per item, or null for {@code r = 1}
   * @param alpha the confidence scale in {@code c = 1 + alpha * r}
   * @param lambda the regularization
   * @return the user factor, {@code k} entries
   * @throws IllegalArgumentException if the sizes disagree, an item is out of range, a rating is
   *     negative or not finite, or {@code lambda <= 0}
   */
  public static float[] foldIn(
      float[] itemFactors,
      int factors,
      double[] gram,
      int[] items,
      float[] ratings,
      double alpha,
      double lambda) {
    Preconditions.checkPositive(factors, "factors");
    Preconditions.checkArgument(
        itemFactors.length % factors == 0,
        "itemFactors length %d must be a multiple of factors %d",
        itemFactors.length,
        factors);
    Preconditions.checkNonNegative(alpha, "alpha");
    Preconditions.checkPositive(lambda, "lambda");
    int k = factors;
    int m = itemFactors.length / k;
    Preconditions.checkArgument(
        ratings == null || ratings.length == items.length,
        "ratings must have one entry per item (%d), had %d",
        items.length,
        ratings == null ? 0 : ratings.length);
    double[] a;
    if (gram == null) {
      a = Blas.gram(itemFactors, m, k);
    } else {
      Preconditions.checkArgument(
          gram.length == k * k, "gram must have k * k = %d entries, had %d", k * k, gram.length);
      a = gram.clone();
    }
    for (int j = 0; j < k; j++) {
      a[j * k + j] += lambda;
    }
    double[] b = new double[k];
    for (int e = 0; e < items.length; e++) {
      int item = items[e];
      Objects.checkIndex(item, m);
      double r = 1;
      if (ratings != null) {
        r = ratings[e];
        Preconditions.checkArgument(
            r >= 0 && Double.isFinite(r), "ratings must be >= 0, was %s", r);
      }
      double c1 = alpha * r;
      int fo = item * k;
      for (int p = 0; p < k; p++) {
        double fp = itemFactors[fo + p];
        b[p] += (1 + c1) * fp;
        double wp = c1 * fp;
        for (int q = 0; q <= p; q++) {
          a[p * k + q] += wp * itemFactors[fo + q];
        }
      }
    }
    Cholesky.factor(a, k);
    Cholesky.solve(a, k, b);
    float[] x = new float[k];
    for (int j = 0; j < k; j++) {
      x[j] = (float) b[j];
    }
    return x;
  }

  @Override
  public String toString() {
    return "Ials" + config;
  }
}
