package dev.tacit.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

  @Test
  void twoByTwo_hasTheClosedFormEigenpairs() {
    // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with eigenvectors (1, 1)/√2 and (1, −1)/√2.
    SymmetricEigen e = SymmetricEigen.of(new double[] {2, 1, 1, 2}, 2);
    assertThat(e.values()).containsExactly(new double[] {3, 1}, within(1e-12));
    double[] v = e.vector(0);
    assertThat(Math.abs(v[0])).isCloseTo(Math.sqrt(0.5), within(1e-12));
    assertThat(v[0] * v[1]).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void randomSymmetricMatrix_isReconstructedFromItsEigenpairs() {
    for (int n : new int[] {1, 2, 3, 17, 60}) {
      double[] a = randomSymmetric(n, n);
      SymmetricEigen e = SymmetricEigen.of(a, n);
      double[] v = e.topVectors(n);
      double[] lambda = e.values();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          double dot = 0;
          for (int k = 0; k < n; k++) {
            s += v[i * n + k] * lambda[k] * v[j * n + k];
            dot += e.vector(i)[k] * e.vector(j)[k];
          }
          assertThat(s).as("A[%s][%s], n=%s", i, j, n).isCloseTo(a[i * n + j], within(1e-9));
          assertThat(dot).as("orthonormality %s,%s", i, j).isCloseTo(i == j ? 1 : 0, within(1e-9));
        }
      }
      for (int k = 1; k < n; k++) {
        assertThat(lambda[k]).isLessThanOrEqualTo(lambda[k - 1]);
      }
    }
  }

  @Test
  void lowRankMatrix_hasItsRankNonZeroEigenvalues_andTheirTraceSum() {
    int n = 30;
    SplittableRandom r = new SplittableRandom(3);
    double[] u = new double[n * 2];
    for (int i = 0; i < u.length; i++) {
      u[i] = r.nextDouble(-1, 1);
    }
    double[] a = new double[n * n];
    double trace = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i * n + j] = u[i * 2] * u[j * 2] + u[i * 2 + 1] * u[j * 2 + 1];
      }
      trace += a[i * n + i];
    }
    double[] lambda = SymmetricEigen.of(a, n).values();
    assertThat(lambda[0] + lambda[1]).isCloseTo(trace, within(1e-9));
    assertThat(lambda[1]).isGreaterThan(1e-6);
    for (int k = 2; k < n; k++) {
      assertThat(lambda[k]).isCloseTo(0, within(1e-9));
    }
  }

  @Test
  void badInput_isRefusedWithTheRule() {
    assertThatThrownBy(() -> SymmetricEigen.of(new double[3], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 x 2");
    assertThatThrownBy(() -> SymmetricEigen.of(new double[] {Double.NaN}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
  }

  private static double[] randomSymmetric(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double x = r.nextDouble(-1, 1);
        a[i * n + j] = x;
        a[j * n + i] = x;
      }
    }
    return a;
  }
}
