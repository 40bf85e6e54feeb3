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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecAggSimulationTest {

  static Stream<Arguments> sweep() {
    List<Arguments> cases = new ArrayList<>();
    for (int n : new int[] {3, 5, 10}) {
      cases.add(Arguments.of(n, Phase.ADVERTISE_KEYS, 0.0));
      for (Phase phase : Phase.values()) {
        cases.add(Arguments.of(n, phase, 0.1));
        cases.add(Arguments.of(n, phase, 0.3));
      }
    }
    for (Phase phase : Phase.values()) {
      cases.add(Arguments.of(50, phase, 0.3));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "n={0}, {2} dropped at {1}")
  @MethodSource("sweep")
  void sum_equalsSumOfExactlyTheCountedClients(int n, Phase phase, double fraction) {
    SecAggConfig base = SecAggConfig.create("sweep-" + n, 7, n, 257);
    // A threshold low enough that 30% dropouts cannot abort; aborts are tested separately.
    SecAggConfig config = base.withThreshold(Math.max(2, (base.neighbourhoodSize() + 2) / 3));
    long seed = n * 31L + phase.ordinal() * 7L + (long) (fraction * 100);
    long[][] inputs = TestRandom.inputs(n, config.vectorLength(), 32, seed);
    DropoutPlan plan =
        DropoutPlan.random(n, Map.of(phase, fraction), new SplittableRandom(seed)::nextInt);

    SimulationResult result = SecAggSimulation.run(config, inputs, plan, TestRandom.seeded(seed));

    AggregateSum sum = result.sumOrThrow();
    List<Integer> expectedCounted = new ArrayList<>();
    for (int id = 1; id <= n; id++) {
      if (plan.takesPart(id, Phase.MASKED_INPUT)) {
        expectedCounted.add(id);
      }
    }
    assertThat(sum.countedClients()).isEqualTo(expectedCounted);
    assertThat(sum.sum()).isEqualTo(TestRandom.expectedSum(inputs, expectedCounted, 32));
  }

  @Test
  void sum_withDropoutsAtEveryPhase_equalsSumOfCountedClients() {
    int n = 40;
    SecAggConfig config = SecAggConfig.create("mixed", 1, n, 100).withThreshold(5);
    long[][] inputs = TestRandom.inputs(n, 100, 32, 11);
    Map<Phase, Double> fractions = new EnumMap<>(Phase.class);
    for (Phase phase : Phase.values()) {
      fractions.put(phase, 0.075);
    }
    DropoutPlan plan = DropoutPlan.random(n, fractions, new SplittableRandom(5)::nextInt);

    AggregateSum sum =
        SecAggSimulation.run(config, inputs, plan, TestRandom.seeded(3)).sumOrThrow();

    List<Integer> expectedCounted = new ArrayList<>();
    for (int id = 1; id <= n; id++) {
      if (plan.takesPart(id, Phase.MASKED_INPUT)) {
        expectedCounted.add(id);
      }
    }
    assertThat(sum.countedClients()).isEqualTo(expectedCounted).hasSize(n - 9);
    assertThat(sum.sum()).isEqualTo(TestRandom.expectedSum(inputs, expectedCounted, 32));
  }

  @Test
  void sum_inZ2To64_isBitExact() {
    int n = 12;
    SecAggConfig config = SecAggConfig.create("wide", 0, n, 50).withModulusBits(64);
    long[][] inputs = TestRandom.inputs(n, 50, 64, 2);
    DropoutPlan plan = DropoutPlan.of(Phase.UNMASK, List.of(4));

    AggregateSum sum =
        SecAggSimulation.run(config, inputs, plan, TestRandom.seeded(9)).sumOrThrow();

    List<Integer> all = new ArrayList<>();
    for (int id = 1; id <= n; id++) {
      all.add(id);
    }
    assertThat(sum.modulusBits()).isEqualTo(64);
    assertThat(sum.sum()).isEqualTo(TestRandom.expectedSum(inputs, all, 64));
  }
}
