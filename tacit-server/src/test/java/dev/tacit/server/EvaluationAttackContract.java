package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 5: a device inflates federated evaluation. Over HTTP against a server with the
 * default evaluation settings, only through routes that existed before the fix, so these tests run
 * unchanged on the code they attack (where one device's 60 reports were all counted and a hit@10 of
 * 0.37 was accepted). Run once per database: {@link SqliteEvaluationAttackTest} and {@link
 * PostgresEvaluationAttackTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EvaluationAttackContract {
  private static final String POLICY = "2026-01";

  private TacitServer server;
  private Http http;
  private String dbUrl;
  private final SecureRandom random = new SecureRandom();

  /** The JDBC URL to test against; may skip the class with an assumption. */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  @BeforeAll
  void startServer(@TempDir Path dataDir) {
    dbUrl = databaseUrl(dataDir);
    Secret admin = Tokens.newToken(random);
    server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dataDir)
                    .databaseUrl(dbUrl)
                    .adminToken(admin)
                    .policyVersion(POLICY)
                    .build())
            .start();
    http = new Http(server.baseUri());
    server
        .models()
        .publish(1, "{\"round\":0}", TensorFrame.ofFloats(new int[] {2, 2}, new float[4]).encode());
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    dropDatabase();
  }

  @Test
  void oneDeviceReportingSixtyTimes_isCountedOnce_andEverySecondReportIsRefusedChangingNothing() {
    RegistrationResponse d = deviceWithEvaluationConsent();
    assertThat(report(d, 1, 0.5, 1).statusCode()).isEqualTo(202);
    String after = DbDump.dump(dbUrl);

    for (int i = 0; i < 59; i++) {
      HttpResponse<String> r = report(d, 1, 1.0, 1);
      assertThat(r.statusCode()).as("report %d: %s", i + 2, r.body()).isEqualTo(409);
      assertThat(tree(r.body()).path("error").asText()).isEqualTo("duplicate_evaluation");
    }

    assertThat(DbDump.dump(dbUrl)).isEqualTo(after);
  }

  @Test
  void aHitOtherThanZeroOrOne_orAnNdcgOutsideZeroToOne_isRefusedWith400_andChangesNothing() {
    RegistrationResponse d = deviceWithEvaluationConsent();
    String before = DbDump.dump(dbUrl);

    for (double[] bad :
        new double[][] {{0.5, 0.37}, {0.5, 2}, {0.5, -1}, {1.2, 1}, {-0.1, 0}, {Double.NaN, 1}}) {
      HttpResponse<String> r = report(d, 1, bad[0], bad[1]);
      assertThat(r.statusCode()).as("ndcg %s hit %s: %s", bad[0], bad[1], r.body()).isEqualTo(400);
      assertThat(tree(r.body()).path("error").asText()).isEqualTo("invalid_request");
    }

    assertThat(DbDump.dump(dbUrl)).isEqualTo(before);
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
