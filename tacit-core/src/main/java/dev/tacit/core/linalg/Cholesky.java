package dev.tacit.core.linalg;

import dev.tacit.check.Preconditions;
import dev.tacit.core.internal.Parallel;

/**
 * Cholesky factorization {@code A = L Lᵀ} of symmetric positive-definite matrices stored as flat
 * row-major {@code n x n} double arrays, with solves and a blocked, multi-threaded inverse (Golub
 * &amp; Van Loan, Matrix Computations, 4th ed., §4.2; the inverse as LAPACK's {@code potri}: {@code
 * A⁻¹ = L⁻ᵀ L⁻¹}).
 */
public final class Cholesky {
  private static final int PANEL = 64;
  private static final int COLUMN_BLOCK = 128;
  private static final int ROW_BLOCK = 16;
  private static final int COLUMN_TILE = 256;

  private Cholesky() {}

  /**
   * Factors {@code a} in place: its lower triangle (with the diagonal) becomes {@code L}; the
   * strict upper triangle is not read and is left as it was.
   *
   * @throws IllegalArgumentException if the matrix is not (numerically) positive definite, or the
   *     array does not hold {@code n x n} entries
   */
  public static void factor(double[] a, int n) {
    checkSquare(a, n);
    for (int i = 0; i < n; i++) {
      int io = i * n;
      for (int j = 0; j <= i; j++) {
        int jo = j * n;
        double s = a[io + j] - Blas.dot(a, io, a, jo, j);
        if (j == i) {
          a[io + i] = pivot(s, i);
        } else {
          a[io + j] = s / a[jo + j];
        }
      }
    }
  }

  /**
   * Solves {@code L Lᵀ x = b} in place ({@code b} becomes {@code x}), where {@code l} holds the
   * factor computed by {@link #factor}.
   */
  public static void solve(double[] l, int n, double[] b) {
    checkSquare(l, n);
    Preconditions.checkArgument(b.length >= n, "b must have >= %d entries, had %d", n, b.length);
    for (int i = 0; i < n; i++) {
      int io = i * n;
      b[i] = (b[i] - Blas.dot(l, io, b, 0, i)) / l[io + i];
    }
    for (int i = n - 1; i >= 0; i--) {
      int io = i * n;
      double xi = b[i] / l[io + i];
      b[i] = xi;
      for (int j = 0; j < i; j++) {
        b[j] -= l[io + j] * xi;
      }
    }
  }

  /**
   * Solves the symmetric positive-definite system {@code a x = b}, overwriting {@code a} with its
   * factor and {@code b} with the solution.
   *
   * @throws IllegalArgumentException if {@code a} is not positive definite
   */
  public static void factorAndSolve(double[] a, int n, double[] b) {
    factor(a, n);
    solve(a, n, b);
  }

  /**
   * Replaces the symmetric positive-definite matrix {@code a} by its inverse (full and symmetric),
   * using {@code threads} threads: a blocked right-looking factorization, then {@code W = L⁻¹} by
   * column blocks, then {@code WᵀW}. Only the lower triangle of the input is read.
   *
   * @throws IllegalArgumentException if {@code a} is not positive definite or {@code threads < 1}
   */
  public static void invert(double[] a, int n, int threads) {
    checkSquare(a, n);
    try (Parallel par = Parallel.create(threads)) {
      factorBlocked(a, n, par);
      double[] w = new double[n * n];
      lowerInverse(a, n, w, par);
      java.util.Arrays.fill(a, 0.0);
      lowerGram(w, n, a, par);
    }
    Blas.symmetrizeFromLower(a, n);
  }

  private static double pivot(double s, int i) {
    if (!(s > 0) || !Double.isFinite(s)) {
      throw new IllegalArgumentException(
          "matrix must be positive definite, but pivot " + i + " was " + s);
    }
    return Math.sqrt(s);
  }

  private static void checkSquare(double[] a, int n) {
    Preconditions.checkNonNegative(n, "n");
    Preconditions.checkArgument(
        a.length >= n * n, "matrix must have >= n * n = %d entries, had %d", n * n, a.length);
  }

