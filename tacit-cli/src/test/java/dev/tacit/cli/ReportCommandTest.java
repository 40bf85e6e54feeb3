package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.report.Summary;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.TacitServer;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.DeviceRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest extends CommandTestSupport {
  private static final String EVIL = "<script>alert('x')</script> & \"quotes\"";

  @TempDir Path dir;

  private final SecureRandom random = new SecureRandom();
  private final List<String> deviceIds = new ArrayList<>();
  private double trainingEpsilon;

  /** A real server database: devices, consents, two model versions, ledger, rounds, evaluations. */
  private Path serverDatabase(boolean publish) throws Exception {
    Path data = dir.resolve("data");
    try (TacitServer server =
        TacitServer.create(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(data).build())
            .start()) {
      for (int i = 0; i < 3; i++) {
        String id = Tokens.newId("d-", random);
        deviceIds.add(id);
        DeviceRecord d =
            server
                .storage()
                .registerDevice(id, Tokens.newToken(random).hash(), Tokens.newId("a-", random));
        Instant t = Instant.parse("2026-01-31T12:00:00Z");
        server.storage().appendConsent(d, Purpose.TRAINING, true, "p1", t);
        if (i < 2) {
          server.storage().appendConsent(d, Purpose.ANALYTICS, true, "p1", t);
        }
        if (i == 0) {
          server.storage().appendConsent(d, Purpose.TRAINING, false, "p1", t);
        }
      }
      if (!publish) {
        return data;
      }
      byte[] frame = TensorFrame.ofFloats(new int[] {2, 2}, new float[] {1, 2, 3, 4}).encode();
      server.models().publish(1, "{\"round\":0}", frame);
      server
          .models()
          .publish(2, "{\"round\":2,\"note\":\"" + EVIL.replace("\"", "'") + "\"}", frame);
      for (int round = 1; round <= 2; round++) {
        assertThat(
                server
                    .ledger()
                    .trySpend(
                        Purpose.TRAINING,
                        PrivacyEvent.sampledGaussian(0.05, 1.1, 1),
                        "round " + round,
                        // Device 1 was counted in both rounds, device 2 in the first only.
                        round == 1 ? deviceIds.subList(1, 3) : deviceIds.subList(1, 2))
                    .accepted())
            .isTrue();
      }
      trainingEpsilon = server.ledger().spent(Purpose.TRAINING).epsilon();
    }
    String url = "jdbc:sqlite:" + data.resolve("tacit.db").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO rounds VALUES (1, 1, NULL, 'aborted', 60, 10, 50, 1.1, 0.05, 0.0, 1e-6,"
              + " NULL, '2026-02-01T10:00:00Z', '2026-02-01T10:05:00Z', 'below threshold', 0.2,"
              + " NULL)");
      s.executeUpdate(
          "INSERT INTO rounds VALUES (2, 1, 2, 'completed', 50, 45, 5, 1.1, 0.05, "
              + trainingEpsilon
              + ", 1e-6, 0.5, '2026-02-01T11:00:00Z', '2026-02-01T11:05:00Z', 'ok', 0.2, 2)");
      s.executeUpdate(
          "INSERT INTO rounds VALUES (3, 2, NULL, 'recruiting', 0, 0, 0, 1.1, 0.05, "
              + trainingEpsilon
              + ", 1e-6, NULL, '2026-02-01T12:00:00Z', NULL, '"
              + EVIL.replace("'", "''")
              + "', 0.2, NULL)");
      // Version 2's evaluation, released (noisy sums; charged by ledger spend 1).
      s.executeUpdate(
          "INSERT INTO evaluations VALUES (2, 40, 10.0, 24.0, '2026-02-01T12:30:00Z',"
              + " '2026-02-01T12:30:00Z', 1, 9.9, '')");
    }
    return data;
  }

  private Path simulationReport() throws Exception {
    Map<String, Summary> metrics = new LinkedHashMap<>();
    metrics.put("ndcg@10", Summary.of(0.30, 0.32));
    metrics.put("recall@20", Summary.of(0.20, 0.22));
    metrics.put("coverage@10", Summary.of(0.41, 0.43));
    metrics.put("gini@10", Summary.of(0.80, 0.82));
    metrics.put("arp@10", Summary.of(150, 152));
    Map<String, Summary> gender = new LinkedHashMap<>();
    gender.put("F", Summary.of(0.25, 0.27));
    gender.put("M", Summary.of(0.33, 0.35));
    gender.put("gap", Summary.of(0.08, 0.08));
    Map<String, Map<String, Summary>> groups = new LinkedHashMap<>();
    groups.put("gender", gender);
    ModelReport federated =
        new ModelReport(
            "federated-ials",
            Map.of("factors", 32),
            metrics,
            groups,
            Summary.of(1, 1),
            Summary.of(1, 1),
            Map.of("epsilon", 4.2));
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("folds", "u1..u2");
    protocol.put("k", 10);
    EvaluationReport report = new EvaluationReport("ml-100k", protocol, List.of(federated));
    Path file = dir.resolve("sim.json");
    Files.writeString(file, report.toJson(), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void report_writesAMarkdownAndASelfContainedHtmlCard_fromARealServerDatabase() throws Exception {
    Path data = serverDatabase(true);
    Path cardDir = dir.resolve("card");
    int code =
        run(
            "report",
            "--data-dir",
            data.toString(),
            "--simulation-report",
            simulationReport().toString(),
            "--out",
            cardDir.toString());

    assertThat(code).as(err.toString()).isZero();
    Path md = cardDir.resolve("model-card.md");
    Path html = cardDir.resolve("model-card.html");
    assertThat(out.toString()).contains(md.toString()).contains(html.toString());
    String m = Files.readString(md);
    assertThat(m)
        .contains("# Model card: Tacit model version 2")
        .contains("| registered devices | 3 |")
        .contains("| devices granting training | 2 |")
        .contains("| devices granting analytics | 2 |")
        .contains("| rounds completed | 1 |")
        .contains("| rounds aborted | 1 |")
        .contains("| rounds in progress | 1 |")
        .contains("50 / 55.0 / 60")
        .contains("| survivors (devices in the sum), total | 55 |")
        .contains("| dropouts, total | 55 |")
        .contains("| round that produced this version | 2 |")
        .contains("| rounds charged to the privacy ledger (their sum was released) | 1 |")
        .contains("| rounds rejected (sum above what honest clipping and noise allow; charged,")
        .contains("kappa = 0.20 (this epsilon holds if at most that fraction of the devices")
        .contains(String.format(Locale.ROOT, "epsilon = %.4f at delta = 1e-6", trainingEpsilon))
        .contains("sampled Gaussian q=0.05000 z=1.1000 x1")
        .contains("This epsilon is against those who see only the published models")
        .contains(
            String.format(
                Locale.ROOT,
                "Epsilon against the server, per device (each device's own rounds, the ones its"
                    + " update was counted in, composed without amplification, at the same delta):"
                    + " at most %.4f, median %.4f, over the 2 device(s) counted in at least one"
                    + " round (at most 2 round(s) for one device)",
                ownEpsilon(2),
                (ownEpsilon(1) + ownEpsilon(2)) / 2))
        .contains("Mironov, Talwar and Zhang 2019")
        .contains("| 40 | 0.2500 | 0.6000 |")
        .contains("ml-100k")
        .contains("folds = u1..u2")
        .contains("federated-ials")
        .contains("F 0.2600 ± 0.0141, M 0.3400 ± 0.0141")
        .contains("| 0.0800 ± 0.0000 |")
        .contains("0.4200 ± 0.0141")
        .contains("151.0000 ± 1.4142")
        .contains("self-reported")
        .contains("Fairness groups come only from the simulation");
    // The ledger's ε, recomputed from its entries, equals the stored one.
    String eps = String.format(Locale.ROOT, "%.4f", trainingEpsilon);
    assertThat(m)
        .contains(
            "| training | 2 | sampled Gaussian q=0.05000 z=1.1000 x1 | "
                + eps
                + " | "
                + eps
                + " |");
    String h = Files.readString(html);
    assertThat(h).startsWith("<!DOCTYPE html>").contains("<table>").contains("151.0000 ± 1.4142");
    assertThat(h.toLowerCase(Locale.ROOT))
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("src=")
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("url(");
    assertThat(h)
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;");
    assertThat(m).doesNotContain("<script>").contains("&lt;script&gt;");
    for (String id : deviceIds) {
      assertThat(m).doesNotContain(id);
      assertThat(h).doesNotContain(id);
    }
  }

  @Test
  void report_anOperatorWhoLowersTheLedgersStoredEpsilon_isShownTheEpsilonItsEntriesSpent()
      throws Exception {
    Path data = serverDatabase(true);
    String url = "jdbc:sqlite:" + data.resolve("tacit.db").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE privacy_ledger SET epsilon_after = 0.01")).isPositive();
    }
    Path cardDir = dir.resolve("card");
    assertThat(run("report", "--data-dir", data.toString(), "--out", cardDir.toString()))
        .as(err.toString())
        .isZero();

    // The card recomputes ε from the ledger's entries (mechanism, q, z, count): the stored figure
    // the operator wrote stands beside the ε the entries spent, so the edit shows.
    String m = Files.readString(cardDir.resolve("model-card.md"));
    assertThat(m)
        .contains(
            "| training | 2 | sampled Gaussian q=0.05000 z=1.1000 x1 | 0.0100 | "
                + String.format(Locale.ROOT, "%.4f", trainingEpsilon)
                + " |");
  }

  @Test
  void report_withoutASimulationReport_saysThereIsNoFairnessAudit() throws Exception {
    Path data = serverDatabase(true);
    Path cardDir = dir.resolve("card");
    assertThat(run("report", "--data-dir", data.toString(), "--out", cardDir.toString()))
        .as(err.toString())
        .isZero();
    String m = Files.readString(cardDir.resolve("model-card.md"));
    assertThat(m).contains("No fairness audit").contains("no simulation report was given");
  }

  @Test
  void report_withoutAReportFile_usesTheReportTheServerStored_asTheDashboardDoes()
      throws Exception {
    Path data = serverDatabase(true);
    String json = Files.readString(simulationReport());
    try (dev.tacit.server.store.Storage storage =
        dev.tacit.server.store.Storage.open(
            "jdbc:sqlite:" + data.resolve("tacit.db").toAbsolutePath(),
            java.time.Clock.systemUTC(),
            dev.tacit.server.security.AuditKey.read(data.resolve("audit-key")))) {
      new dev.tacit.server.store.DashboardQueries(storage)
          .saveReport(json, "upload", "ab".repeat(32));
    }
    Path cardDir = dir.resolve("card");
    assertThat(run("report", "--data-dir", data.toString(), "--out", cardDir.toString()))
        .as(err.toString())
        .isZero();
    String m = Files.readString(cardDir.resolve("model-card.md"));
    assertThat(m)
        .doesNotContain("no simulation report was given")
        .contains("the report stored on the server (upload, loaded")
        .contains("F 0.2600 ± 0.0141, M 0.3400 ± 0.0141");
  }

  @Test
  void report_withoutADatabase_isAnArgumentError() {
    assertThat(run("report", "--data-dir", dir.resolve("none").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no server database at");
    assertThat(run("report", "--db", "jdbc:sqlite:" + dir.resolve("none.db"))).isEqualTo(2);
    assertThat(err.toString()).contains("no SQLite database at");
    assertThat(Files.exists(dir.resolve("none.db"))).isFalse();
  }

  @Test
  void report_beforeAnyModelVersion_failsClearly_andWritesNothing() throws Exception {
    Path data = serverDatabase(false);
    Path cardDir = dir.resolve("card");
    assertThat(run("report", "--data-dir", data.toString(), "--out", cardDir.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("no model version yet");
    assertThat(Files.exists(cardDir.resolve("model-card.md"))).isFalse();
  }

  @Test
  void report_withAMalformedSimulationReport_isAnArgumentError_andWritesNothing() throws Exception {
    Path data = serverDatabase(true);
    Path cardDir = dir.resolve("card");
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("not-json.json", "{\"dataset\": ");
    bad.put("array.json", "[1, 2]");
    bad.put("no-models.json", "{\"dataset\":\"x\",\"protocol\":{},\"models\":[]}");
    bad.put(
        "bad-metric.json",
        "{\"dataset\":\"x\",\"protocol\":{},\"models\":[{\"name\":\"m\",\"metrics\":"
            + "{\"ndcg@10\":\"high\"}}]}");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.writeString(file, e.getValue());
      err.getBuffer().setLength(0);
      int code =
          run(
              "report",
              "--data-dir",
              data.toString(),
              "--simulation-report",
              file.toString(),
              "--out",
              cardDir.toString());
      assertThat(code).as(e.getKey()).isEqualTo(2);
      assertThat(err.toString())
          .as(e.getKey())
          .contains("--simulation-report")
          .contains(e.getKey());
    }
    assertThat(err.toString()).contains("ndcg@10 must be an object with a numeric \"mean\"");
    assertThat(Files.exists(cardDir)).isFalse();
    assertThat(
            run(
                "report",
                "--data-dir",
                data.toString(),
                "--simulation-report",
                dir.resolve("missing.json").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no file at");
  }

  /** ε of k Gaussian releases at z = 1.1, unamplified, as a device counted in them has it. */
  private static double ownEpsilon(int k) {
    return dev.tacit.privacy.participant.ParticipantBudget.spent(
            java.util.Collections.nCopies(k, PrivacyEvent.gaussian(1.1, 1)), 1e-6)
        .epsilon();
  }
}
