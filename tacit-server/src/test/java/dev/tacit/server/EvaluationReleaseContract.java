package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.privacy.accounting.Accountant;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.evaluation.EvaluationSettings;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 5: federated evaluation is released once per model version, when {@value #MIN}
 * devices have reported, with Gaussian noise charged to the evaluation budget, and the dashboard
 * shows the noisy released value. The evaluation budget pays for exactly one release. Run once per
 * database: {@link SqliteEvaluationReleaseTest} and {@link PostgresEvaluationReleaseTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class EvaluationReleaseContract {
  private static final String POLICY = "2026-01";
  private static final int MIN = 5;
  private static final double Z = 2.0;
  private static final double DELTA = 1e-6;

  private TacitServer server;
  private Http http;
  private String dbUrl;
  private Secret admin;
  private double oneRelease;
  private final SecureRandom random = new SecureRandom();

  /** The JDBC URL to test against; may skip the class with an assumption. */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  @BeforeAll
  void startServer(@TempDir Path dataDir) {
    dbUrl = databaseUrl(dataDir);
    admin = Tokens.newToken(random);
    // An independent RDP computation of one and of two releases: the budget lies between them.
    oneRelease = epsilon(1);
    double twoReleases = epsilon(2);
    assertThat(twoReleases).isGreaterThan(oneRelease);
    Map<Purpose, PrivacyBudget> budgets = new java.util.EnumMap<>(ServerConfig.defaultBudgets());
    budgets.put(Purpose.EVALUATION, new PrivacyBudget((oneRelease + twoReleases) / 2, DELTA));
    server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dataDir)
                    .databaseUrl(dbUrl)
                    .adminToken(admin)
                    .policyVersion(POLICY)
                    .budgets(budgets)
                    .build())
            .withEvaluation(new EvaluationSettings(MIN, Z))
            .start();
    http = new Http(server.baseUri());
    byte[] frame = TensorFrame.ofFloats(new int[] {2, 2}, new float[4]).encode();
    server.models().publish(1, "{\"round\":0}", frame);
    server.models().publish(2, "{\"round\":1}", frame);
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    dropDatabase();
  }

  private static double epsilon(int releases) {
    Accountant a = Accountant.rdp();
    for (int i = 0; i < releases; i++) {
      a.compose(PrivacyEvent.gaussian(Z, 1));
    }
    return a.guarantee(DELTA).epsilon();
  }

  @Test
  @Order(1)
  void theReportThatCompletesTheMinimum_releasesNoisySums_chargedToTheEvaluationBudget() {
    double[] ndcg = {0.2, 0.4, 0.6, 0.8, 1.0};
    double[] hit = {1, 0, 1, 0, 1};
    List<RegistrationResponse> devices = new ArrayList<>();
    for (int i = 0; i < MIN; i++) {
      devices.add(deviceWithEvaluationConsent());
    }
    for (int i = 0; i < MIN - 1; i++) {
      HttpResponse<String> r = report(devices.get(i), 1, ndcg[i], hit[i]);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      assertThat(tree(r.body()).path("released").asBoolean()).isFalse();
    }
    // Below the minimum: nothing released, nothing charged, nothing on the dashboard.
    assertThat(evaluationSpends()).isEmpty();
    assertThat(dashboard().at("/quality/points").size()).isZero();
    assertThat(server.rounds().store().evaluations()).isEmpty();

    HttpResponse<String> last = report(devices.get(MIN - 1), 1, ndcg[MIN - 1], hit[MIN - 1]);

    assertThat(last.statusCode()).as(last.body()).isEqualTo(202);
    assertThat(tree(last.body()).path("released").asBoolean()).isTrue();
    // Charged once, as one Gaussian mechanism with the configured noise multiplier, and the
    // ledger's epsilon is an independent RDP computation of that one release.
    List<JsonNode> spends = evaluationSpends();
    assertThat(spends).hasSize(1);
    JsonNode spend = spends.get(0);
    assertThat(spend.path("mechanism").asText()).isEqualTo("sampled_gaussian");
    assertThat(spend.path("samplingRateOrScale").asDouble()).isEqualTo(1.0);
    assertThat(spend.path("noiseMultiplierOrSensitivity").asDouble()).isEqualTo(Z);
    assertThat(spend.path("epsilonAfter").asDouble()).isCloseTo(oneRelease, within(1e-9));
    assertThat(server.ledger().spent(Purpose.EVALUATION).epsilon())
        .isCloseTo(oneRelease, within(1e-9));
    // The dashboard shows the noisy released means and says so. The noise on each mean has
    // standard deviation z*sqrt(2)/MIN; a released mean more than 6 of them from the true mean
    // (0.6 and 0.6) has probability below 1e-8.
    JsonNode quality = dashboard().at("/quality");
    assertThat(quality.path("note").asText()).contains("noisy released means");
    assertThat(quality.path("points").size()).isEqualTo(1);
    JsonNode point = quality.path("points").get(0);
    double sigmaOfMean = Z * Math.sqrt(2) / MIN;
    assertThat(point.path("modelVersion").asLong()).isEqualTo(1);
    assertThat(point.path("devices").asLong()).isEqualTo(MIN);
    assertThat(point.path("noiseSigma").asDouble()).isCloseTo(sigmaOfMean, within(1e-12));
    assertThat(point.path("ndcgAt10").asDouble())
        .isBetween(0.0, 1.0)
        .isCloseTo(0.6, within(6 * sigmaOfMean))
        .isNotEqualTo(0.6);
    // The exact sums, the reporter hashes and their key are gone from the database.
    String dump = DbDump.dump(dbUrl);
    assertThat(rows("evaluation_reporters")).isZero();
    assertThat(dump).doesNotContain("|3.0|3.0|");
    // A released version takes no more reports.
    RegistrationResponse latecomer = deviceWithEvaluationConsent();
    String before = DbDump.dump(dbUrl);
    HttpResponse<String> late = report(latecomer, 1, 0.5, 1);
    assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
    assertThat(tree(late.body()).path("error").asText()).isEqualTo("evaluation_released");
    assertThat(DbDump.dump(dbUrl)).isEqualTo(before);
  }

  @Test
  @Order(2)
  void aReleaseTheEvaluationBudgetCannotPay_refusesTheReport_andChangesNothing() {
    for (int i = 0; i < MIN - 1; i++) {
      assertThat(report(deviceWithEvaluationConsent(), 2, 0.5, 1).statusCode()).isEqualTo(202);
    }
    RegistrationResponse d = deviceWithEvaluationConsent();
    String before = DbDump.dump(dbUrl);

    HttpResponse<String> r = report(d, 2, 0.5, 1);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    assertThat(tree(r.body()).path("error").asText()).isEqualTo("budget_exceeded");
    assertThat(DbDump.dump(dbUrl)).isEqualTo(before);
    assertThat(evaluationSpends()).hasSize(1);
    assertThat(dashboard().at("/quality/points").size()).isEqualTo(1);
  }

  @Test
  @Order(3)
  void privacyNotice_saysExactlyWhatEvaluationSendsAndKeeps() {
    JsonNode purposes =
        tree(http.send("GET", "/v1/privacy/notice", null, null).body()).path("purposes");
    JsonNode evaluation = null;
    for (JsonNode p : purposes) {
      if (p.path("purpose").asText().equals("evaluation")) {
        evaluation = p;
      }
    }
    assertThat(evaluation).isNotNull();
    assertThat(evaluation.path("description").asText())
        .contains("at most once per version")
        .contains("NDCG@10 (a number in [0, 1]) and hit@10 (0 or 1)")
        .contains("HMAC of the device id")
        .contains("When " + MIN + " devices have reported on a version")
        .contains("released once with Gaussian noise")
        .contains("charged to the evaluation budget");
  }

  private List<JsonNode> evaluationSpends() {
    JsonNode entries =
        tree(http.send("GET", "/v1/privacy/ledger", null, null).body()).path("entries");
    List<JsonNode> out = new ArrayList<>();
    entries.forEach(
        e -> {
          if (e.path("purpose").asText().equals("evaluation")) {
            out.add(e);
          }
        });
    return out;
  }

  private JsonNode dashboard() {
    HttpResponse<String> r = http.send("GET", "/v1/admin/dashboard", admin.reveal(), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return tree(r.body());
  }

  private long rows(String table) {
    return DbDump.dump(dbUrl)
        .lines()
        .dropWhile(l -> !l.equals("## " + table))
        .skip(1)
        .takeWhile(l -> !l.startsWith("## "))
        .count();
  }

  private RegistrationResponse deviceWithEvaluationConsent() {
    HttpResponse<String> r =
        http.send("POST", "/v1/devices", null, "{\"protocolVersion\":1,\"sdkVersion\":\"0.1.0\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    RegistrationResponse d = Json.read(r.body(), RegistrationResponse.class);
    HttpResponse<String> c =
        http.send(
            "POST",
            "/v1/devices/" + d.deviceId() + "/consent",
            d.token(),
            "{\"deviceId\":\""
                + d.deviceId()
                + "\",\"purpose\":\"evaluation\",\"granted\":true,\"policyVersion\":\""
                + POLICY
                + "\",\"time\":\"2026-01-31T12:00:00Z\"}");
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    return d;
  }

  private HttpResponse<String> report(
      RegistrationResponse d, long version, double ndcg, double hit) {
    return http.send(
        "POST",
        "/v1/devices/" + d.deviceId() + "/evaluations",
        d.token(),
        "{\"deviceId\":\""
            + d.deviceId()
            + "\",\"modelVersion\":"
            + version
            + ",\"ndcgAt10\":"
            + ndcg
            + ",\"hitAt10\":"
            + hit
            + "}");
  }

  private static JsonNode tree(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
