package dev.tacit.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationReportReadTest {
  private static EvaluationReport report() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("factors", 64L);
    params.put("alpha", 0.5);
    Map<String, Summary> metrics = new LinkedHashMap<>();
    metrics.put("ndcg@10", Summary.of(0.4, 0.5));
    metrics.put("recall@20", Summary.of(0.25));
    Map<String, Summary> gender = new LinkedHashMap<>();
    gender.put("F", Summary.of(0.3, 0.31));
    gender.put("M", Summary.of(0.35, 0.36));
    gender.put("gap", Summary.of(0.05, 0.05));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("rounds", 20L);
    extra.put("algorithm", "ials \"quoted\"\n");
    extra.put("models", List.of(Map.of("name", "ease"), true));
    ModelReport fed =
        new ModelReport(
            "federated",
            params,
            metrics,
            Map.of("gender", gender),
            Summary.of(1.5, 2.5),
            Summary.of(0.125),
            extra);
    ModelReport pop =
        new ModelReport(
            "mostpop",
            Map.of(),
            Map.of("ndcg@10", Summary.of(0.1, 0.2)),
            Map.of(),
            Summary.of(0),
            Summary.of(0),
            Map.of());
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("split", "u1..u5");
    protocol.put("folds", 5L);
    protocol.put("seed", -7L);
    return new EvaluationReport("ml-100k", protocol, List.of(fed, pop));
  }

  @Test
  void read_ofWrite_isTheSameReport() {
    EvaluationReport written = report();
    EvaluationReport read = EvaluationReport.read(written.toJson());
    assertThat(read).isEqualTo(written);
    assertThat(read.toJson()).isEqualTo(written.toJson());
  }

  @Test
  void read_keepsTheOrderOfModelsMetricsAndGroups() {
    EvaluationReport read = EvaluationReport.read(report().toJson());
    assertThat(read.models()).extracting(ModelReport::name).containsExactly("federated", "mostpop");
    assertThat(read.models().get(0).metrics().keySet()).containsExactly("ndcg@10", "recall@20");
    assertThat(read.models().get(0).groups().get("gender").keySet())
        .containsExactly("F", "M", "gap");
  }

  @Test
  void nonFiniteFigures_writtenAsNull_readAsNaN() {
    ModelReport m =
        new ModelReport(
            "x",
            Map.of(),
            Map.of("ndcg@10", new Summary(Double.NaN, Double.NaN, new double[] {Double.NaN})),
            Map.of(),
            Summary.of(1),
            Summary.of(1),
            Map.of());
    Summary s =
        EvaluationReport.read(new EvaluationReport("d", Map.of(), List.of(m)).toJson())
            .models()
            .get(0)
            .metrics()
            .get("ndcg@10");
    assertThat(s.mean()).isNaN();
    assertThat(s.std()).isNaN();
    assertThat(s.values()).hasSize(1);
  }

  @Test
  void aBareNumber_andMissingTimings_areAccepted() {
    ModelReport m =
        EvaluationReport.read(
                "{\"dataset\":\"d\",\"protocol\":{},\"models\":[{\"name\":\"m\","
                    + "\"metrics\":{\"ndcg@10\":0.25}}]}")
            .models()
            .get(0);
    assertThat(m.metrics().get("ndcg@10").mean()).isEqualTo(0.25);
    assertThat(m.metrics().get("ndcg@10").std()).isNaN();
    assertThat(m.trainSeconds().values()).isEmpty();
    assertThat(m.params()).isEmpty();
  }

  @Test
  void malformedReports_areRefused_namingTheFieldAndTheRule() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"dataset\": ", "not valid JSON");
    cases.put("{\"mean\": NaN}", "not valid JSON");
    cases.put("[1, 2]", "must be a JSON object");
    cases.put("{\"protocol\":{},\"models\":[]}", "\"dataset\" must be a string");
    cases.put(
        "{\"dataset\":\"x\",\"protocol\":[],\"models\":[]}", "\"protocol\" must be an object");
    cases.put("{\"dataset\":\"x\",\"protocol\":{},\"models\":[]}", "must be a non-empty array");
    cases.put(
        "{\"dataset\":\"x\",\"protocol\":{},\"models\":[{\"name\":\"a\"}]}",
        "models[0].metrics must be an object");
    cases.put(
        "{\"dataset\":\"x\",\"protocol\":{},\"models\":[{\"metrics\":{}}]}",
        "models[0].name must be a string");
    cases.put(
        "{\"dataset\":\"x\",\"protocol\":{},\"models\":[{\"name\":\"a\","
            + "\"metrics\":{\"ndcg@10\":\"high\"}}]}",
        "models[0].metrics.ndcg@10 must be an object with a numeric \"mean\"");
    cases.put(
        "{\"dataset\":\"x\",\"protocol\":{},\"models\":[{\"name\":\"a\","
            + "\"metrics\":{\"ndcg@10\":{\"mean\":\"high\"}}}]}",
        "finite mean");
    cases.put(
        "{\"dataset\":\"x\",\"protocol\":{},\"models\":[{\"name\":\"a\",\"metrics\":{},"
            + "\"groups_ndcg@10\":{\"gender\":1}}]}",
        "models[0].groups_ndcg@10.gender must be an object");
    cases.forEach(
        (json, message) ->
            assertThatThrownBy(() -> EvaluationReport.read(json))
                .as(json)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message));
  }
}
