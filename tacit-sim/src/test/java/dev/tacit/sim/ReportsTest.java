package dev.tacit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.eval.Progress;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import dev.tacit.core.synth.SyntheticConfig;
import dev.tacit.core.synth.SyntheticGenerator;
import dev.tacit.federated.FederatedConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  private static final Split SPLIT =
      Splits.randomHoldout(
          SyntheticGenerator.generate(SyntheticConfig.of(60, 80, 5).withMeanInteractions(12))
              .interactions(),
          0.2,
          5);

  @TempDir Path dir;

  private static SimulationConfig.Builder small() {
    return SimulationConfig.builder()
        .federated(FederatedConfig.defaults().withFactors(4))
        .clipNorm(2)
        .rounds(3);
  }

  @Test
  void federatedReport_carriesEpsilonDeltaRoundsAndHistory() {
    List<FederatedRun> runs = new ArrayList<>();
    ModelReport r =
        Experiment.federated(
            List.of(SPLIT),
            UserAttributes.none(),
            small().noiseMultiplier(1).build(),
            Progress.none(),
            runs);
    assertThat(r.name()).isEqualTo("federated");
    assertThat(r.metrics()).containsKeys("ndcg@10", "recall@20");
    assertThat(r.extra()).containsKeys("epsilon", "delta", "rounds", "noise_multiplier");
    assertThat(r.extra().get("epsilon")).isEqualTo(runs.get(0).epsilon());
    assertThat(r.extra().get("rounds")).isEqualTo(3);
    assertThat((List<?>) r.extra().get("history")).hasSize(3);
    Map<?, ?> first = (Map<?, ?>) ((List<?>) r.extra().get("history")).get(0);
    assertThat(first.get("split")).isEqualTo(SPLIT.name());
    assertThat(first.get("round")).isEqualTo(1L);
  }

  @Test
  void sweep_writesPngAndSvgChart_andTable() throws IOException {
    List<ModelReport> refs =
        Experiment.references(
            List.of(SPLIT),
            UserAttributes.none(),
            FederatedConfig.defaults().withFactors(4),
            1,
            Progress.none());
    EpsilonSweep.Result result =
        EpsilonSweep.run(
            List.of(Double.POSITIVE_INFINITY, 4.0),
            eps -> small().epsilon(eps).build(),
            List.of(SPLIT),
            UserAttributes.none(),
            refs,
            Progress.none());
    assertThat(result.points()).hasSize(2);
    assertThat(result.points().get(1).epsilonSpent()).isLessThanOrEqualTo(4);
    assertThat(result.points().get(0).noiseMultiplier()).isZero();
    List<Path> files = CurveChart.write(result, "test", dir.resolve("curve"));
    byte[] png = Files.readAllBytes(files.get(0));
    assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    assertThat(Files.readString(files.get(1), StandardCharsets.UTF_8)).contains("<svg");
    assertThat(result.toMarkdown()).contains("| ∞ |").contains("| 4 |").contains("ials");
  }

  @Test
  void sweepOfBothAlgorithms_drawsOneLinePerAlgorithmOnOneChart() throws IOException {
    List<Double> eps = List.of(Double.POSITIVE_INFINITY, 4.0);
    List<EpsilonSweep.Point> points = new ArrayList<>();
    for (Algorithm a : Algorithm.values()) {
      points.addAll(
          EpsilonSweep.run(
                  eps,
                  e -> small().algorithm(a).epsilon(e).build(),
                  List.of(SPLIT),
                  UserAttributes.none(),
                  List.of(),
                  Progress.none())
              .points());
    }
    EpsilonSweep.Result result = new EpsilonSweep.Result(points, List.of());
    assertThat(result.algorithms()).containsExactly("ials", "cooccurrence");
    assertThat(result.points().get(3).epsilonSpent()).isLessThanOrEqualTo(4);
    assertThat(CurveChart.chart(result, "both").getSeriesMap().keySet())
        .containsExactly("federated (ials)", "federated (cooccurrence)");
    assertThat(CurveChart.write(result, "both", dir.resolve("both")).get(0)).exists();
    assertThat(result.toMarkdown()).contains("| federated (cooccurrence) | 4 |");
  }

  @Test
  void theCurvesXAxis_isLog2OfEpsilon_withInfinitySetApart() {
    double inf = Double.POSITIVE_INFINITY;
    // ∞, 8, 2: 8 and 2 stand two log steps apart, ∞ after an empty slot
    assertThat(CurveChart.slots(List.of(inf, 8.0, 2.0)))
        .containsExactly("2", "4", "8", CurveChart.GAP, "∞");
    assertThat(CurveChart.slots(List.of(inf, 16.0, 8.0, 4.0, 2.0, 1.0)))
        .containsExactly("1", "2", "4", "8", "16", CurveChart.GAP, "∞");
    assertThat(CurveChart.slots(List.of(0.5, 2.0))).containsExactly("0.5", "1", "2");
    // not all powers of two: the sweep's own values, in order
    assertThat(CurveChart.slots(List.of(3.0, 1.0, inf)))
        .containsExactly("1", "3", CurveChart.GAP, "∞");
    assertThat(CurveChart.slots(List.of(inf))).containsExactly("∞");
  }

  @Test
  void populationStudy_answersHowManyUsers() {
    PopulationStudy.Result result =
        PopulationStudy.run(
            List.of(40, 80), 60, users -> small().epsilon(8).build(), 0.01, 3, Progress.none());
    assertThat(result.points()).extracting(PopulationStudy.Point::users).containsExactly(40, 80);
    assertThat(result.usersNeeded()).isEqualTo(40);
    assertThat(result.answer()).contains("from 40 users");
  }
}
