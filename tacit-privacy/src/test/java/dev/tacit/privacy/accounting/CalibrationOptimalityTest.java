package dev.tacit.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The calibrator's answers are optimal: the noise multiplier meets the target and a slightly
 * smaller one does not; the step count meets it and one more step does not. Checked with an
 * accountant, not with the calibrator's own arithmetic.
 */
class CalibrationOptimalityTest {

  private static double epsilon(double q, double z, long steps, double delta, Conversion c) {
    return Accountant.rdp(c)
        .compose(PrivacyEvent.sampledGaussian(q, z, steps))
        .guarantee(delta)
        .epsilon();
  }

  @Test
  void noiseMultiplier_isTheSmallestThatMeetsTheTarget() {
    for (Conversion c : Conversion.values()) {
      for (double[] p : new double[][] {{1.0, 0.01, 1000}, {8.0, 0.1, 20}, {0.5, 1.0, 1}}) {
        double eps = p[0];
        double q = p[1];
        long steps = (long) p[2];
        double z = NoiseCalibrator.noiseMultiplier(eps, 1e-5, q, steps, c);
        assertThat(epsilon(q, z, steps, 1e-5, c)).isLessThanOrEqualTo(eps);
        assertThat(epsilon(q, z * (1 - 3e-6), steps, 1e-5, c)).isGreaterThan(eps);
      }
    }
  }

  @Test
  void noiseMultiplier_forAnEpsilonTheSmallestNoiseMeets_returnsAboutTheSmallestNoise() {
    double z = NoiseCalibrator.noiseMultiplier(1e15, 1e-5, 1.0, 1);
    assertThat(z).isGreaterThanOrEqualTo(1e-4).isLessThan(2e-4);
    assertThat(epsilon(1.0, z, 1, 1e-5, Conversion.IMPROVED)).isLessThanOrEqualTo(1e15);
  }

  @Test
  void maxSteps_isTheLargestCountThatMeetsTheTarget() {
    for (Conversion c : Conversion.values()) {
      for (double[] p : new double[][] {{1.0, 0.01, 1.5}, {3.0, 0.05, 1.0}, {4.0, 1.0, 8.0}}) {
        double eps = p[0];
        double q = p[1];
        double z = p[2];
        long steps = NoiseCalibrator.maxSteps(eps, 1e-5, q, z, c);
        assertThat(steps).isPositive();
        assertThat(epsilon(q, z, steps, 1e-5, c)).isLessThanOrEqualTo(eps);
        assertThat(epsilon(q, z, steps + 1, 1e-5, c)).isGreaterThan(eps);
      }
    }
  }

  @Test
  void maxSteps_isZeroWhenOneStepIsTooMany_andCappedAtTwoToThe50() {
    assertThat(NoiseCalibrator.maxSteps(0.01, 1e-5, 1.0, 1.0)).isZero();
    assertThat(NoiseCalibrator.maxSteps(1e12, 1e-5, 1e-6, 50.0)).isEqualTo(1L << 50);
  }
}
