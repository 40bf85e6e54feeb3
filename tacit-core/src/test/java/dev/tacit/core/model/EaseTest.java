package dev.tacit.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.core.data.Interactions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EaseTest {
  private static final Interactions TINY =
      TestMatrices.of(
          4,
          new int[] {0, 1},
          new int[] {0, 1, 2},
          new int[] {1, 2, 3},
          new int[] {0, 3},
          new int[] {2});

  @Test
  void diagonal_isZero() {
    Ease.Model model =
        Ease.trainer(new Ease.Config(2.0, 1)).fit(TestMatrices.clustered(60, 120, 0.1, 2));
    for (int i = 0; i < 120; i++) {
      assertThat(model.weight(i, i)).isZero();
    }
  }

  @Test
  void weights_equalRidgeRegressionOfEachItemOnTheOthers() {
    // Steck 2019, eq. (1): column j of B (with B_jj = 0) minimizes ‖X_j − X_{-j} b‖² + λ‖b‖²,
    // so b = (X_{-j}ᵀ X_{-j} + λI)⁻¹ X_{-j}ᵀ X_j; solved here naively by Gaussian elimination.
    double lambda = 1.5;
    Ease.Model model = Ease.trainer(new Ease.Config(lambda, 2)).fit(TINY);
    double[][] x = dense(TINY);
    int m = 4;
    for (int j = 0; j < m; j++) {
      int[] others = new int[m - 1];
      for (int i = 0, t = 0; i < m; i++) {
        if (i != j) {
          others[t++] = i;
        }
      }
      double[][] a = new double[m - 1][m];
      for (int p = 0; p < m - 1; p++) {
        for (int q = 0; q < m - 1; q++) {
          a[p][q] = dot(x, others[p], others[q]) + (p == q ? lambda : 0);
        }
        a[p][m - 1] = dot(x, others[p], j);
      }
      double[] b = gaussianElimination(a);
      for (int p = 0; p < m - 1; p++) {
        assertThat((double) model.weight(others[p], j)).isCloseTo(b[p], within(1e-6));
      }
      assertThat(model.weight(j, j)).isZero();
    }
  }

  @Test
  void scoreAll_sumsTheRowsOfTheUsersItems() {
    Ease.Model model = Ease.trainer(new Ease.Config(1.0, 1)).fit(TINY);
    float[] out = new float[4];
    model.scoreAll(1, out); // items 0, 1, 2
    for (int j = 0; j < 4; j++) {
      float expected = model.weight(0, j) + model.weight(1, j) + model.weight(2, j);
      assertThat(out[j]).isCloseTo(expected, within(1e-6f));
    }
    assertThat(model.recommend(1, 1, TINY.byUser())).containsExactly(3);
  }

  @Test
  void gram_countsCoOccurrences() {
    List<String> steps = new ArrayList<>();
    double[][] g = Ease.gram(TINY, 2, (step, done, total) -> steps.add(step + " " + total));
    double[][] x = dense(TINY);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertThat(g[i][j]).isEqualTo(dot(x, i, j));
      }
    }
    assertThat(steps).isNotEmpty().allMatch(s -> s.equals("gram 4"));
  }

  @Test
  void fit_reportsGramInverseAndWeightsProgress_endingEachStepComplete() {
    Interactions data = TestMatrices.clustered(60, 150, 0.1, 2);
    List<String> updates = new ArrayList<>();
    Ease.trainer(new Ease.Config(2.0, 2))
        .fit(data, (step, done, total) -> updates.add(step + " " + done + "/" + total));
    assertThat(updates).first().isEqualTo("gram 0/150");
    assertThat(updates).contains("gram 150/150", "inverse 1/3", "inverse 3/3", "weights 1/1");
    assertThat(updates.indexOf("gram 150/150")).isLessThan(updates.indexOf("inverse 1/3"));
    assertThat(updates).last().isEqualTo("weights 1/1");
  }

  @Test
  void fit_withOneThreadOrThree_givesTheSameWeights() {
    Interactions data = TestMatrices.clustered(80, 140, 0.1, 2);
    Ease.Model one = Ease.trainer(new Ease.Config(3.0, 1)).fit(data);
    Ease.Model three = Ease.trainer(new Ease.Config(3.0, 3)).fit(data);
    for (int i = 0; i < 140; i++) {
      for (int j = 0; j < 140; j++) {
        assertThat(three.weight(i, j)).isEqualTo(one.weight(i, j));
      }
    }
  }

  @Test
  void estimate_givesThePeakHeapAndAPositiveTime_namingItsCalibration() {
    Interactions data = TestMatrices.clustered(40, 100, 0.1, 3);
    Ease.Estimate e = Ease.trainer(new Ease.Config(2.0, 1)).estimate(data);
    assertThat(e.peakBytes()).isEqualTo(Ease.peakBytes(100));
    assertThat(e.gflops()).isPositive().isFinite();
    assertThat(e.seconds()).isPositive();
    assertThat(e.describe())
        .startsWith("ease on 100 items (40 users, " + data.size() + " interactions): about 1 MB")
        .contains("1-thread calibration measured on this machine");
  }

  @Test
  void config_rejectsNonPositiveLambda() {
    assertThatThrownBy(() -> new Ease.Config(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lambda must be > 0 and finite, was 0.0");
    assertThat(Ease.trainer().name()).isEqualTo("ease");
    assertThat(Ease.trainer().params()).containsEntry("lambda", Ease.Config.DEFAULT_LAMBDA);
  }

  private static double[][] dense(Interactions in) {
    double[][] x = new double[in.numUsers()][in.numItems()];
    for (int u = 0; u < in.numUsers(); u++) {
      for (int i : in.byUser().row(u)) {
        x[u][i] = 1;
      }
    }
    return x;
  }

  private static double dot(double[][] x, int i, int j) {
    double s = 0;
    for (double[] row : x) {
      s += row[i] * row[j];
    }
    return s;
  }

  // Solves the augmented system [A | b] in place with partial pivoting.
  private static double[] gaussianElimination(double[][] a) {
    int n = a.length;
    for (int c = 0; c < n; c++) {
      int piv = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        for (int q = c; q <= n; q++) {
          a[r][q] -= f * a[c][q];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = a[r][n];
      for (int q = r + 1; q < n; q++) {
        s -= a[r][q] * x[q];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }

  @Test
  void aCatalogueTooLargeForTheHeap_isRefusedUpFront_sayingWhatItNeedsAndWhatToDo() {
    // 17,632 items (a music log): the in-place inverse (8 m² bytes), the float weights (4 m²) and
    // three 64-column panels = 3.76 GB at the peak, 1.5 dense double matrices
    assertThat(Ease.peakBytes(17_632))
        .isEqualTo(12L * 17_632 * 17_632 + 3L * 64 * 8 * 17_632)
        .isLessThan(2L * 8 * 17_632 * 17_632);
    assertThatThrownBy(() -> Ease.requireMemory(17_632, 3_000_000_000L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("EASE on 17,632 items needs about 3.8 GB of heap")
        .hasMessageContaining("this JVM has about 3.0 GB free")
        .hasMessageContaining("TACIT_JAVA_OPTS=-Xmx6g");
    Ease.requireMemory(17_632, 4_000_000_000L); // fits: no exception
    assertThatThrownBy(() -> Ease.requireMemory(Ease.MAX_ITEMS + 1, Long.MAX_VALUE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("larger than a Java array can hold");
  }
}
