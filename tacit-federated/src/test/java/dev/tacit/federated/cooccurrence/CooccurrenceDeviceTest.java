package dev.tacit.federated.cooccurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.privacy.random.RandomSource;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CooccurrenceDeviceTest {
  private static final int ITEMS = 120;
  private static final int HEAD = 40;

  private static Head head() {
    double[] popularity = new double[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      popularity[i] = ITEMS - i; // item 0 is the most popular
    }
    return Head.top(popularity, HEAD);
  }

  /**
   * The plan the server sends for the co-occurrence of the head without noise (clip 1, 100 devices,
   * all counted, 32-bit sums): the largest scale at which 100 clipped updates cannot wrap, 2^24.
   * tacit-federated-server's {@code CooccurrenceServerTest} checks that {@code ReleaseCalibration}
   * gives this plan.
   */
  static RoundPlan noiselessPlan() {
    int dimension = Head.triangleSize(HEAD);
    return new RoundPlan(
        2, 1, dimension, 1, 0x1p24, 32, 0, 0, 0x1p24 + Math.sqrt(dimension), 0, 100, 100, 100);
  }

  @Test
  void releasedVectors_respectTheirClipBound_forEveryHistorySize() {
    Head head = head();
    for (double clip : new double[] {0.3, 1, 2.5, 10}) {
      for (int n = 0; n <= ITEMS; n++) {
        int[] items = IntStream.range(0, n).map(i -> (i * 7) % ITEMS).toArray();
        double[] pop = CooccurrenceDevice.popularityVector(items, ITEMS, clip);
        double[] co = CooccurrenceDevice.cooccurrenceVector(items, head, clip);
        assertThat(CooccurrenceDevice.norm(pop))
            .as("popularity, clip %s, %s items", clip, n)
            .isLessThanOrEqualTo(clip * (1 + 1e-12));
        assertThat(CooccurrenceDevice.norm(co))
            .as("co-occurrence, clip %s, %s items", clip, n)
            .isLessThanOrEqualTo(clip * (1 + 1e-12));
      }
    }
  }

  @Test
  void encodedContribution_withoutNoise_staysWithinTheClipPlusRounding_forEveryHistorySize() {
    Head head = head();
    RoundPlan plan = noiselessPlan();
    for (int n = 0; n <= ITEMS; n += 3) {
      int[] items = IntStream.range(0, n).toArray();
      long[] encoded =
          CooccurrenceDevice.contributeCooccurrence(items, head, plan, RandomSource.seeded(n))
              .encoded();
      double[] decoded = DeviceStep.codec(plan).decodeSum(encoded);
      // Stochastic rounding moves each coordinate by less than one step: the sensitivity.
      assertThat(CooccurrenceDevice.norm(decoded) * plan.scale())
          .as("%s items", n)
          .isLessThanOrEqualTo(plan.sensitivity());
    }
  }

  @Test
  void unclippedTriangle_isXXtOverItsNorm() {
    Head head = head();
    int[] items = {3, 100, 0, 7}; // 100 is in the tail
    double[] co = CooccurrenceDevice.cooccurrenceVector(items, head, 100);
    double v = 1 / Math.sqrt(3);
    int[] pos = {0, 3, 7};
    double sumSquares = 0;
    for (double x : co) {
      sumSquares += x * x;
    }
    for (int a : pos) {
      for (int b : pos) {
        if (a <= b) {
          assertThat(co[Head.triangleIndex(HEAD, a, b)]).isCloseTo(v, within(1e-15));
        }
      }
    }
    assertThat(sumSquares).isCloseTo(6 * v * v, within(1e-12)); // 3 diagonal + 3 off-diagonal
    assertThat(CooccurrenceDevice.norm(co)).isCloseTo(Math.sqrt((3 + 1) / 2.0), within(1e-12));
  }

  @Test
  void triangleIndex_enumeratesTheUpperTriangleRowByRow() {
    int n = 5;
    int k = 0;
    for (int a = 0; a < n; a++) {
      for (int b = a; b < n; b++) {
        assertThat(Head.triangleIndex(n, a, b)).isEqualTo(k++);
      }
    }
    assertThat(k).isEqualTo(Head.triangleSize(n));
  }

  @Test
  void badHistories_areRefused() {
    assertThatThrownBy(() -> CooccurrenceDevice.popularityVector(new int[] {1, 1}, ITEMS, 1))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> CooccurrenceDevice.popularityVector(new int[] {ITEMS}, ITEMS, 1))
        .hasMessageContaining("not in");
    assertThatThrownBy(() -> CooccurrenceDevice.cooccurrenceVector(new int[] {2, 2}, head(), 1))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> CooccurrenceDevice.popularityVector(new int[] {1}, ITEMS, 0))
        .hasMessageContaining("clip");
  }
}
