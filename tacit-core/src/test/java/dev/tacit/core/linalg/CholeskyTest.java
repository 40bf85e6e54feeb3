package dev.tacit.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CholeskyTest {
  // The worked example of the Cholesky decomposition on Wikipedia ("Cholesky decomposition",
  // Example): A = L Lᵀ with L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]].
  private static final double[] A = {4, 12, -16, 12, 37, -43, -16, -43, 98};

  @Test
  void factor_ofKnownMatrix_givesKnownLowerFactor() {
    double[] a = A.clone();
    Cholesky.factor(a, 3);
    double[] expectedLower = {2, 0, 0, 6, 1, 0, -8, 5, 3};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j <= i; j++) {
        assertThat(a[i * 3 + j]).isCloseTo(expectedLower[i * 3 + j], within(1e-12));
      }
    }
  }

  @Test
  void solve_ofKnownSystem_givesKnownSolution() {
    // A x = b for x = (1, -2, 3): b = A x.
    double[] x = {1, -2, 3};
    double[] b = multiply(A, 3, x);
    double[] a = A.clone();
    Cholesky.factorAndSolve(a, 3, b);
    assertThat(b).containsExactly(new double[] {1, -2, 3}, within(1e-9));
  }

  @Test
  void factor_ofIndefiniteMatrix_failsNamingThePivot() {
    double[] a = {1, 2, 2, 1}; // eigenvalues 3 and -1
    assertThatThrownBy(() -> Cholesky.factor(a, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive definite")
        .hasMessageContaining("pivot 1");
  }

  @Test
  void factor_withTooShortArray_fails() {
    assertThatThrownBy(() -> Cholesky.factor(new double[3], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n * n = 4");
  }

  @Test
  void invert_ofKnownMatrix_givesKnownInverse() {
    // [[2, 1], [1, 2]]⁻¹ = [[2, -1], [-1, 2]] / 3
    double[] a = {2, 1, 1, 2};
    Cholesky.invert(a, 2, 1);
    assertThat(a)
        .containsExactly(new double[] {2 / 3.0, -1 / 3.0, -1 / 3.0, 2 / 3.0}, within(1e-14));
  }

  @Test
  void invert_ofLargeRandomSpdMatrix_timesMatrixIsIdentity() {
    int n = 300; // several panels and column blocks
    double[] a = randomSpd(n, 7);
    double[] inv = a.clone();
    Cholesky.invert(inv, n, 2);
    double maxError = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = Blas.dot(a, i * n, column(inv, n, j), 0, n);
        maxError = Math.max(maxError, Math.abs(s - (i == j ? 1 : 0)));
      }
    }
    assertThat(maxError).isLessThan(1e-10);
    for (int i = 0; i < n; i++) { // symmetric output
      for (int j = 0; j < i; j++) {
        assertThat(inv[i * n + j]).isEqualTo(inv[j * n + i]);
      }
    }
  }

  @Test
  void invert_givesTheSameBitsForAnyThreadCount() {
    int n = 200;
    double[] a = randomSpd(n, 11);
    double[] one = a.clone();
    double[] three = a.clone();
    Cholesky.invert(one, n, 1);
    Cholesky.invert(three, n, 3);
    assertThat(three).isEqualTo(one);
  }

  @Test
  void invert_ofIndefiniteMatrix_fails() {
    int n = 100;
    double[] a = randomSpd(n, 3);
    a[70 * n + 70] = -1e6;
    assertThatThrownBy(() -> Cholesky.invert(a, n, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive definite");
  }

  static double[] randomSpd(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] b = new double[n * n];
    for (int i = 0; i < b.length; i++) {
      b[i] = rnd.nextDouble(-1, 1);
    }
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i * n + j] = Blas.dot(b, i * n, b, j * n, n) + (i == j ? n : 0);
      }
    }
    return a;
  }

  static double[] multiply(double[] a, int n, double[] x) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = Blas.dot(a, i * n, x, 0, n);
    }
    return out;
  }

  private static double[] column(double[] a, int n, int j) {
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      c[i] = a[i * n + j];
    }
    return c;
  }
}
