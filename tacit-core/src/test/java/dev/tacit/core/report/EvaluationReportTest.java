package dev.tacit.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {
  private static EvaluationReport report() {
    ModelReport m =
        new ModelReport(
            "ials",
            Map.of("factors", 64),
            Map.of("ndcg@10", Summary.of(0.4, 0.5)),
            Map.of("gender", Map.of("F", Summary.of(0.3, 0.3))),
            Summary.of(1, 2),
            Summary.of(0.1, 0.1),
            Map.of("epsilon", Double.POSITIVE_INFINITY));
    return new EvaluationReport("ml-100k", Map.of("split", "folds"), List.of(m));
  }

  @Test
  void summary_hasMeanAndSampleStd() {
    Summary s = Summary.of(1, 2, 3, 4);
    assertThat(s.mean()).isEqualTo(2.5);
    assertThat(s.std()).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
    assertThat(Summary.of(7).std()).isZero();
  }

  @Test
  void json_hasTheDocumentedShape() {
    String json = report().toJson();
    assertThat(json)
        .contains("\"dataset\": \"ml-100k\"")
        .contains("\"protocol\": {")
        .contains("\"models\": [")
        .contains("\"name\": \"ials\"")
        .contains("\"ndcg@10\": {")
        .contains("\"mean\": 0.45")
        .contains("\"folds\": [0.4, 0.5]")
        .contains("\"train_seconds\": {")
        // Infinity is not JSON: it is written as null.
        .contains("\"epsilon\": null");
  }

  @Test
  void json_escapesStrings() {
    assertThat(Json.write(Map.of("a", "q\"\\\n\u0001"))).contains("\"q\\\"\\\\\\n\\u0001\"");
  }

  @Test
  void table_andMarkdown_listEveryModelAndMetric() {
    assertThat(report().toTable()).contains("ials").contains("ndcg@10").contains("0.4500 ± 0.0707");
    assertThat(report().toMarkdown()).contains("| ials |").contains("gender: F 0.3000");
  }
}
