package dev.tacit.core.model;

import dev.tacit.check.Preconditions;
import dev.tacit.core.linalg.Blas;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * An implicit-ALS model (Hu, Koren &amp; Volinsky 2008): user factors, item factors and the
 * confidence settings needed to fold a new user in with {@link Ials#foldIn}.
 */
public final class IalsModel implements FactorModel {
  private final int numUsers;
  private final int numItems;
  private final int k;
  private final float[] x;
  private final float[] y;
  private final float[] yt; // Yᵀ, k x numItems, for vectorized scoring
  private final double[] gram;
  private final double alpha;
  private final double lambda;
  private final boolean useWeights;
  private final Map<String, Object> params;

  private IalsModel(
      int numUsers,
      int numItems,
      int k,
      float[] x,
      float[] y,
      double alpha,
      double lambda,
      boolean useWeights,
      Map<String, Object> params) {
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.k = k;
    this.x = x;
    this.y = y;
    this.alpha = alpha;
    this.lambda = lambda;
    this.useWeights = useWeights;
    this.params = params;
    this.yt = new float[k * numItems];
    for (int i = 0; i < numItems; i++) {
      for (int a = 0; a < k; a++) {
        yt[a * numItems + i] = y[i * k + a];
      }
    }
    this.gram = Blas.gram(y, numItems, k);
  }

  /**
   * A model from factors (the arrays are copied), with the confidence {@code 1 + alpha * r} and
   * regularization {@code lambda} used for fold-in; {@code params} are reported by {@link
   * #params()}.
   *
   * @throws IllegalArgumentException if the array lengths do not match the dimensions or a factor
   *     is not finite
   */
  public static IalsModel of(
      int numUsers,
      int numItems,
      int factors,
      float[] userFactors,
      float[] itemFactors,
      double alpha,
      double lambda,
      boolean useWeights,
      Map<String, Object> params) {
    Preconditions.checkNonNegative(numUsers, "numUsers");
    Preconditions.checkNonNegative(numItems, "numItems");
    Preconditions.checkPositive(factors, "factors");
    Preconditions.checkArgument(
        userFactors.length == numUsers * factors,
        "userFactors must have numUsers * factors = %d entries, had %d",
        numUsers * factors,
        userFactors.length);
    Preconditions.checkArgument(
        itemFactors.length == numItems * factors,
        "itemFactors must have numItems * factors = %d entries, had %d",
        numItems * factors,
        itemFactors.length);
    checkFinite(userFactors, "userFactors");
    checkFinite(itemFactors, "itemFactors");
    Preconditions.checkNonNegative(alpha, "alpha");
    Preconditions.checkPositive(lambda, "lambda");
    return new IalsModel(
        numUsers,
        numItems,
        factors,
        userFactors.clone(),
        itemFactors.clone(),
        alpha,
        lambda,
        useWeights,
        Map.copyOf(Objects.requireNonNull(params, "params")));
  }

  /** Wraps arrays the trainer owns, without copying. */
  static IalsModel wrap(
      int numUsers,
      int numItems,
      int factors,
      float[] userFactors,
      float[] itemFactors,
      double alpha,
      double lambda,
      boolean useWeights,
      Map<String, Object> params) {
    return new IalsModel(
        numUsers, numItems, factors, userFactors, itemFactors, alpha, lambda, useWeights, params);
  }

  private static void checkFinite(float[] a, String name) {
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        throw new IllegalArgumentException(name + " must be finite, was " + a[i] + " at " + i);
      }
    }
  }

  @Override
  public String name() {
    return "ials";
  }

  @Override
  public Map<String, Object> params() {
    return params;
  }

  @Override
  public int numItems() {
    return numItems;
  }

  @Override
  public int numUsers() {
    return numUsers;
  }

  @Override
  public int numFactors() {
    return k;
  }

  /** The confidence scale {@code alpha} in {@code c = 1 + alpha * r}. */
  public double alpha() {
    return alpha;
  }

  /** The L2 regularization {@code lambda}. */
  public double lambda() {
    return lambda;
  }

  /** Whether {@code r} is the interaction weight ({@code true}) or 1 ({@code false}). */
  public boolean useWeights() {
    return useWeights;
  }

  @Override
  public float[] userFactors() {
    return x.clone();
  }

  @Override
  public float[] itemFactors() {
    return y.clone();
  }

  @Override
  public float[] userFactor(int user) {
    Objects.checkIndex(user, numUsers);
    return Arrays.copyOfRange(x, user * k, (user + 1) * k);
  }

  /** A copy of {@code YᵀY} ({@code k x k}, row-major), which the server ships with the model. */
  public double[] itemGram() {
    return gram.clone();
  }

  @Override
  public void scoreAll(int user, float[] out) {
    Objects.checkIndex(user, numUsers);
    score(x, user * k, out);
  }

  @Override
  public void scoreFactor(float[] factor, float[] out) {
    Preconditions.checkArgument(
        factor.length == k, "factor must have %d entries, had %d", k, factor.length);
    score(factor, 0, out);
  }

  private void score(float[] f, int fo, float[] out) {
    Preconditions.checkArgument(
        out.length >= numItems, "out must have >= %d entries, had %d", numItems, out.length);
    double[] acc = new double[numItems]; // float rows into a double sum: the JIT vectorizes this
    for (int a = 0; a < k; a++) {
      double fa = f[fo + a];
      int o = a * numItems;
      for (int i = 0; i < numItems; i++) {
        acc[i] += fa * yt[o + i];
      }
    }
    for (int i = 0; i < numItems; i++) {
      out[i] = (float) acc[i];
    }
  }

  /**
   * The factor of a user with the given items, solved exactly against this model's item factors
   * (see {@link Ials#foldIn}); {@code weights} are used only when the model was trained with
   * weights, and may be null for all 1.
   */
  public float[] foldIn(int[] items, float[] weights) {
    return Ials.foldIn(y, k, gram, items, useWeights ? weights : null, alpha, lambda);
  }

  @Override
  public String toString() {
    return "IalsModel[users=" + numUsers + ", items=" + numItems + ", factors=" + k + "]";
  }
}
