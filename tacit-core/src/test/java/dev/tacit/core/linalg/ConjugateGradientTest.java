package dev.tacit.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConjugateGradientTest {
  @Test
  void solve_agreesWithCholesky() {
    int n = 40;
    double[] a = CholeskyTest.randomSpd(n, 5);
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = i % 3 - 1;
    }
    double[] exact = b.clone();
    Cholesky.factorAndSolve(a.clone(), n, exact);
    double[] x = new double[n];
    int steps = ConjugateGradient.solve(ConjugateGradient.dense(a, n), b, x, 200, 1e-12);
    assertThat(steps).isPositive().isLessThanOrEqualTo(200);
    assertThat(x).containsExactly(exact, within(1e-9));
  }

  @Test
  void solve_fromTheSolution_takesNoStep() {
    int n = 10;
    double[] a = CholeskyTest.randomSpd(n, 9);
    double[] x = new double[n];
    x[3] = 1;
    double[] b = CholeskyTest.multiply(a, n, x);
    double[] start = x.clone();
    int steps = ConjugateGradient.solve(ConjugateGradient.dense(a, n), b, x, 5, 1e-10);
    assertThat(steps).isZero();
    assertThat(x).isEqualTo(start);
  }

  @Test
  void solve_withFewSteps_reducesTheResidual() {
    int n = 60;
    double[] a = CholeskyTest.randomSpd(n, 1);
    double[] b = new double[n];
    java.util.Arrays.fill(b, 1);
    double[] x = new double[n];
    ConjugateGradient.solve(ConjugateGradient.dense(a, n), b, x, 2, 0);
    double[] ax = CholeskyTest.multiply(a, n, x);
    double residual = 0;
    for (int i = 0; i < n; i++) {
      residual += (b[i] - ax[i]) * (b[i] - ax[i]);
    }
    assertThat(residual).isLessThan(n); // ‖b‖² at x = 0
  }

  @Test
  void solve_withMismatchedLengths_fails() {
    assertThatThrownBy(
            () ->
                ConjugateGradient.solve(
                    ConjugateGradient.dense(new double[4], 2), new double[2], new double[3], 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x must have 2 entries");
  }
}
