package dev.tacit.core.linalg;

/**
 * Dense vector and matrix kernels on flat row-major arrays, written as simple counted loops that
 * the JIT compiler vectorizes.
 */
public final class Blas {
  private Blas() {}

  /** The dot product of {@code x[xo..xo+n)} and {@code y[yo..yo+n)}. */
  public static float dot(float[] x, int xo, float[] y, int yo, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      s0 += x[xo + j] * y[yo + j];
      s1 += x[xo + j + 1] * y[yo + j + 1];
      s2 += x[xo + j + 2] * y[yo + j + 2];
      s3 += x[xo + j + 3] * y[yo + j + 3];
    }
    for (; j < n; j++) {
      s0 += x[xo + j] * y[yo + j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** The dot product of {@code x[xo..xo+n)} and {@code y[yo..yo+n)}. */
  public static double dot(double[] x, int xo, double[] y, int yo, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      s0 += x[xo + j] * y[yo + j];
      s1 += x[xo + j + 1] * y[yo + j + 1];
      s2 += x[xo + j + 2] * y[yo + j + 2];
      s3 += x[xo + j + 3] * y[yo + j + 3];
    }
    for (; j < n; j++) {
      s0 += x[xo + j] * y[yo + j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * The dot product of {@code x[xo..xo+n)} (single precision) and {@code y[yo..yo+n)} (double), in
   * double precision with eight partial sums.
   */
  public static double dot(float[] x, int xo, double[] y, int yo, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int j = 0;
    for (; j + 7 < n; j += 8) {
      s0 += x[xo + j] * y[yo + j];
      s1 += x[xo + j + 1] * y[yo + j + 1];
      s2 += x[xo + j + 2] * y[yo + j + 2];
      s3 += x[xo + j + 3] * y[yo + j + 3];
      s4 += x[xo + j + 4] * y[yo + j + 4];
      s5 += x[xo + j + 5] * y[yo + j + 5];
      s6 += x[xo + j + 6] * y[yo + j + 6];
      s7 += x[xo + j + 7] * y[yo + j + 7];
    }
    for (; j < n; j++) {
      s0 += x[xo + j] * y[yo + j];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** {@code y[yo..yo+n) += a * x[xo..xo+n)}. */
  public static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
    for (int j = 0; j < n; j++) {
      y[yo + j] += a * x[xo + j];
    }
  }

  /** {@code y[yo..yo+n) += a * x[xo..xo+n)}. */
  public static void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
    for (int j = 0; j < n; j++) {
      y[yo + j] += a * x[xo + j];
    }
  }

  /** {@code y[yo..yo+n) += a * x[xo..xo+n)}, for a single-precision {@code x}. */
  public static void axpy(double a, float[] x, int xo, double[] y, int yo, int n) {
    for (int j = 0; j < n; j++) {
      y[yo + j] += a * x[xo + j];
    }
  }

  /**
   * {@code out = a x} in double precision, where {@code a} is a symmetric {@code n x n} row-major
   * matrix in single precision, as the sum of {@code a}'s rows weighted by {@code x}.
   */
  public static void symv(float[] a, double[] x, double[] out, int n) {
    java.util.Arrays.fill(out, 0, n, 0.0);
    for (int r = 0; r < n; r++) {
      axpy(x[r], a, r * n, out, 0, n);
    }
  }

  /**
   * {@code out = a x}, where {@code a} is an {@code rows x cols} row-major matrix, {@code x} has
   * {@code cols} entries and {@code out} has {@code rows}.
   */
  public static void gemv(float[] a, int rows, int cols, float[] x, float[] out) {
    for (int r = 0; r < rows; r++) {
      out[r] = dot(a, r * cols, x, 0, cols);
    }
  }

  /**
   * The Gram matrix {@code AᵀA} ({@code cols x cols}, full and symmetric, in double precision) of
   * the {@code rows x cols} row-major matrix {@code a}.
   */
  public static double[] gram(float[] a, int rows, int cols) {
    double[] g = new double[cols * cols];
    for (int r = 0; r < rows; r++) {
      int ro = r * cols;
      for (int p = 0; p < cols; p++) {
        double f = a[ro + p];
        if (f == 0) {
          continue;
        }
        int go = p * cols;
        for (int q = p; q < cols; q++) {
          g[go + q] += f * a[ro + q];
        }
      }
    }
    symmetrizeFromUpper(g, cols);
    return g;
  }

  /** Copies the upper triangle of the {@code n x n} matrix {@code a} onto its lower triangle. */
  public static void symmetrizeFromUpper(double[] a, int n) {
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        a[i * n + j] = a[j * n + i];
      }
    }
  }

  /** Copies the lower triangle of the {@code n x n} matrix {@code a} onto its upper triangle. */
  public static void symmetrizeFromLower(double[] a, int n) {
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        a[j * n + i] = a[i * n + j];
      }
    }
  }
}
