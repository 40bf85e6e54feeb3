package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.cli.text.Wording;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest extends CommandTestSupport {
  @Test
  void serve_withEmbeddedDefaults_startsOnSqlite_andWritesAnOwnerOnlyAdminToken(@TempDir Path dir)
      throws Exception {
    int code =
        run(
            "serve",
            "--port",
            "0",
            "--host",
            "127.0.0.1",
            "--data-dir",
            dir.toString(),
            "--epsilon",
            "training=3",
            "--exit-after-start");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("tacit server listening on http://127.0.0.1:");
    assertThat(dir.resolve("tacit.db")).exists();
    Path token = dir.resolve("admin-token");
    assertThat(Files.readString(token).strip()).hasSize(43);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
        .isEqualTo("rw-------");
    assertThat(out.toString()).doesNotContain(Files.readString(token).strip());
  }

  @Test
  void serve_withUnknownPurpose_isAUsageError(@TempDir Path dir) {
    int code =
        run(
            "serve",
            "--port",
            "0",
            "--data-dir",
            dir.toString(),
            "--epsilon",
            "marketing=1",
            "--exit-after-start");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("marketing");
  }

  @Test
  void serveHelp_describesTheSimulationReportOption() {
    int code = run("serve", "--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains(
            "--simulation-report=FILE",
            "--fairness-gap-threshold=GAP",
            "--public-metrics",
            "--registration-burst=N",
            "--registration-rate=PER_SECOND",
            "--attestation=NAME");
  }

  @Test
  void serve_withASimulationReport_loadsIt(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("sim.json");
    Files.writeString(
        report,
        "{\"dataset\":\"ml-100k\",\"protocol\":{},\"models\":[{\"name\":\"federated\","
            + "\"metrics\":{\"ndcg@10\":{\"mean\":0.3,\"std\":0,\"folds\":[0.3]}},"
            + "\"groups_ndcg@10\":{\"gender\":{\"F\":{\"mean\":0.28},\"M\":{\"mean\":0.32}}}}]}");
    int code =
        run(
            "serve",
            "--port",
            "0",
            "--host",
            "127.0.0.1",
            "--data-dir",
            dir.resolve("data").toString(),
            "--simulation-report",
            report.toString(),
            "--exit-after-start");

    assertThat(code).as(err.toString()).isZero();
  }

  @Test
  void serve_withAnInvalidSimulationReport_failsAndSaysWhy(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("bad.json");
    Files.writeString(report, "{\"dataset\":\"x\",\"protocol\":{},\"models\":[]}");
    int code =
        run(
            "serve",
            "--port",
            "0",
            "--data-dir",
            dir.resolve("data").toString(),
            "--simulation-report",
            report.toString(),
            "--exit-after-start");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("bad.json", "models");
    assertThat(run("serve", "--simulation-report", dir.resolve("missing.json").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no such file");
  }

  @Test
  void help_statesTheDefaultOfEveryOptionThatHasOne_andTheBudgetDefaultsAreTheServers() {
    assertThat(run("serve", "--help")).isZero();
    String help = out.toString().replaceAll("\\s+", " ");
    assertThat(help)
        .contains("default 8080")
        .contains("default 0.0.0.0")
        .contains("default ./tacit-data")
        .contains("default 1e-6")
        .contains("default 0.05");
    var budgets = dev.tacit.server.config.ServerConfig.defaultBudgets();
    for (var e : budgets.entrySet()) {
      String name = e.getKey().name().toLowerCase(java.util.Locale.ROOT);
      assertThat(help)
          .contains(name + "=" + Wording.sci(e.getValue().epsilon()))
          .contains("default " + Wording.sci(e.getValue().delta()));
    }
  }

  @Test
  void serve_withAnAttestationNotOnTheClassPath_failsNamingIt(@TempDir Path dir) {
    int code =
        run(
            "serve",
            "--port",
            "0",
            "--data-dir",
            dir.toString(),
            "--attestation",
            "play-integrity",
            "--exit-after-start");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--attestation: no attestation named \"play-integrity\" on the class path");
  }

  @Test
  void serve_withARegistrationBurstBelowOne_fails(@TempDir Path dir) {
    int code =
        run(
            "serve",
            "--port",
            "0",
            "--data-dir",
            dir.toString(),
            "--registration-burst",
            "0",
            "--exit-after-start");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--registration-burst must be >= 1, was 0");
  }

  @Test
  void serve_withANegativeRefresh_failsBeforeTheServerStarts(@TempDir Path dir) {
    int code =
        run(
            "serve",
            "--port",
            "0",
            "--data-dir",
            dir.toString(),
            "--model",
            "cooccurrence",
            "--refresh",
            "-1",
            "--exit-after-start");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--refresh must be >= 0 seconds, was -1.0");
    assertThat(out.toString()).doesNotContain("listening");
  }
}
