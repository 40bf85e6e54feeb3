package dev.tacit.privacy.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.tacit.privacy.noise.NoiseMechanism;
import org.junit.jupiter.api.Test;

class AdaptiveClipNormTest {
  private static final AdaptiveClipping PARAMS = new AdaptiveClipping(1.0, 0.5, 0.2, 0.0);

  @Test
  void update_withMoreUnclippedThanTarget_shrinksNorm() {
    AdaptiveClipNorm c = AdaptiveClipNorm.create(PARAMS, NoiseMechanism.none());
    double next = c.update(90, 100);
    assertThat(next).isCloseTo(Math.exp(-0.2 * (0.9 - 0.5)), withinPercentage(1e-12));
    assertThat(c.clipNorm()).isEqualTo(next);
  }

  @Test
  void update_withFewerUnclippedThanTarget_growsNorm() {
    AdaptiveClipNorm c = AdaptiveClipNorm.create(PARAMS, NoiseMechanism.none());
    assertThat(c.update(10, 100)).isGreaterThan(1.0);
  }

  @Test
  void update_atTarget_keepsNorm() {
    AdaptiveClipNorm c = AdaptiveClipNorm.create(PARAMS, NoiseMechanism.none());
    assertThat(c.update(50, 100)).isEqualTo(1.0);
  }

  @Test
  void repeatedUpdates_convergeToTargetQuantileOfNorms() {
    // Client norms uniform on (0, 10]: the median is 5.
    AdaptiveClipNorm c =
        AdaptiveClipNorm.create(new AdaptiveClipping(0.1, 0.5, 0.5, 0.0), NoiseMechanism.none());
    for (int round = 0; round < 400; round++) {
      double clip = c.clipNorm();
      long unclipped = 0;
      for (int i = 1; i <= 1000; i++) {
        if (i / 100.0 <= clip) {
          unclipped++;
        }
      }
      c.update(unclipped, 1000);
    }
    assertThat(c.clipNorm()).isCloseTo(5.0, withinPercentage(2));
  }

  @Test
  void updateNoiseMultiplier_splitsTotalNoise() {
    AdaptiveClipping p = new AdaptiveClipping(1, 0.5, 0.2, 10);
    double z = p.updateNoiseMultiplier(1.0);
    assertThat(1 / (z * z) + 1 / 100.0).isCloseTo(1.0, withinPercentage(1e-12));
  }

  @Test
  void update_withCountAboveCohort_fails() {
    AdaptiveClipNorm c = AdaptiveClipNorm.create(PARAMS, NoiseMechanism.none());
    assertThatThrownBy(() -> c.update(11, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unclippedCount must be in [0, 10], was 11");
  }

  @Test
  void parameters_withQuantileAboveOne_fail() {
    assertThatThrownBy(() -> new AdaptiveClipping(1, 1.5, 0.2, 0))
        .hasMessage("targetQuantile must be in [0, 1], was 1.5");
  }

  @Test
  void updateNoiseMultiplier_atAnotherTotal_leavesWhatTheCountNoiseDoesNotUse() {
    // z = 2, σ_b = 4: (1/4 - 1/16)^-1/2 = 4/sqrt(3).
    AdaptiveClipping p = new AdaptiveClipping(1, 0.5, 0.2, 4);
    assertThat(p.updateNoiseMultiplier(2.0)).isCloseTo(4 / Math.sqrt(3), withinPercentage(1e-12));
    assertThat(p.updateNoiseMultiplier(0.5))
        .isCloseTo(1 / Math.sqrt(4 - 1 / 16.0), withinPercentage(1e-12));
  }

  @Test
  void updateNoiseMultiplier_whenTheCountNoiseUsesTheWholeBudget_fails() {
    for (double countNoise : new double[] {2.0, 1.0, 0.0}) {
      AdaptiveClipping p = new AdaptiveClipping(1, 0.5, 0.2, countNoise);
      assertThatThrownBy(() -> p.updateNoiseMultiplier(2.0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("countNoiseStddev must be > totalNoiseMultiplier = 2.0, was " + countNoise);
    }
  }

  @Test
  void parameters_atTheEndsOfTheirRanges_areAccepted_beyondThem_refused() {
    assertThat(new AdaptiveClipping(1, 0, 0.2, 0).targetQuantile()).isZero();
    assertThat(new AdaptiveClipping(1, 1, 0.2, 0).targetQuantile()).isEqualTo(1.0);
    assertThatThrownBy(() -> new AdaptiveClipping(1, -0.01, 0.2, 0))
        .hasMessage("targetQuantile must be in [0, 1], was -0.01");
    assertThatThrownBy(() -> new AdaptiveClipping(0, 0.5, 0.2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialClipNorm");
    assertThatThrownBy(() -> new AdaptiveClipping(1, 0.5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("learningRate");
    assertThatThrownBy(() -> new AdaptiveClipping(1, 0.5, 0.2, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("countNoiseStddev");
    assertThatThrownBy(() -> new AdaptiveClipping(1, 0.5, 0.2, 4).updateNoiseMultiplier(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("totalNoiseMultiplier");
  }
}
