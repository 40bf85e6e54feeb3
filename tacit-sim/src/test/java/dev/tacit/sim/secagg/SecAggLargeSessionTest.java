package dev.tacit.sim.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.secagg.Phase;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.TestRandom;
import dev.tacit.secagg.server.AggregateSum;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class SecAggLargeSessionTest {

  @Test
  void thousandClients_withDropoutsAtEveryPhase_sumExactlyTheCountedInputs() {
    int n = 1000;
    SecAggConfig config = SecAggConfig.create("large", 1, n, 64).withThreshold(8);
    long[][] inputs = TestRandom.inputs(n, 64, 32, 1000);
    Map<Phase, Double> fractions = new EnumMap<>(Phase.class);
    fractions.put(Phase.ADVERTISE_KEYS, 0.05);
    fractions.put(Phase.SHARE_KEYS, 0.05);
    fractions.put(Phase.MASKED_INPUT, 0.1);
    fractions.put(Phase.UNMASK, 0.1);
    DropoutPlan plan = DropoutPlan.random(n, fractions, new SplittableRandom(1000)::nextInt);

    SimulationResult result = SecAggSimulation.run(config, inputs, plan, TestRandom.seeded(1000));

    AggregateSum sum = result.sumOrThrow();
    List<Integer> expected = new ArrayList<>();
    for (int id = 1; id <= n; id++) {
      if (plan.takesPart(id, Phase.MASKED_INPUT)) {
        expected.add(id);
      }
    }
    assertThat(config.neighbourhoodSize()).isEqualTo(21);
    assertThat(sum.countedClients()).isEqualTo(expected).hasSize(800);
    assertThat(sum.sum()).isEqualTo(TestRandom.expectedSum(inputs, expected, 32));
  }

  @Test
  void twoHundredClients_withThirtyPercentDroppedAfterMasking_sumExactlyTheCountedInputs() {
    int n = 200;
    SecAggConfig config = SecAggConfig.create("medium", 2, n, 1000).withThreshold(6);
    long[][] inputs = TestRandom.inputs(n, 1000, 32, 200);
    DropoutPlan plan =
        DropoutPlan.random(n, Map.of(Phase.UNMASK, 0.3), new SplittableRandom(200)::nextInt);

    AggregateSum sum =
        SecAggSimulation.run(config, inputs, plan, TestRandom.seeded(200)).sumOrThrow();

    List<Integer> all = new ArrayList<>();
    for (int id = 1; id <= n; id++) {
      all.add(id);
    }
    assertThat(sum.sum()).isEqualTo(TestRandom.expectedSum(inputs, all, 32));
  }
}
