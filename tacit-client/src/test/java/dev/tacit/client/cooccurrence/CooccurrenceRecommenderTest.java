package dev.tacit.client.cooccurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import dev.tacit.federated.device.Contribution;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.ProtocolException;
import dev.tacit.protocol.TensorFrame;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CooccurrenceRecommenderTest {
  private static final int ITEMS = 8;
  private static final double[] POPULARITY = {3, 1, 4, 1.5, 9, 2, 6, 5};
  private static final double[] VECTORS = {0.5, 0.5, -0.5, 0.5, 0.5, -0.5, -0.5, -0.5};

  private static CooccurrenceRecommender recommender(CooccurrenceFrame.Stage stage, long version) {
    Head head = Head.top(POPULARITY, 4);
    CooccurrenceModel model =
        stage == CooccurrenceFrame.Stage.COMPLETE
            ? CooccurrenceModel.of(head, VECTORS, new double[] {7, 3}, 12, Map.of())
            : CooccurrenceModel.of(head, new double[0], new double[0], 12, Map.of());
    byte[] frame = CooccurrenceFrame.encode(new CooccurrenceFrame.Published(stage, model)).encode();
    ModelMetadata meta =
        new ModelMetadata(version, ITEMS, 1, 0, 12, frame.length, TensorFrame.crcOf(frame));
    return CooccurrenceRecommender.fromFrame(meta, frame).orElseThrow();
  }

  private static RoundPlan plan(long version, int dimension) {
    // No noise: the encoded vector is the clipped one, quantized.
    return new RoundPlan(1, version, dimension, 1.0, 1 << 16, 32, 0, 0, 1, 1, 10, 1, 10);
  }

  private static double decodedNorm(Contribution c, RoundPlan plan) {
    long[] e = c.encoded();
    double s = 0;
    for (long x : e) {
      long v = x >= (1L << 31) ? x - (1L << 32) : x;
      double d = v / plan.scale();
      s += d * d;
    }
    return Math.sqrt(s);
  }

  @Test
  void theReleasedVector_respectsItsClipBound_forEveryHistorySize_inBothReleases() {
    CooccurrenceRecommender initial = recommender(CooccurrenceFrame.Stage.INITIAL, 0);
    CooccurrenceRecommender head = recommender(CooccurrenceFrame.Stage.HEAD, 1);
    RoundPlan popularity = plan(0, ITEMS);
    RoundPlan cooccurrence = plan(1, Head.triangleSize(4));
    for (int n = 0; n <= ITEMS; n++) {
      int[] items = new int[n];
      for (int i = 0; i < n; i++) {
        items[i] = i;
      }
      Contribution p = initial.contribute(items, popularity, RandomSource.seeded(n));
      assertThat(p.encoded()).hasSize(ITEMS);
      assertThat(decodedNorm(p, popularity)).isLessThanOrEqualTo(1 + 1e-3);
      Contribution c = head.contribute(items, cooccurrence, RandomSource.seeded(n));
      assertThat(c.encoded()).hasSize(Head.triangleSize(4));
      assertThat(decodedNorm(c, cooccurrence)).isLessThanOrEqualTo(1 + 1e-3);
    }
    // The head's version also serves a popularity release (a pair that starts again).
    assertThat(head.contribute(new int[] {1}, plan(1, ITEMS), RandomSource.seeded(1)).encoded())
        .hasSize(ITEMS);
    assertThatThrownBy(() -> head.contribute(new int[] {1}, plan(2, ITEMS), RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(() -> head.contribute(new int[] {1}, plan(1, 5), RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither");
    assertThatThrownBy(() -> initial.contribute(new int[] {1}, plan(0, Head.triangleSize(4)), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theAttributions_sumToTheScore_forEveryItemAndHistory() {
    CooccurrenceRecommender r = recommender(CooccurrenceFrame.Stage.COMPLETE, 2);
    assertThat(r.personal()).isTrue();
    int[][] histories = {{4}, {4, 6}, {0, 2, 7}, {1, 3, 5}, {4, 6, 7, 2, 0}};
    for (int[] h : histories) {
      double[] xb = r.model().headScores(h);
      double[] b = r.model().denseB();
      for (int item = 0; item < ITEMS; item++) {
        double[] c = r.contributions(h, item);
        double sum = 0;
        for (double x : c) {
          sum += x;
        }
        int pos = r.model().head().positionOf(item);
        assertThat(sum).isCloseTo(pos < 0 ? 0 : xb[pos], within(1e-9));
        for (int t = 0; t < h.length; t++) {
          int i = r.model().head().positionOf(h[t]);
          double expected = i < 0 || pos < 0 ? 0 : b[i * 4 + pos];
          assertThat(c[t]).isCloseTo(expected, within(1e-9));
        }
      }
    }
    assertThatThrownBy(() -> r.contributions(new int[] {1}, ITEMS))
        .isInstanceOf(IllegalArgumentException.class);
    // Before both releases nothing is attributed.
    assertThat(recommender(CooccurrenceFrame.Stage.HEAD, 1).contributions(new int[] {4}, 6))
        .containsOnly(0.0);
    assertThat(recommender(CooccurrenceFrame.Stage.HEAD, 1).personal()).isFalse();
  }

  @Test
  void aFrame_thatDoesNotMatchItsMetadata_isRefused_andAFactorFrameIsNotOne() {
    byte[] factors = TensorFrame.ofFloats(new int[] {ITEMS, 2}, new float[ITEMS * 2]).encode();
    ModelMetadata m =
        new ModelMetadata(1, ITEMS, 2, 1, 1, factors.length, TensorFrame.crcOf(factors));
    assertThat(CooccurrenceRecommender.fromFrame(m, factors)).isEmpty();
    CooccurrenceModel model =
        CooccurrenceModel.of(Head.top(POPULARITY, 4), VECTORS, new double[] {7, 3}, 12, Map.of());
    byte[] frame =
        CooccurrenceFrame.encode(
                new CooccurrenceFrame.Published(CooccurrenceFrame.Stage.COMPLETE, model))
            .encode();
    ModelMetadata wrongCrc =
        new ModelMetadata(1, ITEMS, 2, 0, 12, frame.length, TensorFrame.crcOf(frame) ^ 1);
    assertThatThrownBy(() -> CooccurrenceRecommender.fromFrame(wrongCrc, frame))
        .isInstanceOf(ProtocolException.class);
    ModelMetadata wrongItems =
        new ModelMetadata(1, ITEMS + 1, 2, 0, 12, frame.length, TensorFrame.crcOf(frame));
    assertThatThrownBy(() -> CooccurrenceRecommender.fromFrame(wrongItems, frame))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("items");
  }
}
