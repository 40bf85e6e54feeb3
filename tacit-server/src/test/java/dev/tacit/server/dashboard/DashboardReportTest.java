package dev.tacit.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link SimulationReport}: reading the JSON of {@code tacit simulate/evaluate --out}. */
class DashboardReportTest {
  private static String model(String name, double ndcg, String groups) {
    return "{\"name\":\""
        + name
        + "\",\"metrics\":{\"ndcg@10\":{\"mean\":"
        + ndcg
        + ",\"std\":0,\"folds\":["
        + ndcg
        + "]}},\"groups_ndcg@10\":"
        + groups
        + "}";
  }

  private static String report(String... models) {
    return "{\"dataset\":\"d\",\"protocol\":{},\"models\":[" + String.join(",", models) + "]}";
  }

  @Test
  void nullMeans_writtenForNonFiniteFigures_areLeftOut() {
    SimulationReport r =
        SimulationReport.parse(
            report(
                model(
                    "federated",
                    0.3,
                    "{\"age\":{\"a\":{\"mean\":0.2},\"b\":{\"mean\":null},\"c\":{\"mean\":0.25}}}")));
    DashboardView.ModelFairness f = r.federatedFairness(0.05);
    assertThat(f.groups().get(0).groups()).extracting(g -> g.group()).containsExactly("a", "c");
    assertThat(f.largestGap()).isEqualTo(0.05, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(f.groups().get(0).aboveThreshold()).isFalse();
    assertThat(f.coverage()).isNull();
  }

  @Test
  void baseline_isIalsWhenPresent_elseTheFirstCentralModel() {
    String groups = "{}";
    assertThat(
            SimulationReport.parse(
                    report(
                        model("federated", 0.3, groups),
                        model("pop", 0.2, groups),
                        model("ials", 0.4, groups)))
                .baseline()
                .model())
        .isEqualTo("ials");
    assertThat(
            SimulationReport.parse(
                    report(model("federated", 0.3, groups), model("ease", 0.41, groups)))
                .baseline()
                .model())
        .isEqualTo("ease");
    assertThat(SimulationReport.parse(report(model("federated", 0.3, groups))).baseline()).isNull();
  }

  @Test
  void rerankedVariant_isComparedWithItsBase_onlyWhenTheBaseExists() {
    String g = "{}";
    SimulationReport r =
        SimulationReport.parse(
            report(
                model("federated", 0.30, g),
                model("federated+mmr", 0.28, g),
                model("ials+unknown", 0.5, g)));
    assertThat(r.reranking()).hasSize(1);
    assertThat(r.reranking().get(0).name()).isEqualTo("federated+mmr");
    assertThat(r.reranking().get(0).ndcgDelta())
        .isEqualTo(-0.02, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(r.federatedFairness(0.05).name()).isEqualTo("federated");
  }

  @Test
  void duplicateModelNames_areRefused() {
    String m = model("federated", 0.3, "{}");
    assertThatThrownBy(() -> SimulationReport.parse(report(m, m)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void nonFiniteNumbers_areRefused() {
    assertThatThrownBy(
            () ->
                SimulationReport.parse(
                    report("{\"name\":\"x\",\"metrics\":{\"ndcg@10\":{\"mean\":NaN}}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
  }
}
