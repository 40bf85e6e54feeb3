package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class PrivacyCommandTest {
  private static final String Q = Double.toString(256 / 60000.0);
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new PrivacyCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private static double field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":([-0-9.eE]+)").matcher(json);
    assertThat(m.find()).as("field %s in %s", name, json).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void epsilon_json_matchesImprovedReferenceValue() {
    int code =
        run(
            "epsilon",
            "--sampling-rate",
            Q,
            "--noise-multiplier",
            "1.1",
            "--steps",
            "14063",
            "--delta",
            "1e-5",
            "--json");

    assertThat(code).isZero();
    String json = out.toString().trim();
    assertThat(json).startsWith("{").endsWith("}").doesNotContain("\n");
    assertThat(field(json, "epsilon")).isCloseTo(2.597, within(2.597 * 0.005));
    assertThat(field(json, "steps")).isEqualTo(14063);
    assertThat(field(json, "noiseMultiplier")).isEqualTo(1.1);
    assertThat(field(json, "delta")).isEqualTo(1e-5);
    assertThat(field(json, "optimalOrder")).isGreaterThan(1);
    assertThat(json).contains("\"conversion\":\"improved\"");
  }

  @Test
  void epsilon_classicConversion_matchesReferenceValue() {
    int code =
        run(
            "epsilon",
            "--sampling-rate",
            Q,
            "--noise-multiplier",
            "1.1",
            "--steps",
            "14063",
            "--delta",
            "1e-5",
            "--conversion",
            "classic",
            "--json");

    assertThat(code).isZero();
    assertThat(field(out.toString(), "epsilon")).isCloseTo(3.01, within(3.01 * 0.005));
  }

  @Test
  void epsilon_text_printsEpsilonAndOrder() {
    int code =
        run(
            "epsilon",
            "--sampling-rate",
            "0.01",
            "--noise-multiplier",
            "1.0",
            "--steps",
            "100",
            "--delta",
            "1e-5");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("epsilon = ").contains("optimal RDP order");
  }

  @Test
  void noise_json_givesMultiplierThatMeetsTarget() {
    int code =
        run(
            "noise",
            "--epsilon",
            "2.597",
            "--delta",
            "1e-5",
            "--sampling-rate",
            Q,
            "--steps",
            "14063",
            "--json");

    assertThat(code).isZero();
    String json = out.toString();
    assertThat(field(json, "noiseMultiplier")).isCloseTo(1.1, within(1.1 * 0.005));
    assertThat(field(json, "achievedEpsilon")).isLessThanOrEqualTo(2.597);
    assertThat(field(json, "epsilon")).isEqualTo(2.597);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0.1", "1.5", "NaN"})
  void epsilon_withSamplingRateOutOfRange_exitsWithTwo(String q) {
    int code =
        run(
            "epsilon",
            "--sampling-rate",
            q,
            "--noise-multiplier",
            "1",
            "--steps",
            "10",
            "--delta",
            "1e-5");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--sampling-rate must be in (0, 1]");
    assertThat(out.toString()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "Infinity"})
  void epsilon_withNonPositiveNoise_exitsWithTwo(String z) {
    int code =
        run(
            "epsilon",
            "--sampling-rate",
            "0.01",
            "--noise-multiplier",
            z,
            "--steps",
            "10",
            "--delta",
            "1e-5");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--noise-multiplier must be > 0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "-1e-5", "2"})
  void noise_withDeltaOutOfRange_exitsWithTwo(String delta) {
    int code =
        run(
            "noise",
            "--epsilon",
            "1",
            "--delta",
            delta,
            "--sampling-rate",
            "0.01",
            "--steps",
            "10");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--delta must be in (0, 1)");
  }

  @Test
  void epsilon_withZeroSteps_exitsWithTwo() {
    int code =
        run(
            "epsilon",
            "--sampling-rate",
            "0.01",
            "--noise-multiplier",
            "1",
            "--steps",
            "0",
            "--delta",
            "1e-5");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--steps must be >= 1, was 0");
  }

  @Test
  void epsilon_withUnknownConversion_exitsWithTwo() {
    int code =
        run(
            "epsilon",
            "--sampling-rate",
            "0.01",
            "--noise-multiplier",
            "1",
            "--steps",
            "10",
            "--delta",
            "1e-5",
            "--conversion",
            "magic");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--conversion must be classic or improved");
  }

  @Test
  void noise_withMissingOption_exitsWithTwo() {
    int code = run("noise", "--epsilon", "1", "--delta", "1e-5", "--steps", "10");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--sampling-rate");
  }

  @Test
  void privacy_withoutSubcommand_exitsWithTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing subcommand");
  }
}
