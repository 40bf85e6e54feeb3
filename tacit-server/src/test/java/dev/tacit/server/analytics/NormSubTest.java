package dev.tacit.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NormSubTest {
  @Test
  void aWorkedExample_computedByHand() {
    // Sorted: 761, 400, 50, -211; n = 1000. delta_1 = (761 - 1000)/1 = -239 < 761;
    // delta_2 = (1161 - 1000)/2 = 80.5 < 400; delta_3 = (1211 - 1000)/3 = 70.33 >= 50, stop.
    // delta = 80.5: 761 - 80.5 = 680.5, 400 - 80.5 = 319.5, the others clip to 0.
    double[] out = NormSub.apply(new double[] {-211, 50, 400, 761}, 1000);
    assertThat(out).containsExactly(new double[] {0, 0, 319.5, 680.5}, within(1e-9));
  }

  @Test
  void estimatesSummingToLessThanN_areRaised() {
    // Sum 6 for n = 9: delta = (6 - 9)/3 = -1, every estimate gains 1.
    assertThat(NormSub.apply(new double[] {1, 2, 3}, 9))
        .containsExactly(new double[] {2, 3, 4}, within(1e-9));
  }

  @Test
  void consistentEstimates_areUnchanged() {
    double[] in = {0, 2.5, 7.5, 30};
    assertThat(NormSub.apply(in, 40)).containsExactly(in, within(1e-12));
  }

  @Test
  void noReports_giveZeros() {
    assertThat(NormSub.apply(new double[] {-3, 1, 2}, 0)).containsExactly(0, 0, 0);
  }

  @Test
  void randomEstimates_becomeNonNegative_sumToN_andKeepTheirOrder() {
    SplittableRandom rng = new SplittableRandom(20200223L);
    for (int trial = 0; trial < 2000; trial++) {
      int k = 2 + rng.nextInt(40);
      long n = rng.nextInt(5000);
      double[] in = new double[k];
      for (int i = 0; i < k; i++) {
        in[i] = rng.nextDouble(-2.0 * n - 10, 2.0 * n + 10);
      }
      double[] out = NormSub.apply(in, n);
      assertThat(Arrays.stream(out).sum()).as("trial %d sum", trial).isCloseTo(n, within(1e-6));
      for (int i = 0; i < k; i++) {
        assertThat(out[i]).as("trial %d non-negative", trial).isGreaterThanOrEqualTo(0);
        for (int j = 0; j < k; j++) {
          if (in[i] > in[j]) {
            assertThat(out[i]).as("trial %d order", trial).isGreaterThanOrEqualTo(out[j]);
          }
        }
      }
      // A common shift: every estimate kept positive moved by the same amount.
      double shift = Double.NaN;
      for (int i = 0; i < k; i++) {
        if (out[i] > 0) {
          double d = in[i] - out[i];
          if (Double.isNaN(shift)) {
            shift = d;
          }
          assertThat(d).as("trial %d common delta", trial).isCloseTo(shift, within(1e-6));
        }
      }
    }
  }

  @Test
  void isTheEuclideanProjection_noOtherConsistentVectorIsCloser() {
    SplittableRandom rng = new SplittableRandom(7);
    double[] in = {-40, 5, 12, 90, 33};
    long n = 100;
    double[] out = NormSub.apply(in, n);
    double best = distance(in, out);
    for (int trial = 0; trial < 5000; trial++) {
      double[] other = new double[in.length];
      double sum = 0;
      for (int i = 0; i < other.length; i++) {
        other[i] = rng.nextDouble();
        sum += other[i];
      }
      for (int i = 0; i < other.length; i++) {
        other[i] *= n / sum;
      }
      assertThat(distance(in, other)).isGreaterThanOrEqualTo(best - 1e-9);
    }
  }

  @Test
  void badInput_isRefusedWithTheReason() {
    assertThatThrownBy(() -> NormSub.apply(new double[0], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> NormSub.apply(new double[] {1, 2}, -1))
        .hasMessageContaining("n must be >= 0, was -1");
    assertThatThrownBy(() -> NormSub.apply(new double[] {1, Double.NaN}, 3))
        .hasMessageContaining("estimates[1] must be finite");
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s;
  }
}
