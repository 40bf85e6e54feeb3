package dev.tacit.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BlasTest {
  @Test
  void dot_withOffsets_sumsProducts() {
    float[] x = {9, 1, 2, 3, 4, 5};
    float[] y = {1, 1, 1, 1, 1, 2, 0};
    assertThat(Blas.dot(x, 1, y, 1, 5)).isEqualTo(1 + 2 + 3 + 4 + 10f);
    double[] xd = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    assertThat(Blas.dot(xd, 0, xd, 0, 9)).isEqualTo(285.0);
  }

  @Test
  void axpy_addsScaledVector() {
    float[] y = {1, 1, 1};
    Blas.axpy(2f, new float[] {0, 1, 2, 3}, 1, y, 0, 3);
    assertThat(y).containsExactly(3, 5, 7);
  }

  @Test
  void gram_isTransposeTimesMatrix() {
    float[] a = {1, 2, 3, 4, 5, 6}; // 3 x 2
    double[] g = Blas.gram(a, 3, 2);
    assertThat(g).containsExactly(new double[] {35, 44, 44, 56}, within(1e-12));
  }

  @Test
  void gemv_multipliesRows() {
    float[] a = {1, 2, 3, 4}; // 2 x 2
    float[] out = new float[2];
    Blas.gemv(a, 2, 2, new float[] {1, -1}, out);
    assertThat(out).containsExactly(-1, -1);
  }
}
