package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadTestCommandTest extends CommandTestSupport {
  @Test
  void loadtest_withTwentyDevices_printsBothPhasesWithPercentiles_andNoErrors(@TempDir Path dir)
      throws Exception {
    Path json = dir.resolve("load.json");
    int code =
        run(
            "loadtest",
            "--devices",
            "20",
            "--seconds",
            "1",
            "--warmup",
            "0",
            "--items",
            "100",
            "--out",
            json.toString());

    String printed = out.toString();
    assertThat(code).as(printed + err).isZero();
    assertThat(printed)
        .contains("20 devices on loopback", "cores, JDK ", "100 x 32 floats")
        .contains("requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms")
        .containsPattern("model downloads +[1-9][0-9]* +[0-9.]+ .* 0\\n")
        .containsPattern("check-ins +[1-9][0-9]* +[0-9.]+ .* 0\\n")
        .contains("errors: none");
    JsonNode doc = Json.mapper().readTree(Files.readString(json));
    assertThat(doc.path("devices").asInt()).isEqualTo(20);
    assertThat(doc.path("machine").path("cores").asInt()).isPositive();
    assertThat(doc.path("phases")).hasSize(2);
    for (JsonNode phase : doc.path("phases")) {
      assertThat(phase.path("requests").asLong()).as(phase.toString()).isPositive();
      assertThat(phase.path("requestsPerSecond").asDouble()).isPositive();
      assertThat(phase.path("errors").size()).as(phase.toString()).isZero();
      JsonNode ms = phase.path("latencyMs");
      assertThat(ms.path("p50").asDouble()).isPositive();
      assertThat(ms.path("p50").asDouble()).isLessThanOrEqualTo(ms.path("p90").asDouble());
      assertThat(ms.path("p90").asDouble()).isLessThanOrEqualTo(ms.path("p99").asDouble());
      assertThat(ms.path("p99").asDouble()).isLessThanOrEqualTo(ms.path("max").asDouble());
    }
    JsonNode checkIns = doc.path("phases").get(1);
    assertThat(checkIns.path("name").asText()).isEqualTo("check-ins");
    assertThat(checkIns.path("answers").fieldNames())
        .toIterable()
        .allMatch(k -> k.startsWith("retry after "));
  }

  @Test
  void loadtest_withZeroDevices_isAUsageError() {
    int code = run("loadtest", "--devices", "0");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--devices must be in [1, 10000], was 0");
  }
}
