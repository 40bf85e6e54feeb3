package dev.tacit.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class CholeskyPropertiesTest {
  @Property(tries = 200)
  boolean solve_ofRandomSpdSystem_satisfiesTheSystem(
      @ForAll @IntRange(min = 1, max = 24) int n, @ForAll long seed) {
    double[] a = CholeskyTest.randomSpd(n, seed);
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = Math.sin(seed + i);
    }
    double[] x = b.clone();
    double[] l = a.clone();
    Cholesky.factorAndSolve(l, n, x);
    double[] ax = CholeskyTest.multiply(a, n, x);
    for (int i = 0; i < n; i++) {
      assertThat(ax[i]).isCloseTo(b[i], org.assertj.core.api.Assertions.within(1e-9));
    }
    return true;
  }

  @Property(tries = 50)
  boolean factor_reproducesTheMatrix(
      @ForAll @IntRange(min = 1, max = 24) int n, @ForAll long seed) {
    double[] a = CholeskyTest.randomSpd(n, seed);
    double[] l = a.clone();
    Cholesky.factor(l, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int t = 0; t <= j; t++) {
          s += l[i * n + t] * l[j * n + t];
        }
        assertThat(s).isCloseTo(a[i * n + j], org.assertj.core.api.Assertions.within(1e-9 * n));
      }
    }
    return true;
  }
}
