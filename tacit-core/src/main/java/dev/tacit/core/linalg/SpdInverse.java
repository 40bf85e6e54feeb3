package dev.tacit.core.linalg;

import dev.tacit.check.Preconditions;
import dev.tacit.core.internal.Parallel;
import java.util.Objects;

/**
 * The in-place inverse of a symmetric positive-definite matrix by the blocked sweep operator
 * (symmetric Gauss-Jordan elimination: Goodnight 1979, "A Tutorial on the SWEEP Operator", The
 * American Statistician 33(3); Golub &amp; Van Loan, Matrix Computations, 4th ed., §1.3 and §4.2).
 *
 * <p>Sweeping the matrix on a block {@code K} of {@code b} indices replaces {@code M_KK} by {@code
 * −M_KK⁻¹}, the panel {@code M_iK} by {@code M_iK M_KK⁻¹} and every other entry {@code M_ij} by
 * {@code M_ij − M_iK M_KK⁻¹ M_Kj}; sweeping every block in turn leaves {@code −A⁻¹}. Only the lower
 * triangle is kept up to date, so the whole inverse costs {@code n³} flops (half of an LU-based
 * inverse) in {@code n / b} rank-{@code b} updates that each touch the full triangle: they are
 * tiled for the cache, written as counted loops the JIT vectorizes, and split by rows over the
 * threads. The work never depends on the thread count, so neither do the bits of the result.
 * Besides the matrix it needs three {@code n x b} panels.
 */
public final class SpdInverse {
  /** Indices swept per step: the rank of each update. */
  static final int BLOCK = 64;

  /** Columns of an update kept in cache while a group of rows is updated. */
  private static final int TILE = 512;

  /** Rows per parallel task. */
  private static final int ROWS = 16;

  /** Receives progress: {@code done} of {@code total} equal steps are finished. */
  @FunctionalInterface
  public interface Listener {
    /** {@code done} of {@code total} steps are finished. */
    void stepsDone(int done, int total);

    /** A listener that ignores progress. */
    static Listener none() {
      return (done, total) -> {};
    }
  }

  private SpdInverse() {}

  /** The number of progress steps {@link #invert} reports for an {@code n x n} matrix. */
  public static int steps(int n) {
    return (n + BLOCK - 1) / BLOCK;
  }

