package dev.tacit.federated;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The round plan's derived values. */
class RoundPlanTest {

  @Test
  void withDeviceNoiseSigma_changesOnlyTheDevicesNoise() {
    RoundPlan plan = new RoundPlan(7, 6, 33, 1.5, 256, 64, 2.5, 3.5, 400.25, 1.25, 12, 9, 11.5);

    RoundPlan quiet = plan.withDeviceNoiseSigma(0);

    assertThat(quiet)
        .isEqualTo(new RoundPlan(7, 6, 33, 1.5, 256, 64, 0, 3.5, 400.25, 1.25, 12, 9, 11.5));
  }
}
