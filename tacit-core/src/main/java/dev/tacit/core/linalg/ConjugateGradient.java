package dev.tacit.core.linalg;

import dev.tacit.core.internal.Preconditions;

/**
 * The conjugate gradient method for symmetric positive-definite systems {@code A x = b} (Hestenes
 * &amp; Stiefel 1952), warm-started from the given {@code x}; with a few steps from a good start it
 * is the inexact solver of Takács, Pilászy &amp; Tikk (2011) for implicit ALS.
 */
public final class ConjugateGradient {
  private ConjugateGradient() {}

  /** A symmetric positive-definite linear operator. */
  @FunctionalInterface
  public interface Operator {
    /** Writes {@code A x} into {@code out}. */
    void apply(double[] x, double[] out);
  }

  /** The operator of the dense row-major {@code n x n} matrix {@code a}. */
  public static Operator dense(double[] a, int n) {
    Preconditions.require(
        a.length == n * n, "matrix must have n * n = %d entries, had %d", n * n, a.length);
    return (x, out) -> {
      for (int i = 0; i < n; i++) {
        out[i] = Blas.dot(a, i * n, x, 0, n);
      }
    };
  }

  /**
   * Runs at most {@code maxSteps} steps on {@code A x = b}, updating {@code x} in place, and stops
   * early once the residual norm is at most {@code tolerance} times the norm of {@code b}.
   *
   * @return the number of steps taken
   * @throws IllegalArgumentException if the lengths differ, {@code maxSteps < 0} or {@code
   *     tolerance < 0}
   */
  public static int solve(Operator a, double[] b, double[] x, int maxSteps, double tolerance) {
    int n = b.length;
    Preconditions.require(x.length == n, "x must have %d entries like b, had %d", n, x.length);
    Preconditions.nonNegative(maxSteps, "maxSteps");
    Preconditions.nonNegative(tolerance, "tolerance");
    double[] r = new double[n];
    double[] p = new double[n];
    double[] ap = new double[n];
    a.apply(x, ap);
    for (int i = 0; i < n; i++) {
      r[i] = b[i] - ap[i];
      p[i] = r[i];
    }
    double stop = tolerance * tolerance * Blas.dot(b, 0, b, 0, n);
    double rs = Blas.dot(r, 0, r, 0, n);
    int step = 0;
    while (step < maxSteps && rs > stop) {
      a.apply(p, ap);
      double pap = Blas.dot(p, 0, ap, 0, n);
      if (!(pap > 0)) {
        break; // converged to machine precision, or the operator is not positive definite
      }
      double alpha = rs / pap;
      Blas.axpy(alpha, p, 0, x, 0, n);
      Blas.axpy(-alpha, ap, 0, r, 0, n);
      double rsNew = Blas.dot(r, 0, r, 0, n);
      double beta = rsNew / rs;
      for (int i = 0; i < n; i++) {
        p[i] = r[i] + beta * p[i];
      }
      rs = rsNew;
      step++;
    }
    return step;
  }
}
