package dev.tacit.core.linalg;

import dev.tacit.check.Preconditions;

/**
 * The eigendecomposition {@code A = V Λ Vᵀ} of a real symmetric matrix stored as a flat row-major
 * {@code n x n} double array: Householder reduction to tridiagonal form and the implicit QL method
 * (the EISPACK routines {@code tred2} and {@code tql2}, Bowdler, Martin, Reinsch &amp; Wilkinson
 * 1968, as in JAMA's {@code EigenvalueDecomposition}, which is in the public domain). O(n³); the
 * eigenvectors are orthonormal to rounding error.
 */
public final class SymmetricEigen {
  private static final int MAX_ITERATIONS = 100;

  private final int n;
  private final double[] values;
  private final double[] vectors; // row k is the k-th eigenvector

  private SymmetricEigen(int n, double[] values, double[] vectors) {
    this.n = n;
    this.values = values;
    this.vectors = vectors;
  }

  /**
   * Decomposes {@code a} (read only; only its symmetry is assumed, the lower triangle is used).
   *
   * @throws IllegalArgumentException if the array does not hold {@code n x n} finite entries
   * @throws ArithmeticException if the QL iteration does not converge (not seen for finite input)
   */
  public static SymmetricEigen of(double[] a, int n) {
    Preconditions.checkArgument(n >= 1, "n must be >= 1, was %s", n);
    Preconditions.checkArgument(
        a != null && a.length == n * n, "a must hold %s x %s entries", n, n);
    for (int i = 0; i < a.length; i++) {
      Preconditions.checkArgument(Double.isFinite(a[i]), "a[%s] must be finite, was %s", i, a[i]);
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        v[i][j] = a[i * n + j];
        v[j][i] = a[i * n + j];
      }
    }
    double[] d = new double[n];
    double[] e = new double[n];
    tred2(v, d, e, n);
    double[][] w = new double[n][n]; // w = vᵀ: QL rotations then act on contiguous rows
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        w[j][i] = v[i][j];
      }
    }
    tql2(w, d, e, n);
    // Descending order of the eigenvalues.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(d[y], d[x]));
    double[] values = new double[n];
    double[] vectors = new double[n * n];
    for (int k = 0; k < n; k++) {
      values[k] = d[order[k]];
      System.arraycopy(w[order[k]], 0, vectors, k * n, n);
    }
    return new SymmetricEigen(n, values, vectors);
  }

  /** The order of the matrix. */
  public int size() {
    return n;
  }

  /** The eigenvalues, largest first. */
  public double[] values() {
    return values.clone();
  }

  /** The k-th eigenvalue (0 is the largest). */
  public double value(int k) {
    return values[k];
  }

  /** The eigenvector of the k-th eigenvalue, unit length. */
  public double[] vector(int k) {
    Preconditions.checkArgument(k >= 0 && k < n, "k must be in [0, %s), was %s", n, k);
    double[] out = new double[n];
    System.arraycopy(vectors, k * n, out, 0, n);
    return out;
  }

  /**
   * The eigenvectors of the {@code r} largest eigenvalues as the columns of an {@code n x r}
   * row-major matrix.
   *
   * @throws IllegalArgumentException if r is not in [0, n]
   */
  public double[] topVectors(int r) {
    Preconditions.checkArgument(r >= 0 && r <= n, "r must be in [0, %s], was %s", n, r);
    double[] out = new double[n * r];
    for (int k = 0; k < r; k++) {
      for (int i = 0; i < n; i++) {
        out[i * r + k] = vectors[k * n + i];
      }
    }
    return out;
  }

  /** Householder reduction to tridiagonal form (EISPACK tred2). */
  private static void tred2(double[][] v, double[] d, double[] e, int n) {
    for (int j = 0; j < n; j++) {
      d[j] = v[n - 1][j];
    }
    for (int i = n - 1; i > 0; i--) {
      double scale = 0;
      double h = 0;
      for (int k = 0; k < i; k++) {
        scale += Math.abs(d[k]);
      }
      if (scale == 0) {
        e[i] = d[i - 1];
        for (int j = 0; j < i; j++) {
          d[j] = v[i - 1][j];
          v[i][j] = 0;
          v[j][i] = 0;
        }
      } else {
        for (int k = 0; k < i; k++) {
          d[k] /= scale;
          h += d[k] * d[k];
        }
        double f = d[i - 1];
        double g = Math.sqrt(h);
        if (f > 0) {
          g = -g;
        }
        e[i] = scale * g;
        h -= f * g;
        d[i - 1] = f - g;
        for (int j = 0; j < i; j++) {
          e[j] = 0;
        }
        for (int j = 0; j < i; j++) {
          f = d[j];
          v[j][i] = f;
          g = e[j] + v[j][j] * f;
          for (int k = j + 1; k <= i - 1; k++) {
            g += v[k][j] * d[k];
            e[k] += v[k][j] * f;
          }
          e[j] = g;
        }
        f = 0;
        for (int j = 0; j < i; j++) {
          e[j] /= h;
          f += e[j] * d[j];
        }
        double hh = f / (h + h);
        for (int j = 0; j < i; j++) {
          e[j] -= hh * d[j];
        }
        for (int j = 0; j < i; j++) {
          f = d[j];
          g = e[j];
          for (int k = j; k <= i - 1; k++) {
            v[k][j] -= f * e[k] + g * d[k];
          }
          d[j] = v[i - 1][j];
          v[i][j] = 0;
        }
      }
      d[i] = h;
    }
    for (int i = 0; i < n - 1; i++) {
      v[n - 1][i] = v[i][i];
      v[i][i] = 1;
      double h = d[i + 1];
      if (h != 0) {
        for (int k = 0; k <= i; k++) {
          d[k] = v[k][i + 1] / h;
        }
        for (int j = 0; j <= i; j++) {
          double g = 0;
          for (int k = 0; k <= i; k++) {
            g += v[k][i + 1] * v[k][j];
          }
          for (int k = 0; k <= i; k++) {
            v[k][j] -= g * d[k];
          }
        }
      }
      for (int k = 0; k <= i; k++) {
        v[k][i + 1] = 0;
      }
    }
    for (int j = 0; j < n; j++) {
      d[j] = v[n - 1][j];
      v[n - 1][j] = 0;
    }
    v[n - 1][n - 1] = 1;
    e[0] = 0;
  }

  /** The implicit QL method on the tridiagonal matrix (EISPACK tql2); w holds Vᵀ. */
  private static void tql2(double[][] w, double[] d, double[] e, int n) {
    for (int i = 1; i < n; i++) {
      e[i - 1] = e[i];
    }
    e[n - 1] = 0;
    double f = 0;
    double tst1 = 0;
    double eps = Math.ulp(1.0);
    for (int l = 0; l < n; l++) {
      tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
      int m = l;
      while (m < n) {
        if (Math.abs(e[m]) <= eps * tst1) {
          break;
        }
        m++;
      }
      if (m > l) {
        int iter = 0;
        do {
          if (++iter > MAX_ITERATIONS) {
            throw new ArithmeticException("the QL iteration did not converge at " + l);
          }
          double g = d[l];
          double p = (d[l + 1] - g) / (2 * e[l]);
          double r = Math.hypot(p, 1);
          if (p < 0) {
            r = -r;
          }
          d[l] = e[l] / (p + r);
          d[l + 1] = e[l] * (p + r);
          double dl1 = d[l + 1];
          double h = g - d[l];
          for (int i = l + 2; i < n; i++) {
            d[i] -= h;
          }
          f += h;
          p = d[m];
          double c = 1;
          double c2 = c;
          double c3 = c;
          double el1 = e[l + 1];
          double s = 0;
          double s2 = 0;
          for (int i = m - 1; i >= l; i--) {
            c3 = c2;
            c2 = c;
            s2 = s;
            g = c * e[i];
            h = c * p;
            r = Math.hypot(p, e[i]);
            e[i + 1] = s * r;
            s = e[i] / r;
            c = p / r;
            p = c * d[i] - s * g;
            d[i + 1] = h + s * (c * g + s * d[i]);
            double[] wi = w[i];
            double[] wi1 = w[i + 1];
            for (int k = 0; k < n; k++) {
              double x = wi1[k];
              wi1[k] = s * wi[k] + c * x;
              wi[k] = c * wi[k] - s * x;
            }
          }
          p = -s * s2 * c3 * el1 * e[l] / dl1;
          e[l] = s * p;
          d[l] = c * p;
        } while (Math.abs(e[l]) > eps * tst1);
      }
      d[l] += f;
      e[l] = 0;
    }
  }
}
