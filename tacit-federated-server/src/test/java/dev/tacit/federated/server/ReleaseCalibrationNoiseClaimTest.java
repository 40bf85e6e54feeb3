package dev.tacit.federated.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.round.DeviceRound;
import org.junit.jupiter.api.Test;

/**
 * Every plan the server makes passes the devices' check of its noise claim ({@link
 * DeviceRound#checkNoiseClaim}), whatever κ, survivors, cohort, clip, dimension and modulus: the
 * check refuses only a server that claims more than it asks for.
 */
class ReleaseCalibrationNoiseClaimTest {
  @Test
  void theServersOwnPlans_passTheDevicesCheck() {
    int checked = 0;
    for (double kappa : new double[] {0, 0.2, 0.5}) {
      for (double survivors : new double[] {0.5, 0.6, 0.9, 1}) {
        for (int cohort : new int[] {3, 10, 100, 943, 5000}) {
          for (double z : new double[] {0.3, 0.654, 2.85, 10}) {
            for (int bits : new int[] {32, 64}) {
              for (double clip : new double[] {0.5, 1, 5}) {
                for (int dimension : new int[] {10, 400, 80_200}) {
                  PrivacySettings privacy =
                      PrivacySettings.distributed(clip, z, survivors).withColludingFraction(kappa);
                  RoundPlan plan;
                  try {
                    plan = ReleaseCalibration.plan(1, 0, dimension, privacy, bits, cohort, cohort);
                  } catch (IllegalArgumentException e) {
                    continue; // no scale fits this cohort in the modulus: no plan to check
                  }
                  assertThatCode(() -> DeviceRound.checkNoiseClaim(plan))
                      .as("%s, cohort %d, %d bits, d %d", privacy, cohort, bits, dimension)
                      .doesNotThrowAnyException();
                  checked++;
                }
              }
            }
          }
        }
      }
    }
    assertThat(checked).as("plans checked").isGreaterThan(1000);
  }
}
