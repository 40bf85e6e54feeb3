package dev.tacit.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class AnalyticGaussianTest {

  @Test
  void sigma_forEpsilonOneDeltaOneE5_isBalleWangValue() {
    assertThat(AnalyticGaussian.sigma(1, 1e-5, 1)).isCloseTo(3.7306, within(5e-5));
  }

  @Test
  void classicSigma_forEpsilonOneDeltaOneE5_is4point8448() {
    assertThat(AnalyticGaussian.classicSigma(1, 1e-5, 1)).isCloseTo(4.8448, within(5e-5));
  }

  @Test
  void sigma_attainsTargetDelta() {
    double sigma = AnalyticGaussian.sigma(0.5, 1e-6, 2);
    assertThat(AnalyticGaussian.delta(sigma, 0.5, 2)).isLessThanOrEqualTo(1e-6);
    assertThat(AnalyticGaussian.delta(sigma * (1 - 1e-9), 0.5, 2))
        .isCloseTo(1e-6, withinPercentage(1e-3));
  }

  @Test
  void sigma_scalesLinearlyWithSensitivity() {
    assertThat(AnalyticGaussian.sigma(2, 1e-5, 3))
        .isCloseTo(3 * AnalyticGaussian.sigma(2, 1e-5, 1), withinPercentage(1e-8));
  }

  @Test
  void sigma_isNeverAboveClassicForEpsilonBelowOne() {
    for (double eps = 0.1; eps < 1; eps += 0.1) {
      assertThat(AnalyticGaussian.sigma(eps, 1e-5, 1))
          .isLessThan(AnalyticGaussian.classicSigma(eps, 1e-5, 1));
    }
  }

  @Test
  void sigma_withLargeEpsilon_staysFinite() {
    double sigma = AnalyticGaussian.sigma(50, 1e-10, 1);
    assertThat(sigma).isPositive().isFinite();
    assertThat(AnalyticGaussian.delta(sigma, 50, 1)).isLessThanOrEqualTo(1e-10);
  }

  @Test
  void sigma_withDeltaOutOfRange_fails() {
    assertThatThrownBy(() -> AnalyticGaussian.sigma(1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delta must be in (0, 1), was 1.0");
  }
}
