package dev.tacit.federated;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.core.linalg.Blas;
import dev.tacit.core.model.Ials;
import java.util.Arrays;

/**
 * One version of the shared model: the item factors {@code Y} ({@code numItems x factors},
 * row-major), their Gram matrix {@code YᵀY} (shipped with the model so that a device solves its own
 * factor in {@code O(n_u k² + k³)}), and the confidence and regularization of the fold-in.
 */
public final class ModelSnapshot {
  private final long version;
  private final int numItems;
  private final int factors;
  private final float[] itemFactors;
  private final double[] gram;
  private final double alpha;
  private final double lambda;

  private ModelSnapshot(
      long version, int numItems, int factors, float[] y, double alpha, double lambda) {
    this.version = version;
    this.numItems = numItems;
    this.factors = factors;
    this.itemFactors = y;
    this.gram = Blas.gram(y, numItems, factors);
    this.alpha = alpha;
    this.lambda = lambda;
  }

  /**
   * A snapshot of the given item factors (copied).
   *
   * @throws IllegalArgumentException if the sizes disagree, a factor is not finite, {@code alpha <
   *     0} or {@code lambda <= 0}
   */
  public static ModelSnapshot of(
      long version, int numItems, int factors, float[] itemFactors, double alpha, double lambda) {
    checkArgument(version >= 0, "version must be >= 0, was %s", version);
    checkArgument(
        numItems >= 1 && factors >= 1,
        "numItems and factors must be >= 1, were %s and %s",
        numItems,
        factors);
    checkArgument(
        itemFactors.length == (long) numItems * factors,
        "itemFactors must have numItems * factors = %s entries, had %s",
        (long) numItems * factors,
        itemFactors.length);
    for (float f : itemFactors) {
      if (!Float.isFinite(f)) {
        throw new IllegalArgumentException("itemFactors must be finite, found " + f);
      }
    }
    checkArgument(
        alpha >= 0 && Double.isFinite(alpha), "alpha must be >= 0 and finite, was %s", alpha);
    checkArgument(
        lambda > 0 && Double.isFinite(lambda), "lambda must be > 0 and finite, was %s", lambda);
    return new ModelSnapshot(version, numItems, factors, itemFactors.clone(), alpha, lambda);
  }

  /** The model version (0 for the initial model). */
  public long version() {
    return version;
  }

  /** The number of items. */
  public int numItems() {
    return numItems;
  }

  /** The number of latent factors {@code k}. */
  public int factors() {
    return factors;
  }

  /** The number of parameters, {@code numItems * factors}: the length of an update. */
  public int dimension() {
    return numItems * factors;
  }

  /** A copy of the item factors. */
  public float[] itemFactors() {
    return itemFactors.clone();
  }

  /** A copy of {@code YᵀY}. */
  public double[] gram() {
    return gram.clone();
  }

  /** The confidence scale in {@code c = 1 + alpha * r}. */
  public double alpha() {
    return alpha;
  }

  /** The regularization of the user factor. */
  public double lambda() {
    return lambda;
  }

  /**
   * The user factor for the given items (with {@code r = 1}), solved on the device: {@code x_u =
   * (YᵀY + Yᵀ(C_u − I)Y + λI)⁻¹ YᵀC_u p_u} (Hu, Koren &amp; Volinsky 2008).
   */
  public float[] userFactor(int[] items) {
    return Ials.foldIn(itemFactors, factors, gram, items, null, alpha, lambda);
  }

  /** Writes the score {@code y_i · x} of every item into {@code out}. */
  public void score(float[] userFactor, float[] out) {
    checkArgument(
        userFactor.length == factors && out.length >= numItems,
        "userFactor must have %s entries and out at least %s",
        factors,
        numItems);
    for (int i = 0; i < numItems; i++) {
      out[i] = Blas.dot(itemFactors, i * factors, userFactor, 0, factors);
    }
  }

  /**
   * The gradient, with respect to {@code Y}, of one user's implicit loss {@code L_u(Y) = Σ_i c_ui
   * (p_ui − y_i·x_u)²} at that user's optimal factor {@code x_u}: dense over all items, {@code 2
   * (y_i·x) x} for every item plus {@code 2((c−1)(y_i·x) − c) x} for the user's items. By the
   * envelope theorem this is also the gradient of {@code min_x L_u(x, Y) + λ|x|²}.
   *
   * @param items the user's distinct items, each in {@code [0, numItems)}
   * @param x the user's factor
   * @return {@code numItems * factors} entries, row-major like {@code Y}
   */
  public double[] gradient(int[] items, float[] x) {
    checkArgument(x.length == factors, "x must have %s entries, had %s", factors, x.length);
    int k = factors;
    double[] g = new double[numItems * k];
    double[] xd = new double[k];
    for (int j = 0; j < k; j++) {
      xd[j] = x[j];
    }
    for (int i = 0; i < numItems; i++) {
      double s = 2 * Blas.dot(itemFactors, i * k, x, 0, k);
      int o = i * k;
      for (int j = 0; j < k; j++) {
        g[o + j] = s * xd[j];
      }
    }
    double c = 1 + alpha;
    for (int i : items) {
      if (i < 0 || i >= numItems) {
        throw new IllegalArgumentException("item " + i + " is outside [0, " + numItems + ")");
      }
      double s = 2 * ((c - 1) * Blas.dot(itemFactors, i * k, x, 0, k) - c);
      int o = i * k;
      for (int j = 0; j < k; j++) {
        g[o + j] += s * xd[j];
      }
    }
    return g;
  }

  @Override
  public String toString() {
    return "ModelSnapshot[version=" + version + ", items=" + numItems + ", k=" + factors + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSnapshot m
        && version == m.version
        && factors == m.factors
        && Arrays.equals(itemFactors, m.itemFactors);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + Arrays.hashCode(itemFactors);
  }
}
