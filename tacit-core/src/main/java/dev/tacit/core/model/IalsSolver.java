package dev.tacit.core.model;

import dev.tacit.core.data.Csr;
import dev.tacit.core.internal.Parallel;
import dev.tacit.core.linalg.Blas;
import dev.tacit.core.linalg.Cholesky;
import java.util.Arrays;

/**
 * The half-step of {@link Ials}: every row of one side's factors solved against the other side's,
 * each from its own regularized least-squares system {@code (G + Σ_e cm_e f_e f_eᵀ) x = Σ_e (1 +
 * cm_e) f_e} with {@code G = FᵀF + λI}, exactly by Cholesky or by a few conjugate-gradient steps
 * warm-started from the row's previous factor.
 */
final class IalsSolver {
  private IalsSolver() {}

  /** Per-thread buffers, allocated once per fit. */
  static final class Workspace {
    final double[] a;
    final double[] b;
    final double[] r;
    final double[] p;
    final double[] ap;

    Workspace(int k) {
      a = new double[k * k];
      b = new double[k];
      r = new double[k];
      p = new double[k];
      ap = new double[k];
    }
  }

  /**
   * Solves every row of {@code target} (rows of {@code csr}, {@code k} factors each) against the
   * fixed {@code other}; a row without interactions becomes zero.
   */
  static void halfStep(
      Parallel par,
      Workspace[] ws,
      Csr csr,
      float[] cm,
      float[] target,
      float[] other,
      Ials.Config config) {
    int k = config.factors();
    int rows = csr.rows();
    double lambda = config.lambda();
    double[] g = Blas.gram(other, csr.cols(), k);
    for (int a = 0; a < k; a++) {
      g[a * k + a] += lambda;
    }
    boolean cg = config.solver() == Ials.Solver.CONJUGATE_GRADIENT;
    float[] gf = new float[k * k];
    for (int i = 0; i < gf.length; i++) {
      gf[i] = (float) g[i];
    }
    int steps = config.cgSteps();
    par.forRange(
        rows,
        16,
        (w, from, to) -> {
          Workspace s = ws[w];
          for (int row = from; row < to; row++) {
            if (csr.rowSize(row) == 0) {
              Arrays.fill(target, row * k, (row + 1) * k, 0f);
            } else if (cg) {
              conjugateGradientRow(csr, cm, row, gf, other, target, k, steps, s);
            } else {
              choleskyRow(csr, cm, row, g, other, target, k, s);
            }
          }
        });
  }

  /**
   * Adds one observed pair to a row's system: {@code a} (lower triangle) {@code += c1 f fᵀ} and
   * {@code b += (1 + c1) f}, for {@code f = f[fo..fo+k)} and confidence {@code 1 + c1}.
   */
  static void addObserved(float[] f, int fo, double c1, int k, double[] a, double[] b) {
    double c = 1.0 + c1;
    for (int p = 0; p < k; p++) {
      double fp = f[fo + p];
      b[p] += c * fp;
      double wp = c1 * fp;
      int ao = p * k;
      for (int q = 0; q <= p; q++) {
        a[ao + q] += wp * f[fo + q];
      }
    }
  }

  /**
   * Solves {@code (G + Σ_e cm_e f_e f_eᵀ) x = Σ_e (1 + cm_e) f_e} exactly, where {@code g = G}
   * already includes {@code λI}.
   */
  private static void choleskyRow(
      Csr csr, float[] cm, int row, double[] g, float[] f, float[] target, int k, Workspace s) {
    double[] a = s.a;
    double[] b = s.b;
    System.arraycopy(g, 0, a, 0, k * k);
    Arrays.fill(b, 0);
    int[] idx = csr.indices();
    for (int e = csr.start(row); e < csr.end(row); e++) {
      addObserved(f, idx[e] * k, cm[e], k, a, b);
    }
    Cholesky.factor(a, k);
    Cholesky.solve(a, k, b);
    int to = row * k;
    for (int j = 0; j < k; j++) {
      target[to + j] = (float) b[j];
    }
  }

  private static void conjugateGradientRow(
      Csr csr,
      float[] cm,
      int row,
      float[] g,
      float[] f,
      float[] target,
      int k,
      int steps,
      Workspace s) {
    // Vectors are double while f and g are float: the JIT vectorizes float-to-double kernels
    // (no possible aliasing) but not float-to-float ones.
    double[] x = s.b;
    double[] r = s.r;
    double[] p = s.p;
    double[] ap = s.ap;
    int[] idx = csr.indices();
    int start = csr.start(row);
    int end = csr.end(row);
    int xo = row * k;
    for (int j = 0; j < k; j++) {
      x[j] = target[xo + j];
    }
    // r = b − A x = −G x + Σ_e ((1 + cm_e) − cm_e f_eᵀx) f_e
    Blas.symv(g, x, r, k);
    for (int j = 0; j < k; j++) {
      r[j] = -r[j];
    }
    for (int e = start; e < end; e++) {
      int fo = idx[e] * k;
      double c1 = cm[e];
      Blas.axpy(1.0 + c1 - c1 * Blas.dot(f, fo, x, 0, k), f, fo, r, 0, k);
    }
    System.arraycopy(r, 0, p, 0, k);
    double rs = sumSquares(r, k);
    for (int step = 0; step < steps && rs > 1e-20; step++) {
      Blas.symv(g, p, ap, k);
      for (int e = start; e < end; e++) {
        int fo = idx[e] * k;
        Blas.axpy(cm[e] * Blas.dot(f, fo, p, 0, k), f, fo, ap, 0, k);
      }
      double pap = 0;
      for (int j = 0; j < k; j++) {
        pap += p[j] * ap[j];
      }
      if (!(pap > 0)) {
        break;
      }
      double a = rs / pap;
      for (int j = 0; j < k; j++) {
        x[j] += a * p[j];
        r[j] -= a * ap[j];
      }
      double rsNew = sumSquares(r, k);
      double beta = rsNew / rs;
      for (int j = 0; j < k; j++) {
        p[j] = r[j] + beta * p[j];
      }
      rs = rsNew;
    }
    for (int j = 0; j < k; j++) {
      target[xo + j] = (float) x[j];
    }
  }

  private static double sumSquares(double[] v, int k) {
    double s = 0;
    for (int j = 0; j < k; j++) {
      s += v[j] * v[j];
    }
    return s;
  }
}
