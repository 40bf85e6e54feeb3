package dev.tacit.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class NoiseCalibratorTest {
  private static final double Q = 256 / 60000.0;
  private static final long T60 = (long) Math.ceil(60 * 60000 / 256.0);

  private static double epsilon(double z, long steps, Conversion conversion) {
    return Accountant.rdp(conversion)
        .compose(PrivacyEvent.sampledGaussian(Q, z, steps))
        .guarantee(1e-5)
        .epsilon();
  }

  @Test
  void noiseMultiplier_forReferenceEpsilon_recoversSigma1point1() {
    double z = NoiseCalibrator.noiseMultiplier(2.597, 1e-5, Q, T60);
    assertThat(z).isCloseTo(1.1, withinPercentage(0.5));
  }

  @Test
  void noiseMultiplier_meetsTarget_andIsMinimalWithinTolerance() {
    double target = 1.5;
    double z = NoiseCalibrator.noiseMultiplier(target, 1e-5, Q, T60, Conversion.CLASSIC);
    assertThat(epsilon(z, T60, Conversion.CLASSIC)).isLessThanOrEqualTo(target);
    assertThat(epsilon(z * (1 - 3 * NoiseCalibrator.RELATIVE_TOLERANCE), T60, Conversion.CLASSIC))
        .isGreaterThan(target);
  }

  @Test
  void maxSteps_isTheLargestCountWithinTarget() {
    long t = NoiseCalibrator.maxSteps(2.0, 1e-5, Q, 1.1);
    assertThat(t).isPositive();
    assertThat(epsilon(1.1, t, Conversion.IMPROVED)).isLessThanOrEqualTo(2.0);
    assertThat(epsilon(1.1, t + 1, Conversion.IMPROVED)).isGreaterThan(2.0);
  }

  @Test
  void maxSteps_whenOneStepIsTooMuch_isZero() {
    assertThat(NoiseCalibrator.maxSteps(0.01, 1e-5, 1.0, 0.5)).isZero();
  }

  @Test
  void noiseMultiplier_withNonPositiveEpsilon_fails() {
    assertThatThrownBy(() -> NoiseCalibrator.noiseMultiplier(0, 1e-5, Q, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epsilon must be > 0 and finite, was 0.0");
  }
}
