package dev.tacit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalyticsQueryTest {
  private static AnalyticsQuery query(List<String> labels) {
    return new AnalyticsQuery("q-1", "top_category", labels, 1.0, LdpReport.Mechanism.GRR);
  }

  @Test
  void readableLabels_areCarried_andAnsweredByLabel() {
    AnalyticsQuery q = query(List.of("Children's", "Sci-Fi & Fantasy", "Film-Noir"));
    assertThat(q.valueOf("Children's")).isEqualTo(0);
    AnalyticsQuery back = Json.read(Json.write(q), AnalyticsQuery.class);
    assertThat(back.labels()).containsExactly("Children's", "Sci-Fi & Fantasy", "Film-Noir");
  }

  @Test
  void blankLongOrControlLabels_areRefused() {
    assertThatThrownBy(() -> query(List.of("a", " ")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("labels[1] must be 1 to 128 characters");
    assertThatThrownBy(() -> query(List.of("a", "b".repeat(129))))
        .hasMessageContaining("labels[1] must be 1 to 128 characters");
    assertThatThrownBy(() -> query(List.of("a\nb", "c")))
        .hasMessageContaining("labels[0] must be 1 to 128 characters");
    assertThatThrownBy(() -> query(List.of("a\u0085", "c")))
        .hasMessageContaining("without control characters");
  }
}
