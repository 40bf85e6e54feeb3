package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.SpendDecision;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole {@code /v1} API against a real server on a random port with a real HTTP client. Run
 * once per database: {@link SqliteServerApiTest} and {@link PostgresServerApiTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerApiContract {
  private static final String POLICY = "2026-01";

  private TacitServer server;
  private Http http;
  private String dbUrl;
  private Secret admin;
  private RegistrationResponse a;
  private RegistrationResponse b;
  private final SecureRandom random = new SecureRandom();

  /** The JDBC URL to test against; may skip the class with an assumption. */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  @BeforeAll
  void startServer(@TempDir Path dataDir) {
    dbUrl = databaseUrl(dataDir);
    admin = Tokens.newToken(random);
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
    a = register();
    b = register();
    server.models().publish(1, "{\"round\":0,\"note\":\"initial\"}", frame(4, 3, 1f));
    server.models().publish(2, "{\"round\":1,\"cohort\":100}", frame(500, 16, 0.25f));
    SpendDecision d =
        server
            .ledger()
            .trySpend(Purpose.TRAINING, PrivacyEvent.sampledGaussian(0.01, 1.1, 100), "round 1");
    assertThat(d.spend()).isPresent();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    dropDatabase();
  }

  private static byte[] frame(int rows, int cols, float scale) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 7) * scale;
    }
    return TensorFrame.ofFloats(new int[] {rows, cols}, v).encode();
  }

  private RegistrationResponse register() {
    HttpResponse<String> r =
        http.send("POST", "/v1/devices", null, "{\"protocolVersion\":1,\"sdkVersion\":\"0.1.0\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.read(r.body(), RegistrationResponse.class);
  }

  private static JsonNode tree(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private String consentBody(String deviceId, String purpose, boolean granted) {
    return "{\"deviceId\":\""
        + deviceId
        + "\",\"purpose\":\""
        + purpose
        + "\",\"granted\":"
        + granted
        + ",\"policyVersion\":\""
        + POLICY
        + "\",\"time\":\"2026-01-31T12:00:00Z\"}";
  }

  // ---- devices -------------------------------------------------------------------------------

  @Test
  void register_storesOnlyTheSha256OfTheToken() {
    RegistrationResponse r = register();
    String dump = DbDump.dump(dbUrl);
    assertThat(r.token()).hasSize(43);
    assertThat(dump).contains(r.deviceId()).contains(Tokens.hash(r.token()));
    assertThat(dump).doesNotContain(r.token());
    assertThat(dump).doesNotContain(a.token()).doesNotContain(b.token());
  }

  @Test
  void getDevice_withItsToken_returnsRegistrationAndConsentEvents() {
    RegistrationResponse d = register();
    http.send(
        "POST",
        "/v1/devices/" + d.deviceId() + "/consent",
        d.token(),
        consentBody(d.deviceId(), "training", true));
    HttpResponse<String> r = http.send("GET", "/v1/devices/" + d.deviceId(), d.token(), null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode n = tree(r.body());
    assertThat(n.get("deviceId").asText()).isEqualTo(d.deviceId());
    assertThat(n.get("registeredAt").asText()).isNotBlank();
    assertThat(n.get("tokenHash").asText()).isEqualTo(Tokens.hash(d.token()));
    assertThat(n.get("consentEvents")).hasSize(1);
    assertThat(n.get("consentEvents").get(0).get("purpose").asText()).isEqualTo("training");
    assertThat(n.get("consentEvents").get(0).get("policyVersion").asText()).isEqualTo(POLICY);
    assertThat(n.get("auditEntries")).hasSize(3);
    assertThat(n.get("auditEntries").get(0).get("action").asText()).isEqualTo("device.registered");
    assertThat(n.get("auditEntries").get(1).get("action").asText()).isEqualTo("consent.granted");
    // This request itself: seeing (or exporting) what the server holds is audited too.
    assertThat(n.get("auditEntries").get(2).get("action").asText()).isEqualTo("device.viewed");
  }

  @Test
  void consent_isAppendedNeverOverwritten_andAudited() {
    RegistrationResponse d = register();
    String path = "/v1/devices/" + d.deviceId() + "/consent";
    assertThat(
            http.send("POST", path, d.token(), consentBody(d.deviceId(), "analytics", true))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            http.send("POST", path, d.token(), consentBody(d.deviceId(), "analytics", false))
                .statusCode())
        .isEqualTo(201);
    JsonNode events =
        tree(http.send("GET", "/v1/devices/" + d.deviceId(), d.token(), null).body())
            .get("consentEvents");
    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("granted").asBoolean()).isTrue();
    assertThat(events.get(1).get("granted").asBoolean()).isFalse();
    assertThat(DbDump.dump(dbUrl)).contains("consent.granted").contains("consent.withdrawn");
  }

  @Test
  void delete_erasesEveryRowMentioningTheDevice_andLogsTheDeletionWithoutTheId() {
    RegistrationResponse d = register();
    http.send(
        "POST",
        "/v1/devices/" + d.deviceId() + "/consent",
        d.token(),
        consentBody(d.deviceId(), "training", true));
    int deletionsBefore = server.storage().deletionLog().size();
    assertThat(DbDump.dump(dbUrl)).contains(d.deviceId());

    HttpResponse<String> r = http.send("DELETE", "/v1/devices/" + d.deviceId(), d.token(), null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(tree(r.body()).get("deleted").asBoolean()).isTrue();
    String dump = DbDump.dump(dbUrl);
    assertThat(dump).doesNotContain(d.deviceId()).doesNotContain(Tokens.hash(d.token()));
    assertThat(server.storage().deletionLog()).hasSize(deletionsBefore + 1);
    assertThat(dump).contains("device.deleted");
    assertThat(http.send("GET", "/v1/devices/" + d.deviceId(), d.token(), null).statusCode())
        .isEqualTo(404);
  }

  // ---- models --------------------------------------------------------------------------------

  @Test
  void latestModel_isTheNewestFrame_withEtag() {
    HttpResponse<byte[]> r = http.sendBytes("GET", "/v1/models/latest", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/octet-stream"));
    TensorFrame f = TensorFrame.decode(r.body());
    assertThat(f.shape()).containsExactly(500, 16);
    String crc = Long.toHexString(TensorFrame.crcOf(r.body()));
    assertThat(r.headers().firstValue("ETag")).hasValue("\"v2-" + crc + "\"");
  }

  @Test
  void modelByVersion_withMatchingIfNoneMatch_is304() {
    HttpResponse<byte[]> first = http.sendBytes("GET", "/v1/models/1", null, null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(TensorFrame.decode(first.body()).shape()).containsExactly(4, 3);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> again =
        http.sendBytes("GET", "/v1/models/1", null, null, "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    HttpResponse<byte[]> other =
        http.sendBytes("GET", "/v1/models/2", null, null, "If-None-Match", etag);
    assertThat(other.statusCode()).isEqualTo(200);
  }

  @Test
  void model_isGzipped_whenTheClientAccepts() throws IOException {
    HttpResponse<byte[]> r =
        http.sendBytes("GET", "/v1/models/2", null, null, "Accept-Encoding", "gzip");
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    byte[] plain = new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
    assertThat(plain.length).isGreaterThan(r.body().length);
    assertThat(TensorFrame.decode(plain).shape()).containsExactly(500, 16);
  }

  // ---- privacy -------------------------------------------------------------------------------

  @Test
  void privacyNotice_showsBudgetsAndEpsilonSpentFromTheLedger() {
    HttpResponse<String> r = http.send("GET", "/v1/privacy/notice", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode n = tree(r.body());
    assertThat(n.get("policyVersion").asText()).isEqualTo(POLICY);
    JsonNode training = null;
    for (JsonNode p : n.get("purposes")) {
      if (p.get("purpose").asText().equals("training")) {
        training = p;
      }
    }
    assertThat(training).isNotNull();
    double spent = server.ledger().spent(Purpose.TRAINING).epsilon();
    assertThat(spent).isPositive();
    assertThat(training.get("epsilonSpent").asDouble()).isEqualTo(spent);
    assertThat(training.get("epsilonBudget").asDouble()).isEqualTo(8.0);
    assertThat(n.get("dataCategories").get("onServer").toString()).contains("pseudonymous");
  }

  @Test
  void privacyNotice_statesTheTrustAssumptionKappa_nextToTrainingEpsilon() {
    JsonNode n = tree(http.send("GET", "/v1/privacy/notice", null, null).body());
    for (JsonNode p : n.get("purposes")) {
      if (p.get("purpose").asText().equals("training")) {
        assertThat(p.get("colludingFraction").asDouble())
            .isEqualTo(dev.tacit.federated.PrivacySettings.DEFAULT_COLLUDING_FRACTION);
        assertThat(p.get("trustAssumption").asText())
            .contains("up to 20%", "kappa = 0.2", "collude with the server");
      } else {
        assertThat(p.get("colludingFraction").isNull()).as(p.toString()).isTrue();
        assertThat(p.get("trustAssumption").isNull()).as(p.toString()).isTrue();
      }
    }
    assertThat(http.send("GET", "/v1/privacy/notice?format=text", null, null).body())
        .contains("trust assumption: epsilon holds even if up to 20% (kappa = 0.2)");
  }

  @Test
  void privacyNotice_asText_isPlainText() {
    HttpResponse<String> r = http.send("GET", "/v1/privacy/notice?format=text", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(r.body())
        .contains("policy version " + POLICY)
        .contains("training")
        .contains("epsilon");
  }

  @Test
  void privacyLedger_listsTheSpendWithEpsilonAfter() {
    JsonNode entries =
        tree(http.send("GET", "/v1/privacy/ledger", null, null).body()).get("entries");
    assertThat(entries).isNotEmpty();
    JsonNode first = entries.get(0);
    assertThat(first.get("purpose").asText()).isEqualTo("training");
    assertThat(first.get("mechanism").asText()).isEqualTo("sampled_gaussian");
    assertThat(first.get("epsilonAfter").asDouble())
        .isEqualTo(server.ledger().spends().isEmpty() ? -1 : first.get("epsilonAfter").asDouble())
        .isPositive();
    assertThat(first.get("repetitions").asLong()).isEqualTo(100);
  }

  // ---- operations ----------------------------------------------------------------------------

  @Test
  void health_isOk() {
    HttpResponse<String> r = http.send("GET", "/health", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(tree(r.body()).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void metrics_exposeRequestTimersDevicesConsentsAndEpsilon() {
    http.send("GET", "/health", null, null);
    HttpResponse<String> r = http.send("GET", "/metrics", admin.reveal(), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("tacit_http_requests_seconds_count{endpoint=\"/health\"")
        .contains("tacit_devices_registered")
        .contains("tacit_consents_granted{purpose=\"training\"}")
        .contains("tacit_privacy_epsilon_spent{purpose=\"training\"}");
  }

  // ---- audit ---------------------------------------------------------------------------------

  private JsonNode verify() {
    HttpResponse<String> r = http.send("GET", "/v1/admin/audit/verify", admin.reveal(), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return tree(r.body());
  }

  @Test
  void auditVerify_passesOnAnUntouchedLog() {
    JsonNode v = verify();
    assertThat(v.get("valid").asBoolean()).as(v.toString()).isTrue();
    assertThat(v.get("rows").asLong()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void auditVerify_withModifiedRow_failsNamingTheRow() {
    String detail = server.storage().audit().entries().get(2).detail();
    DbDump.execute(dbUrl, "UPDATE audit_log SET detail = 'forged' WHERE seq = 3");
    try {
      JsonNode v = verify();
      assertThat(v.get("valid").asBoolean()).isFalse();
      assertThat(v.get("firstBadRow").asLong()).isEqualTo(3);
      assertThat(v.get("problem").asText()).contains("row 3");
    } finally {
      DbDump.execute(
          dbUrl, "UPDATE audit_log SET detail = '" + detail.replace("'", "''") + "' WHERE seq = 3");
    }
    assertThat(verify().get("valid").asBoolean()).isTrue();
  }

  @Test
  void auditVerify_withDeletedRow_failsNamingTheNextRow() {
    var e = server.storage().audit().entries().get(1);
    DbDump.execute(dbUrl, "DELETE FROM audit_log WHERE seq = 2");
    try {
      JsonNode v = verify();
      assertThat(v.get("valid").asBoolean()).isFalse();
      assertThat(v.get("firstBadRow").asLong()).isEqualTo(3);
    } finally {
      DbDump.execute(
          dbUrl,
          "INSERT INTO audit_log (seq, event_time, action, subject, detail, prev_hash, hash,"
              + " chain) VALUES (2, '"
              + e.time()
              + "', '"
              + e.action()
              + "', '"
              + e.subject()
              + "', '"
              + e.detail().replace("'", "''")
              + "', '"
              + e.prevHash()
              + "', '"
              + e.hash()
              + "', 'hmac-sha256')");
    }
    assertThat(verify().get("valid").asBoolean()).isTrue();
  }

  @Test
  void auditVerify_withNewestRowDeleted_failsNamingTheMissingRow() {
    server.storage().audit("test.marker", "newest");
    List<dev.tacit.server.store.AuditLog.Entry> entries = server.storage().audit().entries();
    var e = entries.get(entries.size() - 1);
    DbDump.execute(dbUrl, "DELETE FROM audit_log WHERE seq = " + e.seq());
    try {
      JsonNode v = verify();
      assertThat(v.get("valid").asBoolean()).isFalse();
      assertThat(v.get("firstBadRow").asLong()).isEqualTo(e.seq());
      assertThat(v.get("problem").asText()).contains("row " + e.seq() + " was written");
    } finally {
      DbDump.execute(
          dbUrl,
          "INSERT INTO audit_log (seq, event_time, action, subject, detail, prev_hash, hash,"
              + " chain) VALUES ("
              + e.seq()
              + ", '"
              + e.time()
              + "', '"
              + e.action()
              + "', '"
              + e.subject()
              + "', '"
              + e.detail()
              + "', '"
              + e.prevHash()
              + "', '"
              + e.hash()
              + "', 'hmac-sha256')");
    }
    assertThat(verify().get("valid").asBoolean()).isTrue();
  }

  @Test
  void auditVerify_withAppendedForgedRow_fails() {
    long last = server.storage().audit().entries().size();
    long forged = last + 1;
    DbDump.execute(
        dbUrl,
        "INSERT INTO audit_log (seq, event_time, action, subject, detail, prev_hash, hash)"
            + " VALUES ("
            + forged
            + ", '2026-01-01T00:00:00Z', 'device.deleted', '-', '', '"
            + "0".repeat(64)
            + "', '"
            + "1".repeat(64)
            + "')");
    try {
      JsonNode v = verify();
      assertThat(v.get("valid").asBoolean()).isFalse();
      assertThat(v.get("firstBadRow").asLong()).isEqualTo(forged);
    } finally {
      DbDump.execute(dbUrl, "DELETE FROM audit_log WHERE seq = " + forged);
    }
  }

  // ---- bad input -----------------------------------------------------------------------------

  Stream<Arguments> badRequests() {
    String reg = "/v1/devices";
    String good = "{\"protocolVersion\":1,\"sdkVersion\":\"0.1.0\"}";
    String big = "{\"protocolVersion\":1,\"sdkVersion\":\"" + "x".repeat(1 << 20) + "\"}";
    List<Arguments> cases = new ArrayList<>();
    // registration
    cases.add(Arguments.of("POST", reg, "none", "{", 400, "invalid_request"));
    cases.add(Arguments.of("POST", reg, "none", "", 400, "invalid_request"));
    cases.add(Arguments.of("POST", reg, "none", "[1,2]", 400, "invalid_request"));
    cases.add(
        Arguments.of(
            "POST",
            reg,
            "none",
            "{\"protocolVersion\":\"1\",\"sdkVersion\":\"0.1.0\"}",
            400,
            "invalid_request"));
    cases.add(Arguments.of("POST", reg, "none", "{\"protocolVersion\":1}", 400, "invalid_request"));
    cases.add(
        Arguments.of(
            "POST",
            reg,
            "none",
            good.replace("}", ",\"email\":\"x@example.com\"}"),
            400,
            "invalid_request"));
    cases.add(
        Arguments.of(
            "POST",
            reg,
            "none",
            "{\"protocolVersion\":NaN,\"sdkVersion\":\"0.1.0\"}",
            400,
            "invalid_request"));
    cases.add(
        Arguments.of(
            "POST",
            reg,
            "none",
            "{\"protocolVersion\":1.5,\"sdkVersion\":\"0.1.0\"}",
            400,
            "invalid_request"));
    cases.add(
        Arguments.of(
            "POST",
            reg,
            "none",
            "{\"protocolVersion\":99,\"sdkVersion\":\"0.1.0\"}",
            400,
            "unsupported_protocol"));
    cases.add(Arguments.of("POST", reg, "none", big, 413, "body_too_large"));
    cases.add(Arguments.of("PUT", reg, "none", good, 405, "method_not_allowed"));
    // device read and delete
    for (String m : List.of("GET", "DELETE")) {
      cases.add(Arguments.of(m, "/v1/devices/{A}", "none", null, 401, "unauthorized"));
      cases.add(Arguments.of(m, "/v1/devices/{A}", "wrong", null, 401, "unauthorized"));
      cases.add(Arguments.of(m, "/v1/devices/{A}", "B", null, 401, "unauthorized"));
      cases.add(Arguments.of(m, "/v1/devices/{A}", "malformed", null, 401, "unauthorized"));
      cases.add(Arguments.of(m, "/v1/devices/{UNKNOWN}", "A", null, 404, "not_found"));
      cases.add(Arguments.of(m, "/v1/devices/not-an-id", "A", null, 404, "not_found"));
    }
    cases.add(Arguments.of("PATCH", "/v1/devices/{A}", "A", "{}", 405, "method_not_allowed"));
    // consent
    String c = "/v1/devices/{A}/consent";
    String ok =
        "{\"deviceId\":\"{A}\",\"purpose\":\"training\",\"granted\":true,"
            + "\"policyVersion\":\"1\",\"time\":\"2026-01-31T12:00:00Z\"}";
    cases.add(Arguments.of("POST", c, "none", ok, 401, "unauthorized"));
    cases.add(Arguments.of("POST", c, "wrong", ok, 401, "unauthorized"));
    cases.add(Arguments.of("POST", c, "B", ok, 401, "unauthorized"));
    cases.add(Arguments.of("POST", "/v1/devices/{UNKNOWN}/consent", "A", ok, 404, "not_found"));
    cases.add(Arguments.of("POST", c, "A", "{\"deviceId\":", 400, "invalid_request"));
    cases.add(Arguments.of("POST", c, "A", ok.replace("true", "\"yes\""), 400, "invalid_request"));
    cases.add(Arguments.of("POST", c, "A", ok.replace("true", "1"), 400, "invalid_request"));
    cases.add(
        Arguments.of(
            "POST", c, "A", ok.replace("\"training\"", "\"marketing\""), 400, "invalid_request"));
    cases.add(
        Arguments.of(
            "POST",
            c,
            "A",
            ok.replace("2026-01-31T12:00:00Z", "yesterday"),
            400,
            "invalid_request"));
    cases.add(
        Arguments.of(
            "POST",
            c,
            "A",
            ok.replace(",\"time\":\"2026-01-31T12:00:00Z\"", ""),
            400,
            "invalid_request"));
    cases.add(
        Arguments.of("POST", c, "A", ok.replace("}", ",\"extra\":1}"), 400, "invalid_request"));
    cases.add(Arguments.of("POST", c, "A", ok.replace("true", "NaN"), 400, "invalid_request"));
    cases.add(Arguments.of("POST", c, "A", ok.replace("{A}", "{B}"), 400, "device_mismatch"));
    cases.add(
        Arguments.of("POST", c, "A", ok.replace("\"1\"", "\"has space\""), 400, "invalid_request"));
    cases.add(Arguments.of("POST", c, "A", big, 413, "body_too_large"));
    cases.add(Arguments.of("GET", c, "A", null, 405, "method_not_allowed"));
    // models, privacy, admin, unknown routes
    cases.add(Arguments.of("GET", "/v1/models/abc", "none", null, 400, "invalid_request"));
    cases.add(Arguments.of("GET", "/v1/models/-1", "none", null, 400, "invalid_request"));
    cases.add(Arguments.of("GET", "/v1/models/999", "none", null, 404, "not_found"));
    cases.add(Arguments.of("POST", "/v1/models/latest", "none", "{}", 405, "method_not_allowed"));
    cases.add(
        Arguments.of("GET", "/v1/privacy/notice?format=xml", "none", null, 400, "invalid_request"));
    cases.add(
        Arguments.of("DELETE", "/v1/privacy/ledger", "none", null, 405, "method_not_allowed"));
    cases.add(Arguments.of("GET", "/v1/admin/audit/verify", "none", null, 401, "unauthorized"));
    cases.add(Arguments.of("GET", "/v1/admin/audit/verify", "A", null, 401, "unauthorized"));
    cases.add(Arguments.of("GET", "/v1/nothing-here", "none", null, 404, "not_found"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} token={2} -> {4} {5}")
  @MethodSource("badRequests")
  void badRequest_isRejectedWithJsonError_andChangesNothing(
      String method, String path, String tokenKind, String body, int status, String code) {
    String p = substitute(path);
    String payload = body == null ? null : substitute(body);
    String token =
        switch (tokenKind) {
          case "none" -> null;
          case "A" -> a.token();
          case "B" -> b.token();
          case "wrong" -> Tokens.newToken(random).reveal();
          case "malformed" -> "not a token!";
          default -> throw new IllegalArgumentException(tokenKind);
        };
    String before = DbDump.dump(dbUrl);

    HttpResponse<String> r = http.send(method, p, token, payload);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode n = tree(r.body());
    assertThat(n.get("error").asText()).isEqualTo(code);
    assertThat(n.get("message").asText()).isNotBlank();
    assertThat(DbDump.dump(dbUrl)).isEqualTo(before);
  }

  private String substitute(String s) {
    return s.replace("{A}", a.deviceId())
        .replace("{B}", b.deviceId())
        .replace("{UNKNOWN}", "d-" + "0".repeat(32));
  }

  TacitServer server() {
    return server;
  }
}
