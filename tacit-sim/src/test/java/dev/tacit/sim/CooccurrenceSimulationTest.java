package dev.tacit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.core.data.Interactions;
import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.eval.Progress;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import dev.tacit.core.synth.SyntheticConfig;
import dev.tacit.core.synth.SyntheticGenerator;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class CooccurrenceSimulationTest {
  private static final Split SPLIT =
      Splits.randomHoldout(
          SyntheticGenerator.generate(SyntheticConfig.of(60, 80, 5).withMeanInteractions(12))
              .interactions(),
          0.2,
          5);
  private static final Interactions TRAIN = SPLIT.train();

  private static SimulationConfig.Builder small() {
    return SimulationConfig.builder()
        .algorithm(Algorithm.COOCCURRENCE)
        .cooccurrence(CooccurrenceConfig.defaults().withMaxHead(30));
  }

  @Test
  void realSecAggAndTheSum_giveBitIdenticalReleases_withNoiseAndDropouts() {
    for (double dropout : new double[] {0, 0.04}) {
      SimulationConfig.Builder b = small().epsilon(8).dropout(dropout).seed(3);
      CooccurrenceSimulation.Run real =
          CooccurrenceSimulation.run(b.secAgg(SecAggMode.REAL).build(), TRAIN, Progress.none());
      CooccurrenceSimulation.Run sum =
          CooccurrenceSimulation.run(b.secAgg(SecAggMode.SUM).build(), TRAIN, Progress.none());
      assertThat(real.model().head().popularity()).isEqualTo(sum.model().head().popularity());
      assertThat(real.model().head().items()).isEqualTo(sum.model().head().items());
      assertThat(real.model().vectors()).isEqualTo(sum.model().vectors());
      assertThat(real.model().eigenvalues()).isEqualTo(sum.model().eigenvalues());
      assertThat(real.releases().get(1).survivors()).isEqualTo(sum.releases().get(1).survivors());
      assertThat(real.epsilon()).isEqualTo(sum.epsilon()).isLessThanOrEqualTo(8);
      int counted = sum.releases().get(0).survivors() + sum.releases().get(1).survivors();
      if (dropout > 0) {
        assertThat(counted).as("some devices dropped").isLessThan(2 * TRAIN.numUsers());
      }
    }
  }

  @Test
  void inSeveralCohorts_realSecAgg_givesTheSameReleasesBitForBit_asTheSumOfOneSession() {
    SimulationConfig.Builder b = small().epsilon(8).dropout(0.03).seed(4);
    CooccurrenceSimulation.Run cohorts =
        CooccurrenceSimulation.run(
            b.secAgg(SecAggMode.REAL).maxCohortSize(20).build(), TRAIN, Progress.none());
    CooccurrenceSimulation.Run cohortSum =
        CooccurrenceSimulation.run(
            b.secAgg(SecAggMode.SUM).maxCohortSize(20).build(), TRAIN, Progress.none());
    CooccurrenceSimulation.Run one =
        CooccurrenceSimulation.run(
            b.secAgg(SecAggMode.SUM).maxCohortSize(0).build(), TRAIN, Progress.none());
    assertThat(cohorts.cohorts()).isEqualTo(3);
    assertThat(cohorts.abortedCohorts()).isZero();
    assertThat(one.cohorts()).isEqualTo(1);
    assertThat(one.epsilonAgainstCohortSums()).isEqualTo(one.epsilon());
    // Each cohort sum holds about a third of the noise: a server that keeps them gets more.
    assertThat(cohorts.epsilonAgainstCohortSums()).isGreaterThan(1.5 * cohorts.epsilon());
    for (CooccurrenceSimulation.Run other : List.of(cohortSum, one)) {
      assertThat(cohorts.model().head().popularity()).isEqualTo(other.model().head().popularity());
      assertThat(cohorts.model().vectors()).isEqualTo(other.model().vectors());
      assertThat(cohorts.model().eigenvalues()).isEqualTo(other.model().eigenvalues());
      assertThat(cohorts.releases().get(1).survivors())
          .isEqualTo(other.releases().get(1).survivors());
      assertThat(cohorts.epsilon()).isEqualTo(other.epsilon());
    }
    assertThat(cohorts.releases().get(0).survivors() + cohorts.releases().get(1).survivors())
        .as("some devices dropped")
        .isLessThan(2 * TRAIN.numUsers());
  }

  @Test
  void cohortsThatFallBelowTheirThreshold_addNothing_andTheOthersCarryTheRelease() {
    SimulationConfig config =
        small()
            .epsilon(8)
            .dropout(0.3)
            .minSurvivorFraction(0.4)
            .seed(2)
            .secAgg(SecAggMode.REAL)
            .maxCohortSize(3)
            .build();
    CooccurrenceSimulation.Run real = CooccurrenceSimulation.run(config, TRAIN, Progress.none());
    assertThat(real.cohorts()).isEqualTo(TRAIN.numUsers() / 3);
    assertThat(real.abortedCohorts()).isPositive();
    assertThat(real.epsilon()).isLessThanOrEqualTo(8).isGreaterThan(7.99);
    int min = (int) Math.ceil(0.4 * TRAIN.numUsers());
    for (RoundStats s : real.releases()) {
      assertThat(s.survivors()).isGreaterThanOrEqualTo(min);
    }
    // The unmasked sums count the survivors of the aborted sessions too.
    CooccurrenceSimulation.Run sum =
        CooccurrenceSimulation.run(
            small()
                .epsilon(8)
                .dropout(0.3)
                .minSurvivorFraction(0.4)
                .seed(2)
                .maxCohortSize(3)
                .build(),
            TRAIN,
            Progress.none());
    assertThat(real.releases().get(0).survivors()).isLessThan(sum.releases().get(0).survivors());
  }

  @Test
  void tooFewSurvivorsOverTheCohorts_abortsTheRun() {
    SimulationConfig config =
        small().epsilon(8).dropout(0.5).minSurvivorFraction(0.9).seed(2).maxCohortSize(10).build();
    assertThatThrownBy(() -> CooccurrenceSimulation.run(config, TRAIN, Progress.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fewer than the 54");
  }

  @Test
  void epsilonSpent_isTheTarget_andBothReleasesAreCharged() {
    CooccurrenceSimulation.Run run =
        CooccurrenceSimulation.run(small().epsilon(4).build(), TRAIN, Progress.none());
    assertThat(run.releases()).hasSize(2);
    assertThat(run.releases().get(0).epsilon()).isLessThan(run.releases().get(1).epsilon());
    assertThat(run.epsilon()).isLessThanOrEqualTo(4).isGreaterThan(3.99);
    assertThat(run.popularityNoiseMultiplier()).isGreaterThan(run.cooccurrenceNoiseMultiplier());
  }

  @Test
  void experiment_namesTheEntryFederated_andRecordsTheAlgorithm() {
    ModelReport r =
        Experiment.federated(
            List.of(SPLIT), UserAttributes.none(), small().build(), Progress.none(), null);
    assertThat(r.name()).isEqualTo(Experiment.FEDERATED);
    assertThat(r.extra()).containsEntry("algorithm", "cooccurrence").containsEntry("rounds", 2);
    assertThat(r.params()).containsEntry("algorithm", "cooccurrence");
    assertThat(r.metrics().get("ndcg@10").mean()).isGreaterThan(0);
  }

  @Test
  void iAlsSettings_areRefused() {
    assertThatThrownBy(
            () ->
                CooccurrenceSimulation.run(
                    SimulationConfig.builder().build(), TRAIN, Progress.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ials");
  }
}
