package dev.tacit.sim.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.secagg.Phase;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.TestRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecAggAbortTest {
  // Five clients, complete graph, default threshold ceil(2 * 5 / 3) = 4.
  private final SecAggConfig config = SecAggConfig.create("abort", 0, 5, 32);
  private final long[][] inputs = TestRandom.inputs(5, 32, 32, 1);

  @Test
  void session_withTooFewAnswersWhileUnmasking_abortsWithoutASum() {
    SimulationResult result =
        SecAggSimulation.run(
            config, inputs, DropoutPlan.of(Phase.UNMASK, List.of(2, 5)), TestRandom.seeded(1));

    assertThat(config.threshold()).isEqualTo(4);
    assertThat(result.isAborted()).isTrue();
    assertThat(result.sum()).isEmpty();
    assertThat(result.abort().orElseThrow().phase()).isEqualTo(Phase.UNMASK);
    assertThat(result.abort().orElseThrow().reason()).contains("the threshold is 4");
  }

  @Test
  void session_withTooManyDropoutsAfterSharing_abortsBeforeUnmasking() {
    SimulationResult result =
        SecAggSimulation.run(
            config,
            inputs,
            DropoutPlan.of(Phase.MASKED_INPUT, List.of(1, 3)),
            TestRandom.seeded(2));

    assertThat(result.sum()).isEmpty();
    assertThat(result.abort().orElseThrow().phase()).isEqualTo(Phase.MASKED_INPUT);
    assertThat(result.abort().orElseThrow().reason())
        .contains("only 3 neighbours of client")
        .contains("threshold is 4");
  }

  @Test
  void session_withTooFewAdvertisers_abortsAfterAdvertising() {
    SimulationResult result =
        SecAggSimulation.run(
            config,
            inputs,
            DropoutPlan.of(Phase.ADVERTISE_KEYS, List.of(4, 5)),
            TestRandom.seeded(3));

    assertThat(result.sum()).isEmpty();
    assertThat(result.abort().orElseThrow().phase()).isEqualTo(Phase.ADVERTISE_KEYS);
  }

  @Test
  void session_withOneDropoutAtEachLatePhase_stillCompletes() {
    SimulationResult result =
        SecAggSimulation.run(
            config, inputs, DropoutPlan.of(Phase.UNMASK, List.of(3)), TestRandom.seeded(4));

    assertThat(result.sumOrThrow().sum())
        .isEqualTo(TestRandom.expectedSum(inputs, List.of(1, 2, 3, 4, 5), 32));
  }
}
