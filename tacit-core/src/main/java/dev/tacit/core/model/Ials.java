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
      IalsSolver.Workspace[] ws = new IalsSolver.Workspace[par.threads()];
      for (int w = 0; w < ws.length; w++) {
        ws[w] = new IalsSolver.Workspace(k);
      }
      for (int it = 1; it <= config.iterations(); it++) {
        IalsSolver.halfStep(par, ws, byItem, cmItem, y, x, config);
        IalsSolver.halfStep(par, ws, byUser, cmUser, x, y, config);
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
      IalsSolver.addObserved(itemFactors, item * k, alpha * r, k, a, b);
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
