package dev.tacit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.core.data.Interactions;
import dev.tacit.core.eval.Progress;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import dev.tacit.core.synth.SyntheticConfig;
import dev.tacit.core.synth.SyntheticGenerator;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.privacy.accounting.Conversion;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.Rdp;
import dev.tacit.privacy.accounting.RdpAccountant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FederatedSimulationTest {
  private static final Split SPLIT =
      Splits.randomHoldout(
          SyntheticGenerator.generate(SyntheticConfig.of(60, 80, 5).withMeanInteractions(12))
              .interactions(),
          0.2,
          5);
  private static final Interactions TRAIN = SPLIT.train();

  private static SimulationConfig.Builder small() {
    return SimulationConfig.builder()
        .federated(FederatedConfig.defaults().withFactors(4))
        .clipNorm(2)
        .rounds(4);
  }

  private static FederatedRun run(SimulationConfig config) {
    return FederatedSimulation.run(config, TRAIN, null, Progress.none());
  }

  private static double accountantEpsilon(double q, double z, int rounds, double delta) {
    RdpAccountant a = RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED);
    for (int r = 0; r < rounds; r++) {
      a.compose(new PrivacyEvent.SampledGaussian(q, z, 1));
    }
    return a.guarantee(delta).epsilon();
  }

  @Test
  void realAndSumSecAgg_giveBitIdenticalModels_withNoise() {
    SimulationConfig.Builder b = small().noiseMultiplier(1.0);
    FederatedRun real = run(b.secAgg(SecAggMode.REAL).build());
    FederatedRun sum = run(b.secAgg(SecAggMode.SUM).build());
    assertThat(real.completedRounds()).isEqualTo(4);
    assertThat(real.model().itemFactors()).isEqualTo(sum.model().itemFactors());
    assertThat(real.epsilon()).isEqualTo(sum.epsilon());
  }

  @Test
  void realAndSumSecAgg_giveBitIdenticalModels_withDropouts() {
    SimulationConfig.Builder b =
        small().noiseMultiplier(0.5).dropout(0.05).minSurvivorFraction(0.5).rounds(5);
    FederatedRun real = run(b.secAgg(SecAggMode.REAL).build());
    FederatedRun sum = run(b.secAgg(SecAggMode.SUM).build());
    List<Integer> realSurvivors = real.rounds().stream().map(RoundStats::survivors).toList();
    List<Integer> sumSurvivors = sum.rounds().stream().map(RoundStats::survivors).toList();
    assertThat(realSurvivors).isEqualTo(sumSurvivors);
    assertThat(realSurvivors).anyMatch(s -> s < 60); // some devices really dropped
    assertThat(realSurvivors).allMatch(s -> s > 0); // and no SecAgg+ session aborted
    assertThat(real.model().itemFactors()).isEqualTo(sum.model().itemFactors());
  }

  @Test
  void sameSeed_givesSameModel() {
    SimulationConfig c = small().noiseMultiplier(1.0).dropout(0.1).seed(7).build();
    assertThat(run(c).model().itemFactors()).isEqualTo(run(c).model().itemFactors());
  }

  @Test
  void differentSeed_givesDifferentModel() {
    SimulationConfig.Builder b = small().noiseMultiplier(1.0);
    assertThat(run(b.seed(7).build()).model().itemFactors())
        .isNotEqualTo(run(b.seed(8).build()).model().itemFactors());
  }

  @Test
  void reportedEpsilon_equalsAccountantsForSameParameters() {
    double q = 0.5;
    double z = 1.3;
    FederatedRun run = run(small().noiseMultiplier(z).sampler(CohortSampler.poisson(q)).build());
    assertThat(run.completedRounds()).isEqualTo(4);
    assertThat(run.epsilon()).isCloseTo(accountantEpsilon(q, z, 4, 1e-5), within(1e-9));
    assertThat(run.rounds().get(0).epsilon())
        .isCloseTo(accountantEpsilon(q, z, 1, 1e-5), within(1e-9));
  }

  @Test
  void calibratedNoise_spendsAtMostTargetEpsilon_overAllRounds() {
    FederatedRun run = run(small().epsilon(4).rounds(5).build());
    assertThat(run.completedRounds()).isEqualTo(5);
    assertThat(run.stoppedAtBudget()).isFalse();
    assertThat(run.epsilon()).isLessThanOrEqualTo(4).isGreaterThan(3.99);
    assertThat(run.noiseMultiplier())
        .isEqualTo(small().epsilon(4).rounds(5).build().noiseMultiplierFor(TRAIN.numUsers()));
  }

  @Test
  void run_stopsAtBudget_withoutRunningTheRoundThatWouldExceedIt() {
    double z = 1.0;
    double budget = (accountantEpsilon(1, z, 3, 1e-5) + accountantEpsilon(1, z, 4, 1e-5)) / 2;
    FederatedRun run = run(small().noiseMultiplier(z).epsilon(budget).rounds(10).build());
    assertThat(run.stoppedAtBudget()).isTrue();
    assertThat(run.completedRounds()).isEqualTo(3);
    assertThat(run.rounds()).hasSize(3);
    assertThat(run.epsilon()).isLessThanOrEqualTo(budget);
    assertThat(run.model().version()).isEqualTo(3);
  }

  @Test
  void dropoutAboveTolerance_abortsRounds_andChargesNothingForThem() {
    double z = 1.0;
    FederatedRun run =
        run(small().noiseMultiplier(z).dropout(0.3).minSurvivorFraction(0.95).rounds(6).build());
    assertThat(run.abortedRounds()).isPositive();
    assertThat(run.model().version()).isEqualTo(run.completedRounds());
    assertThat(run.epsilon())
        .isCloseTo(accountantEpsilon(1, z, run.completedRounds(), 1e-5), within(1e-9));
    for (RoundStats r : run.rounds()) {
      if (r.aborted()) {
        assertThat(r.survivors()).isZero();
      }
    }
  }

  @Test
  void noNoise_reportsInfiniteEpsilon_andLearns() {
    FederatedRun run =
        FederatedSimulation.run(
            small().rounds(30).evalEvery(30).build(), TRAIN, SPLIT, Progress.none());
    FederatedRun none = run(small().rounds(1).build());
    assertThat(run.epsilon()).isInfinite();
    assertThat(run.noiseMultiplier()).isZero();
    double trained = FederatedEvaluation.ndcg(run.model(), SPLIT);
    assertThat(trained).isGreaterThan(FederatedEvaluation.ndcg(none.model(), SPLIT));
    assertThat(run.rounds().get(29).ndcg()).isEqualTo(trained);
  }

  @Test
  void config_withZeroRounds_isRefused() {
    assertThatThrownBy(() -> small().rounds(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rounds must be >= 1, was 0");
  }

  @Test
  void config_withDropoutOfOne_isRefused() {
    assertThatThrownBy(() -> small().dropout(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dropout must be in [0, 1), was 1.0");
  }

  @Test
  void config_withoutNoiseButFiniteBudget_isRefused() {
    assertThatThrownBy(() -> small().noiseMultiplier(0).epsilon(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without noise");
  }
}
