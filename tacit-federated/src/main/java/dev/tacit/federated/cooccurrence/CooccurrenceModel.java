package dev.tacit.federated.cooccurrence;

import static dev.tacit.check.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model a device receives: the head and every item's noisy popularity, and EASE over the head
 * in the factored form P = (I − V·diag(Λ/(Λ+λ))·Vᵀ)/λ, B = I − P·diag(1/diag P), shipped as V (N x
 * r), Λ (r) and diag P (N) (Steck 2019, "Embarrassingly Shallow Autoencoders", with the
 * co-occurrence matrix replaced by its rank-r part V Λ Vᵀ). Scoring a user is O(N·r): with x its
 * binary vector over the head, (xP)_j = (x_j − (xV)·diag(Λ/(Λ+λ))·V_j)/λ and (xB)_j = x_j − (xP)_j
 * / P_jj. Head items are ranked by xB, then the tail by noisy popularity. Immutable.
 */
public final class CooccurrenceModel {
  private final Head head;
  private final int rank;
  private final double lambda;
  private final double[] vectors; // N x r, row-major
  private final double[] eigenvalues;
  private final double[] shrink; // Λ/(Λ+λ)
  private final double[] diagP;
  private final int[] tailOrder; // tail items by popularity
  private final Map<String, Object> provenance;

  private CooccurrenceModel(
      Head head,
      double[] vectors,
      double[] eigenvalues,
      double lambda,
      Map<String, Object> provenance) {
    int n = head.size();
    this.head = head;
    this.rank = eigenvalues.length;
    this.lambda = lambda;
    this.vectors = vectors;
    this.eigenvalues = eigenvalues;
    this.shrink = new double[rank];
    for (int k = 0; k < rank; k++) {
      shrink[k] = eigenvalues[k] / (eigenvalues[k] + lambda);
    }
    this.diagP = new double[n];
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int k = 0; k < rank; k++) {
        double v = vectors[j * rank + k];
        s += v * v * shrink[k];
      }
      diagP[j] = (1 - s) / lambda;
    }
    int[] order = Head.byPopularity(head.popularity());
    this.tailOrder = Arrays.stream(order).filter(i -> head.positionOf(i) < 0).toArray();
    this.provenance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
  }

  /**
   * The model from the top-r eigenpairs of the released co-occurrence matrix of the head.
   *
   * @param vectors the eigenvectors as the columns of an N x r row-major matrix
   * @param eigenvalues the r eigenvalues; each must be > −λ
   * @param lambda the ridge λ > 0
   * @param provenance how it was made (N, r, λ, the noise, ε), for reports
   * @throws IllegalArgumentException if the shapes do not match or a value is out of range
   */
  public static CooccurrenceModel of(
      Head head,
      double[] vectors,
      double[] eigenvalues,
      double lambda,
      Map<String, Object> provenance) {
    checkArgument(
        lambda > 0 && Double.isFinite(lambda), "lambda must be > 0 and finite, was %s", lambda);
    int r = eigenvalues.length;
    checkArgument(
        vectors.length == head.size() * r,
        "vectors must be %s x %s, had %s entries",
        head.size(),
        r,
        vectors.length);
    for (double e : eigenvalues) {
      if (!(e > -lambda && Double.isFinite(e))) {
        throw new IllegalArgumentException("every eigenvalue must be > -lambda, was " + e);
      }
    }
    return new CooccurrenceModel(
        head, vectors.clone(), eigenvalues.clone(), lambda, new LinkedHashMap<>(provenance));
  }

  /** The head and the noisy popularity. */
  public Head head() {
    return head;
  }

  /** r, the eigen-components kept. */
  public int rank() {
    return rank;
  }

  /** λ. */
  public double lambda() {
    return lambda;
  }

  /** V, N x r row-major. */
  public double[] vectors() {
    return vectors.clone();
  }

  /** Λ. */
  public double[] eigenvalues() {
    return eigenvalues.clone();
  }

  /** diag P. */
  public double[] diagP() {
    return diagP.clone();
  }

  /** How the model was made. */
  public Map<String, Object> provenance() {
    return provenance;
  }

  /**
   * xB over the head for a user with {@code items} (its full history; items outside the head are
   * ignored), in O(N·r).
   *
   * @throws IllegalArgumentException if an item is out of range or repeated
   */
  public double[] headScores(int[] items) {
    int n = head.size();
    int[] pos = head.positionsOf(items);
    double[] xv = new double[rank];
    for (int p : pos) {
      for (int k = 0; k < rank; k++) {
        xv[k] += vectors[p * rank + k];
      }
    }
    for (int k = 0; k < rank; k++) {
      xv[k] *= shrink[k];
    }
    double[] x = new double[n];
    for (int p : pos) {
      x[p] = 1;
    }
    double[] out = new double[n];
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int k = 0; k < rank; k++) {
        s += xv[k] * vectors[j * rank + k];
      }
      double xp = (x[j] - s) / lambda;
      out[j] = x[j] - xp / diagP[j];
    }
    return out;
  }

  /**
   * Writes a score for every item into {@code out}: the head ranked by xB (ties by popularity)
   * above the tail ranked by noisy popularity. Only the order is meaningful. The caller drops the
   * user's own items.
   */
  public void scoreAll(int[] items, float[] out) {
    checkArgument(
        out.length == head.numItems(),
        "out must have %s entries, had %s",
        head.numItems(),
        out.length);
    double[] s = headScores(items);
    int n = head.size();
    Integer[] order = new Integer[n];
    for (int p = 0; p < n; p++) {
      order[p] = p;
    }
    // Head positions are in popularity order, so a stable sort breaks ties by popularity.
    Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
    for (int rankPos = 0; rankPos < n; rankPos++) {
      out[head.item(order[rankPos])] = 2f * n - rankPos;
    }
    for (int t = 0; t < tailOrder.length; t++) {
      out[tailOrder[t]] = -1f - t;
    }
  }

  /**
   * The dense N x N matrix B = I − P·diag(1/diag P), row-major, in O(N²·r): for tests and
   * explanations (B_ij is what item i adds to item j's score).
   */
  public double[] denseB() {
    int n = head.size();
    double[] b = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < rank; k++) {
          s += vectors[i * rank + k] * shrink[k] * vectors[j * rank + k];
        }
        double p = ((i == j ? 1 : 0) - s) / lambda;
        b[i * n + j] = (i == j ? 1 : 0) - p / diagP[j];
      }
    }
    return b;
  }

  @Override
  public String toString() {
    return "CooccurrenceModel[N=" + head.size() + ", r=" + rank + ", lambda=" + lambda + "]";
  }
}