  static void factorBlocked(double[] a, int n, Parallel par) {
    double[] pt = new double[PANEL * n];
    for (int jb = 0; jb < n; jb += PANEL) {
      int j0 = jb;
      int j1 = Math.min(n, j0 + PANEL);
      int b = j1 - j0;
      for (int i = j0; i < j1; i++) { // diagonal block, unblocked
        int io = i * n;
        for (int j = j0; j <= i; j++) {
          int jo = j * n;
          double s = a[io + j] - Blas.dot(a, io + j0, a, jo + j0, j - j0);
          if (j == i) {
            a[io + i] = pivot(s, i);
          } else {
            a[io + j] = s / a[jo + j];
          }
        }
      }
      if (j1 == n) {
        break;
      }
      int first = j1;
      par.forRange( // the panel below the diagonal block: a triangular solve per row
          n - first,
          32,
          (w, from, to) -> {
            for (int i = first + from; i < first + to; i++) {
              int io = i * n;
              for (int j = j0; j < j1; j++) {
                int jo = j * n;
                a[io + j] = (a[io + j] - Blas.dot(a, io + j0, a, jo + j0, j - j0)) / a[jo + j];
              }
            }
          });
      for (int c = first; c < n; c++) { // the panel, transposed
        int co = c * n + j0;
        for (int t = 0; t < b; t++) {
          pt[t * n + c] = a[co + t];
        }
      }
      par.forRange( // trailing update A22 -= L21 L21ᵀ, lower triangle
          n - first,
          16,
          (w, from, to) -> {
            for (int i = first + from; i < first + to; i++) {
              int io = i * n;
              int len = i - first + 1;
              int t = 0;
              for (; t + 3 < b; t += 4) {
                // c - (f0 x0 + ...) equals c + (-f0 x0 - ...) exactly: negation does not round.
                add4(
                    a,
                    io + first,
                    -a[io + j0 + t],
                    -a[io + j0 + t + 1],
                    -a[io + j0 + t + 2],
                    -a[io + j0 + t + 3],
                    pt,
                    t * n + first,
                    n,
                    len);
              }
              for (; t < b; t++) {
                Blas.axpy(-a[io + j0 + t], pt, t * n + first, a, io + first, len);
              }
            }
          });
    }
  }

  // c[co + j] += f0 x[xo + j] + f1 x[xo + s + j] + f2 x[xo + 2s + j] + f3 x[xo + 3s + j]
  private static void add4(
      double[] c,
      int co,
      double f0,
      double f1,
      double f2,
      double f3,
      double[] x,
      int xo,
      int s,
      int len) {
    int x1 = xo + s;
    int x2 = x1 + s;
    int x3 = x2 + s;
    for (int j = 0; j < len; j++) {
      c[co + j] += f0 * x[xo + j] + f1 * x[x1 + j] + f2 * x[x2 + j] + f3 * x[x3 + j];
    }
  }

  /** {@code w = L⁻¹} (lower, zeros above the diagonal) from the factor in the lower part of l. */
  static void lowerInverse(double[] l, int n, double[] w, Parallel par) {
    int blocks = (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
    double[][] acc = new double[par.threads()][COLUMN_BLOCK];
    par.forRange(
        blocks,
        1,
        (worker, from, to) -> {
          double[] s = acc[worker];
          for (int cb = from; cb < to; cb++) {
            int c0 = cb * COLUMN_BLOCK;
            int c1 = Math.min(n, c0 + COLUMN_BLOCK);
            for (int i = c0; i < n; i++) {
              int io = i * n;
              int width = Math.min(c1, i + 1) - c0;
              java.util.Arrays.fill(s, 0, width, 0.0);
              int t = c0;
              for (; t + 3 < i; t += 4) {
                int len = Math.min(c1, t + 4) - c0;
                add4(
                    s,
                    0,
                    l[io + t],
                    l[io + t + 1],
                    l[io + t + 2],
                    l[io + t + 3],
                    w,
                    t * n + c0,
                    n,
                    len);
              }
              for (; t < i; t++) {
                Blas.axpy(l[io + t], w, t * n + c0, s, 0, Math.min(c1, t + 1) - c0);
              }
              double inv = 1.0 / l[io + i];
              for (int c = 0; c < width; c++) {
                w[io + c0 + c] = ((c0 + c == i ? 1.0 : 0.0) - s[c]) * inv;
              }
            }
          }
        });
  }

  /** The lower triangle of {@code WᵀW} into {@code out} (zeroed), for lower-triangular w. */
  static void lowerGram(double[] w, int n, double[] out, Parallel par) {
    int blocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
    par.forRange(
        blocks,
        1,
        (worker, from, to) -> {
          for (int rb = from; rb < to; rb++) {
            int i0 = rb * ROW_BLOCK;
            int i1 = Math.min(n, i0 + ROW_BLOCK);
            for (int c0 = 0; c0 < i1; c0 += COLUMN_TILE) {
              int c1 = Math.min(i1, c0 + COLUMN_TILE);
              int t = i0; // W[t][i] = 0 for t < i
              for (; t + 3 < n; t += 4) {
                int to0 = t * n;
                for (int i = i0; i < i1; i++) {
                  int len = Math.min(c1, i + 1) - c0;
                  if (len <= 0) {
                    continue;
                  }
                  add4(
                      out,
                      i * n + c0,
                      w[to0 + i],
                      w[to0 + n + i],
                      w[to0 + 2 * n + i],
                      w[to0 + 3 * n + i],
                      w,
                      to0 + c0,
                      n,
                      len);
                }
              }
              for (; t < n; t++) {
                int to0 = t * n;
                for (int i = i0; i < i1; i++) {
                  int len = Math.min(c1, i + 1) - c0;
                  if (len > 0) {
                    Blas.axpy(w[to0 + i], w, to0 + c0, out, i * n + c0, len);
                  }
                }
              }
            }
          }
        });
  }
}
