package dev.tacit.federated.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.federated.RoundPlan;
import org.junit.jupiter.api.Test;

/** A device refuses a plan that claims more noise than the noise it asks of the devices. */
class DeviceRoundNoiseClaimTest {
  private static final int DIMENSION = 400;
  private static final double CLIP = 1.0;
  private static final double SCALE = 1 << 20;
  private static final double SIGMA = 2_000_000;

  /** A plan with these claims; the sensitivity field is as the server states it. */
  private static RoundPlan plan(double sensitivity, double z, int minSurvivors) {
    return new RoundPlan(
        3, 2, DIMENSION, CLIP, SCALE, 32, SIGMA, 0, sensitivity, z, 100, minSurvivors, 100);
  }

  private static double sensitivity() {
    return CLIP * SCALE + Math.sqrt(DIMENSION);
  }

  @Test
  void aClaimAtTheBoundOfTheDevicesNoise_isAccepted() {
    // every one of the 80 minimum survivors honest: the largest multiplier the noise gives
    double most = SIGMA * Math.sqrt(80) / sensitivity();
    assertThatCode(() -> DeviceRound.checkNoiseClaim(plan(sensitivity(), most, 80)))
        .doesNotThrowAnyException();
  }

  @Test
  void aClaimPastTheBoundByRoundingOnly_isAccepted() {
    // The server derives the devices' sigma from its multiplier; the device's way back to a
    // multiplier may differ from it in the last bits, which is not a larger claim.
    double most = SIGMA * Math.sqrt(80) / sensitivity();
    assertThatCode(() -> DeviceRound.checkNoiseClaim(plan(sensitivity(), most * (1 + 1e-12), 80)))
        .doesNotThrowAnyException();
  }

  @Test
  void aClaimPastTheDevicesNoise_isRefused() {
    double most = SIGMA * Math.sqrt(80) / sensitivity();
    assertThatThrownBy(() -> DeviceRound.checkNoiseClaim(plan(sensitivity(), most * 1.01, 80)))
        .isInstanceOfSatisfying(
            RoundException.class, e -> assertThat(e.kind()).isEqualTo(RoundException.Kind.INVALID))
        .hasMessageContaining("refusing a plan that claims noise multiplier")
        .hasMessageContaining("at least 80");
    // the same claim with fewer minimum survivors to carry the noise
    double atEighty = SIGMA * Math.sqrt(80) / sensitivity();
    assertThatThrownBy(() -> DeviceRound.checkNoiseClaim(plan(sensitivity(), atEighty, 60)))
        .isInstanceOf(RoundException.class);
  }

  @Test
  void anUnderstatedSensitivity_doesNotBuyALargerClaim() {
    // The plan states a sensitivity of half the device's own clip and rounding, and a multiplier
    // that would follow from it: the device computes its sensitivity itself and refuses.
    double half = sensitivity() / 2;
    double claimed = SIGMA * Math.sqrt(80) / half;
    assertThatThrownBy(() -> DeviceRound.checkNoiseClaim(plan(half, claimed, 80)))
        .isInstanceOf(RoundException.class)
        .hasMessageContaining("over a sensitivity of " + String.format("%.6g", sensitivity()));
  }

  @Test
  void withNoNoiseAtTheDevices_thereIsNoClaimToCheck() {
    RoundPlan central =
        new RoundPlan(3, 2, DIMENSION, CLIP, SCALE, 32, 0, 5e6, sensitivity(), 4.0, 100, 80, 100);
    assertThatCode(() -> DeviceRound.checkNoiseClaim(central)).doesNotThrowAnyException();
  }
}
