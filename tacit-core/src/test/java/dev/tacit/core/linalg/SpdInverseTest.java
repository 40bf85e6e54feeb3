package dev.tacit.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpdInverseTest {
  @Test
  void invert_ofKnownMatrix_givesKnownInverse() {
    // The Wikipedia example of the Cholesky decomposition: A = L Lᵀ with L = [[2, 0, 0], [6, 1, 0],
    // [-8, 5, 3]], so L⁻¹ = [[1/2, 0, 0], [-3, 1, 0], [19/3, -5/3, 1/3]] and A⁻¹ = L⁻ᵀ L⁻¹.
    double[][] a = {{4, 12, -16}, {12, 37, -43}, {-16, -43, 98}};
    SpdInverse.invert(a, 1, SpdInverse.Listener.none());
    double[][] expected = {
      {0.25 + 9 + 361 / 9.0, -3 - 95 / 9.0, 19 / 9.0},
      {-3 - 95 / 9.0, 1 + 25 / 9.0, -5 / 9.0},
      {19 / 9.0, -5 / 9.0, 1 / 9.0}
    };
    for (int i = 0; i < 3; i++) {
      assertThat(a[i]).containsExactly(expected[i], within(1e-10));
    }
  }

  @Test
  void invert_ofRandomSpdMatrices_agreesWithTheCholeskyInverse() {
    // sizes below, at and across the 64-wide block, and not multiples of the 4-row kernel
    for (int n : new int[] {1, 2, 5, 63, 64, 65, 130, 203}) {
      double[] a = CholeskyTest.randomSpd(n, n);
      double[] expected = a.clone();
      Cholesky.invert(expected, n, 1);
      double[][] rows = rows(a, n);
      SpdInverse.invert(rows, 2, SpdInverse.Listener.none());
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          assertThat(rows[i][j])
              .as("n=%d (%d, %d)", n, i, j)
              .isCloseTo(expected[i * n + j], within(1e-12));
        }
      }
    }
  }

  @Test
  void invert_timesTheMatrix_isTheIdentity_andIsSymmetric() {
    int n = 300;
    double[] a = CholeskyTest.randomSpd(n, 5);
    double[][] inv = rows(a, n);
    SpdInverse.invert(inv, 2, SpdInverse.Listener.none());
    double maxError = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int t = 0; t < n; t++) {
          s += a[i * n + t] * inv[t][j];
        }
        maxError = Math.max(maxError, Math.abs(s - (i == j ? 1 : 0)));
        assertThat(inv[i][j]).isEqualTo(inv[j][i]);
      }
    }
    assertThat(maxError).isLessThan(1e-10);
  }

  @Test
  void invert_readsOnlyTheLowerTriangle() {
    int n = 150;
    double[] a = CholeskyTest.randomSpd(n, 9);
    double[][] clean = rows(a, n);
    double[][] dirty = rows(a, n);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        dirty[i][j] = Double.NaN;
      }
    }
    SpdInverse.invert(clean, 1, SpdInverse.Listener.none());
    SpdInverse.invert(dirty, 1, SpdInverse.Listener.none());
    assertThat(dirty).isEqualTo(clean);
  }

  @Test
  void invert_givesTheSameBitsForAnyThreadCount() {
    int n = 257;
    double[] a = CholeskyTest.randomSpd(n, 11);
    double[][] one = rows(a, n);
    double[][] three = rows(a, n);
    SpdInverse.invert(one, 1, SpdInverse.Listener.none());
    SpdInverse.invert(three, 3, SpdInverse.Listener.none());
    assertThat(three).isEqualTo(one);
  }

  @Test
  void invert_reportsEachBlockOnce_inOrder() {
    int n = 200; // blocks of 64: 4 steps
    List<String> seen = new ArrayList<>();
    SpdInverse.invert(
        rows(CholeskyTest.randomSpd(n, 1), n), 2, (done, total) -> seen.add(done + "/" + total));
    assertThat(SpdInverse.steps(n)).isEqualTo(4);
    assertThat(seen).containsExactly("1/4", "2/4", "3/4", "4/4");
  }

  @Test
  void invert_ofIndefiniteMatrix_failsNamingTheRows() {
    int n = 100;
    double[][] a = rows(CholeskyTest.randomSpd(n, 3), n);
    a[70][70] = -1e6;
    assertThatThrownBy(() -> SpdInverse.invert(a, 2, SpdInverse.Listener.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive definite")
        .hasMessageContaining("rows 64..99");
  }

  @Test
  void invert_ofRaggedRows_fails() {
    double[][] a = {{1, 0}, {0}};
    assertThatThrownBy(() -> SpdInverse.invert(a, 1, SpdInverse.Listener.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 1 must have n = 2 entries, had 1");
  }

  private static double[][] rows(double[] a, int n) {
    double[][] r = new double[n][];
    for (int i = 0; i < n; i++) {
      r[i] = java.util.Arrays.copyOfRange(a, i * n, i * n + n);
    }
    return r;
  }
}
