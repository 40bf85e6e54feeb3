package dev.tacit.client.explain;

import dev.tacit.core.linalg.Cholesky;

/**
 * The exact split of an implicit-ALS score into the user's past items (Hu, Koren &amp; Volinsky
 * 2008, section 5): with {@code W = (YᵀY + Yᵀ(C_u − I)Y + λI)⁻¹}, the score {@code y_iᵀ x_u = Σ_j
 * c_uj · y_iᵀ W y_j}, so past item {@code j} contributes {@code c_uj · y_iᵀ W y_j}: its similarity
 * to the item in the user's own metric.
 */
public final class Attribution {
  private Attribution() {}

  /**
   * The contribution of each past item to the score of {@code item}.
   *
   * @param factors the item factors, row-major, {@code k} columns
   * @param gram {@code YᵀY}
   * @param history the user's items (rows)
   * @return one contribution per history item; they sum to the fold-in score
   */
  public static double[] contributions(
      float[] factors, int k, double[] gram, int[] history, int item, double alpha, double lambda) {
    double[] a = gram.clone();
    for (int j : history) {
      int o = j * k;
      for (int r = 0; r < k; r++) {
        double yr = alpha * factors[o + r];
        for (int c = 0; c < k; c++) {
          a[r * k + c] += yr * factors[o + c];
        }
      }
    }
    for (int r = 0; r < k; r++) {
      a[r * k + r] += lambda;
    }
    double[] z = new double[k];
    for (int r = 0; r < k; r++) {
      z[r] = factors[item * k + r];
    }
    Cholesky.factorAndSolve(a, k, z);
    double c = 1 + alpha;
    double[] out = new double[history.length];
    for (int h = 0; h < history.length; h++) {
      int o = history[h] * k;
      double s = 0;
      for (int r = 0; r < k; r++) {
        s += z[r] * factors[o + r];
      }
      out[h] = c * s;
    }
    return out;
  }
}