  /**
   * Replaces the symmetric positive-definite {@code n x n} matrix held as {@code n} rows of length
   * {@code n} by its inverse (full and symmetric), using {@code threads} threads. Only the lower
   * triangle of the input is read.
   *
   * @throws IllegalArgumentException if the matrix is not (numerically) positive definite, a row
   *     does not have {@code n} entries, or {@code threads < 1}
   */
  public static void invert(double[][] a, int threads, Listener listener) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(listener, "listener");
    int n = a.length;
    for (int i = 0; i < n; i++) {
      Preconditions.checkArgument(
          a[i] != null && a[i].length == n,
          "row %d must have n = %d entries, had %s",
          i,
          n,
          a[i] == null ? "none" : a[i].length);
    }
    try (Parallel par = Parallel.create(threads)) {
      invert(a, par, listener);
    }
  }

  static void invert(double[][] a, Parallel par, Listener listener) {
    int n = a.length;
    int steps = steps(n);
    double[][] pt = new double[BLOCK][n]; // the panel M_iK, transposed: pt[t][i]
    double[] p = new double[n * BLOCK]; // the panel M_iK, row-major: p[i b + t]
    double[] q = new double[n * BLOCK]; // −M_iK M_KK⁻¹, row-major
    for (int s = 0; s < steps; s++) {
      int k0 = s * BLOCK;
      int k1 = Math.min(n, k0 + BLOCK);
      sweep(a, k0, k1, pt, p, q, par);
      listener.stepsDone(s + 1, steps);
    }
    par.forRange( // a holds −A⁻¹ in its lower triangle: negate it, then mirror it
        n,
        64,
        (w, from, to) -> {
          for (int i = from; i < to; i++) {
            double[] row = a[i];
            for (int j = 0; j <= i; j++) {
              row[j] = -row[j];
            }
          }
        });
    par.forRange(
        n,
        64,
        (w, from, to) -> {
          for (int j = from; j < to; j++) {
            double[] row = a[j];
            for (int i = j + 1; i < n; i++) {
              row[i] = a[i][j];
            }
          }
        });
  }

  private static void sweep(
      double[][] a, int k0, int k1, double[][] pt, double[] p, double[] q, Parallel par) {
    int n = a.length;
    int b = k1 - k0;
    par.forRange( // gather the panel M_iK (its rows i < k0 sit in rows K of the lower triangle)
        n,
        256,
        (w, from, to) -> {
          for (int i = from; i < to; i++) {
            int po = i * b;
            double[] row = a[i];
            for (int t = 0; t < b; t++) {
              int k = k0 + t;
              double v = i >= k ? row[k] : a[k][i];
              p[po + t] = v;
              pt[t][i] = v;
            }
          }
        });
    double[] d = new double[b * b];
    for (int t = 0; t < b; t++) {
      System.arraycopy(p, (k0 + t) * b, d, t * b, b);
    }
    try {
      Cholesky.invert(d, b, 1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "matrix must be positive definite, but its rows "
              + k0
              + ".."
              + (k1 - 1)
              + " were not once the rows before them were eliminated",
          e);
    }
    par.forRange( // Q = −P D for the rows outside K
        n,
        256,
        (w, from, to) -> {
          for (int i = from; i < to; i++) {
            int io = i * b;
            java.util.Arrays.fill(q, io, io + b, 0.0);
            if (i >= k0 && i < k1) {
              continue;
            }
            for (int t = 0; t < b; t++) {
              Blas.axpy(-p[io + t], d, t * b, q, io, b);
            }
          }
        });
    int tasks = (n + ROWS - 1) / ROWS;
    par.forRange( // M_ij += Q_i P_jᵀ on the lower triangle outside K, the longest rows first
        tasks,
        1,
        (w, from, to) -> {
          for (int task = from; task < to; task++) {
            int r0 = (tasks - 1 - task) * ROWS;
            update(a, k0, k1, pt, q, r0, Math.min(n, r0 + ROWS));
          }
        });
    for (int i = 0; i < n; i++) { // the new panel, and −D on the block itself
      int qo = i * b;
      if (i < k0) {
        for (int t = 0; t < b; t++) {
          a[k0 + t][i] = -q[qo + t];
        }
      } else if (i >= k1) {
        for (int t = 0; t < b; t++) {
          a[i][k0 + t] = -q[qo + t];
        }
      } else {
        double[] row = a[i];
        int dr = (i - k0) * b;
        for (int t = 0; t <= i - k0; t++) {
          row[k0 + t] = -d[dr + t];
        }
      }
    }
  }

  /**
   * Rows {@code [r0, r1)} (an even number apart unless {@code r1 = n}) of the rank-b update, by
   * column tiles that stay in cache, two rows at a time.
   */
  private static void update(
      double[][] a, int k0, int k1, double[][] pt, double[] q, int r0, int r1) {
    int b = k1 - k0;
    for (int c0 = 0; c0 < r1; c0 += TILE) {
      int c1 = Math.min(r1, c0 + TILE);
      int i = r0;
      for (; i + 1 < r1; i += 2) {
        if (i + 1 >= k0 && i < k1) { // K starts on an even row and is an even number wide
          continue;
        }
        int common = Math.min(c1, i + 1); // j <= i holds for both rows
        if (c0 < common) {
          segments(a, i, 2, c0, common, k0, k1, pt, q, b);
        }
        if (c0 <= i + 1 && i + 1 < c1) { // the diagonal entry of the second row
          segments(a, i + 1, 1, i + 1, i + 2, k0, k1, pt, q, b);
        }
      }
      for (; i < r1; i++) {
        if (i >= k0 && i < k1) {
          continue;
        }
        int end = Math.min(c1, i + 1);
        if (c0 < end) {
          segments(a, i, 1, c0, end, k0, k1, pt, q, b);
        }
      }
    }
  }

  /** Rows {@code [i, i + rows)} on columns {@code [j0, j1)} minus the block {@code [k0, k1)}. */
  private static void segments(
      double[][] a,
      int i,
      int rows,
      int j0,
      int j1,
      int k0,
      int k1,
      double[][] pt,
      double[] q,
      int b) {
    int leftEnd = Math.min(j1, k0);
    if (j0 < leftEnd) {
      kernel(a, i, rows, j0, leftEnd, pt, q, b);
    }
    int rightStart = Math.max(j0, k1);
    if (rightStart < j1) {
      kernel(a, i, rows, rightStart, j1, pt, q, b);
    }
  }

  private static void kernel(
      double[][] a, int i, int rows, int j0, int j1, double[][] pt, double[] q, int b) {
    if (rows == 2) {
      update2(a[i], a[i + 1], j0, j1, pt, q, i * b, b);
    } else {
      update1(a[i], j0, j1, pt, q, i * b, b);
    }
  }

  // c_r[j] += Σ_t q[qo + r b + t] pt[t][j], two rows and four terms per pass: one load of pt
  // serves two rows, and each row is loaded and stored once per four terms. The body is kept small
  // enough for C2 to unroll and vectorize it with its default limits (four rows do not fit).
  private static void update2(
      double[] c0, double[] c1, int j0, int j1, double[][] pt, double[] q, int qo, int b) {
    int t = 0;
    for (; t + 3 < b; t += 4) {
      double f00 = q[qo + t];
      double f01 = q[qo + t + 1];
      double f02 = q[qo + t + 2];
      double f03 = q[qo + t + 3];
      double f10 = q[qo + b + t];
      double f11 = q[qo + b + t + 1];
      double f12 = q[qo + b + t + 2];
      double f13 = q[qo + b + t + 3];
      double[] x0 = pt[t];
      double[] x1 = pt[t + 1];
      double[] x2 = pt[t + 2];
      double[] x3 = pt[t + 3];
      for (int j = j0; j < j1; j++) {
        double p0 = x0[j];
        double p1 = x1[j];
        double p2 = x2[j];
        double p3 = x3[j];
        c0[j] = Math.fma(f03, p3, Math.fma(f02, p2, Math.fma(f01, p1, Math.fma(f00, p0, c0[j]))));
        c1[j] = Math.fma(f13, p3, Math.fma(f12, p2, Math.fma(f11, p1, Math.fma(f10, p0, c1[j]))));
      }
    }
    for (; t < b; t++) {
      update1Term(c0, j0, j1, pt[t], q[qo + t]);
      update1Term(c1, j0, j1, pt[t], q[qo + b + t]);
    }
  }

  private static void update1(
      double[] c, int j0, int j1, double[][] pt, double[] q, int qo, int b) {
    for (int t = 0; t < b; t++) {
      update1Term(c, j0, j1, pt[t], q[qo + t]);
    }
  }

  private static void update1Term(double[] c, int j0, int j1, double[] x, double f) {
    for (int j = j0; j < j1; j++) {
      c[j] = Math.fma(f, x[j], c[j]);
    }
  }
}
