package dev.tacit.privacy.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class L2ClippingTest {

  @Test
  void clip_withNormAboveBound_scalesToBound() {
    ClippedVector c = L2Clipping.clip(new double[] {3, 4}, 1.0);
    assertThat(c.clipped()).isTrue();
    assertThat(c.norm()).isEqualTo(5.0);
    assertThat(c.values()).containsExactly(new double[] {0.6, 0.8}, within(1e-15));
  }

  @Test
  void clip_withNormWithinBound_copiesUnchanged() {
    double[] v = {0.3, -0.4};
    ClippedVector c = L2Clipping.clip(v, 1.0);
    assertThat(c.clipped()).isFalse();
    assertThat(c.values()).containsExactly(0.3, -0.4).isNotSameAs(v);
  }

  @Test
  void norm_ofHugeEntries_doesNotOverflow() {
    assertThat(L2Clipping.norm(new double[] {3e200, 4e200})).isCloseTo(5e200, within(1e186));
    assertThat(L2Clipping.norm(new double[] {3e-200, 4e-200})).isCloseTo(5e-200, within(1e-214));
  }

  @Test
  void clipAll_reportsClippedFraction() {
    ClippedBatch batch =
        L2Clipping.clipAll(
            List.of(
                new double[] {2, 0},
                new double[] {0.5, 0},
                new double[] {0, -3},
                new double[] {0, 0}),
            1.0);
    assertThat(batch.clippedCount()).isEqualTo(2);
    assertThat(batch.clippedFraction()).isEqualTo(0.5);
    assertThat(batch.vectors())
        .allSatisfy(v -> assertThat(L2Clipping.norm(v)).isLessThanOrEqualTo(1.0 + 1e-15));
  }

  @Test
  void clippedSumWithIdentityNoise_isExactClippedSum() {
    ClippedBatch batch =
        L2Clipping.clipAll(List.of(new double[] {6, 8}, new double[] {0.1, 0.2}), 2.0);
    double[] sum = new double[2];
    for (double[] v : batch.vectors()) {
      for (int i = 0; i < 2; i++) {
        sum[i] += v[i];
      }
    }
    double[] released = dev.tacit.privacy.noise.NoiseMechanism.none().addNoise(sum);
    assertThat(released).containsExactly(new double[] {1.3, 1.8}, within(1e-12));
  }

  @Test
  void clip_withNonFiniteEntry_fails() {
    assertThatThrownBy(() -> L2Clipping.clip(new double[] {1, Double.NaN}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vector entries must be finite, was NaN at 1");
  }

  @Test
  void clip_withNonPositiveNorm_fails() {
    assertThatThrownBy(() -> L2Clipping.clip(new double[] {1}, 0))
        .hasMessage("clipNorm must be > 0 and finite, was 0.0");
  }
}
