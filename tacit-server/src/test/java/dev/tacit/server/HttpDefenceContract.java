package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.protocol.Json;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the HTTP surface of a real server over real HTTP (issue 13, findings 6 and 7 and the
 * Low list), each test written to fail on the code before its fix. Run once per database: {@link
 * SqliteHttpDefenceTest} and {@link PostgresHttpDefenceTest}.
 */
abstract class HttpDefenceContract {
  static final String POLICY = "2026-01";
  static final String REGISTRATION = "{\"protocolVersion\":1,\"sdkVersion\":\"0.1.0\"}";

  @TempDir Path dir;
  TacitServer server;
  Http http;
  Secret admin;

  /** The JDBC URL to test against (may skip the test with an assumption). */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    dropDatabase();
  }

  void start(Consumer<ServerConfig.Builder> settings) {
    admin = Tokens.newToken(new SecureRandom());
    ServerConfig.Builder b =
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .dataDir(dir)
            .databaseUrl(databaseUrl(dir))
            .adminToken(admin)
            .policyVersion(POLICY);
    settings.accept(b);
    server = TacitServer.create(b.build()).start();
    http = new Http(server.baseUri());
  }

  RegistrationResponse register() {
    HttpResponse<String> r = http.send("POST", "/v1/devices", null, REGISTRATION);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.read(r.body(), RegistrationResponse.class);
  }

  /**
   * Finding 6: 200 unauthenticated {@code GET /v1/devices/B} used to spend B's bucket (124×401,
   * then 429), after which B's own requests were refused with 429.
   */
  @Test
  void requestsWithoutTheDevicesToken_neverSpendItsRateLimit() {
    start(b -> b.rateLimit(new ServerConfig.RateLimit(5, 0.001)));
    RegistrationResponse victim = register();
    String path = "/v1/devices/" + victim.deviceId();
    String wrongToken = Tokens.newToken(new SecureRandom()).reveal();
    int unauthorized = 0;
    int limited = 0;
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> r = http.send("GET", path, i % 2 == 0 ? null : wrongToken, null);
      if (r.statusCode() == 401) {
        unauthorized++;
      } else if (r.statusCode() == 429) {
        limited++;
        assertThat(r.body()).contains("\"error\":\"rate_limited\"");
      }
    }
    assertThat(unauthorized)
        .as("requests that failed authentication before the limit")
        .isEqualTo(5);
    assertThat(limited).as("then limited by their own (address) key").isEqualTo(35);
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> own = http.send("GET", path, victim.token(), null);
      assertThat(own.statusCode())
          .as("the device's own request %d: %s", i, own.body())
          .isEqualTo(200);
    }
    assertThat(http.send("GET", path, victim.token(), null).statusCode())
        .as("the device's own bucket still limits it")
        .isEqualTo(429);
  }

  /** Failed admin authentication is limited by address too, and leaves devices alone. */
  @Test
  void wrongAdminTokens_areLimitedByAddress_notByDevice() {
    start(b -> b.rateLimit(new ServerConfig.RateLimit(3, 0.001)));
    RegistrationResponse device = register();
    String wrong = Tokens.newToken(new SecureRandom()).reveal();
    int[] statuses = new int[6];
    for (int i = 0; i < statuses.length; i++) {
      statuses[i] = http.send("GET", "/v1/admin/audit/verify", wrong, null).statusCode();
    }
    assertThat(statuses).containsExactly(401, 401, 401, 429, 429, 429);
    assertThat(
            http.send("GET", "/v1/devices/" + device.deviceId(), device.token(), null).statusCode())
        .isEqualTo(200);
  }

  /**
   * Issue 13 (Low): a JSON {@code null} body gave 500, with a stack trace in the log, on 7 routes,
   * unauthenticated {@code POST /v1/devices} among them. Every route of {@code /openapi.json} that
   * takes a body is sent {@code null} by an authorized caller (the device's token with every
   * consent, the admin token, in an open round for the round routes) and must answer 400.
   */
  @Test
  void aJsonNullBody_is400_onEveryRouteThatTakesABody() throws Exception {
    start(b -> {});
    RegistrationResponse device = register();
    for (String purpose : new String[] {"training", "evaluation", "analytics"}) {
      HttpResponse<String> c =
          http.send(
              "POST",
              "/v1/devices/" + device.deviceId() + "/consent",
              device.token(),
              "{\"deviceId\":\""
                  + device.deviceId()
                  + "\",\"purpose\":\""
                  + purpose
                  + "\",\"granted\":true,\"policyVersion\":\""
                  + POLICY
                  + "\",\"time\":\""
                  + java.time.Instant.now()
                  + "\"}");
      assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    }
    com.fasterxml.jackson.databind.JsonNode doc =
        Json.mapper().readTree(http.send("GET", "/openapi.json", null, null).body());
    java.util.List<String> checked = new java.util.ArrayList<>();
    java.util.List<String> wrong = new java.util.ArrayList<>();
    for (java.util.Iterator<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>
            paths = doc.get("paths").properties().iterator();
        paths.hasNext(); ) {
      java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> path = paths.next();
      for (java.util.Iterator<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>
              ops = path.getValue().properties().iterator();
          ops.hasNext(); ) {
        java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> op = ops.next();
        if (!op.getValue().has("requestBody")
            || !op.getValue().get("requestBody").get("content").has("application/json")) {
          continue;
        }
        String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
        String url =
            path.getKey()
                .replace("{id}", device.deviceId())
                .replace("{round}", "1")
                .replace("{purpose}", "training");
        String security =
            op.getValue().path("security").path(0).fieldNames().hasNext()
                ? op.getValue().path("security").path(0).fieldNames().next()
                : "";
        String token =
            switch (security) {
              case "deviceToken" -> device.token();
              case "adminToken" -> admin.reveal();
              default -> null;
            };
        HttpResponse<String> r = http.send(method, url, token, "null");
        checked.add(method + " " + path.getKey());
        if (r.statusCode() != 400 || !r.body().contains("\"error\"")) {
          wrong.add(method + " " + path.getKey() + " -> " + r.statusCode() + " " + r.body());
        }
      }
    }
    assertThat(checked).as("routes with a JSON body in openapi.json").hasSizeGreaterThan(7);
    assertThat(wrong).as("routes that did not answer 400 to a null body").isEmpty();
  }

  static String consent(
      RegistrationResponse d, String purpose, boolean granted, String policy, Instant time) {
    return "{\"deviceId\":\""
        + d.deviceId()
        + "\",\"purpose\":\""
        + purpose
        + "\",\"granted\":"
        + granted
        + ",\"policyVersion\":\""
        + policy
        + "\",\"time\":\""
        + time
        + "\"}";
  }

  /**
   * Issue 13 (Low): a consent update naming a policy version the server does not serve, or a
   * decision time centuries ahead, was accepted (201). Both are refused with 400 and record
   * nothing; a withdrawal may still name a version the device granted under before.
   */
  @Test
  void consentUpdates_withAnUnservedPolicyOrAFarFutureTime_areRefusedAndRecordNothing() {
    start(b -> {});
    RegistrationResponse d = register();
    String path = "/v1/devices/" + d.deviceId() + "/consent";
    Instant now = Instant.now();

    HttpResponse<String> unserved =
        http.send("POST", path, d.token(), consent(d, "training", true, "1999-x", now));
    assertThat(unserved.statusCode()).as(unserved.body()).isEqualTo(400);
    assertThat(unserved.body()).contains("\"error\":\"unknown_policy_version\"");
    HttpResponse<String> unservedWithdrawal =
        http.send("POST", path, d.token(), consent(d, "training", false, "1999-x", now));
    assertThat(unservedWithdrawal.statusCode()).as(unservedWithdrawal.body()).isEqualTo(400);

    Instant centuries = now.plus(java.time.Duration.ofDays(365L * 300));
    HttpResponse<String> future =
        http.send("POST", path, d.token(), consent(d, "training", true, POLICY, centuries));
    assertThat(future.statusCode()).as(future.body()).isEqualTo(400);
    assertThat(future.body()).contains("\"error\":\"time_in_future\"");
    Instant pastTheSkew = now.plus(dev.tacit.server.http.Api.CONSENT_CLOCK_SKEW).plusSeconds(120);
    assertThat(
            http.send("POST", path, d.token(), consent(d, "training", true, POLICY, pastTheSkew))
                .statusCode())
        .isEqualTo(400);

    assertThat(server.storage().consentEvents(d.deviceId())).as("nothing recorded").isEmpty();

    Instant withinTheSkew = now.plusSeconds(600);
    assertThat(
            http.send("POST", path, d.token(), consent(d, "training", true, POLICY, withinTheSkew))
                .statusCode())
        .as("a clock 10 minutes fast is believed")
        .isEqualTo(201);
    assertThat(server.storage().consentEvents(d.deviceId())).hasSize(1);
  }

  /** A withdrawal naming the version the device granted under is accepted after a policy change. */
  @Test
  void aWithdrawal_mayNameThePolicyTheDeviceGrantedUnder_aGrantMayNot() {
    start(b -> {});
    RegistrationResponse d = register();
    String path = "/v1/devices/" + d.deviceId() + "/consent";
    assertThat(
            http.send("POST", path, d.token(), consent(d, "analytics", true, POLICY, Instant.now()))
                .statusCode())
        .isEqualTo(201);
    server.close();
    ServerConfig.Builder next =
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .dataDir(dir)
            .databaseUrl(server.config().effectiveDatabaseUrl())
            .adminToken(admin)
            .policyVersion("2027-01");
    server = TacitServer.create(next.build()).start();
    http = new Http(server.baseUri());
    assertThat(
            http.send("POST", path, d.token(), consent(d, "analytics", true, POLICY, Instant.now()))
                .statusCode())
        .as("a grant under the old policy")
        .isEqualTo(400);
    HttpResponse<String> withdrawal =
        http.send("POST", path, d.token(), consent(d, "analytics", false, POLICY, Instant.now()));
    assertThat(withdrawal.statusCode()).as(withdrawal.body()).isEqualTo(201);
  }

  /**
   * Finding 7: 400 registrations in 6.7 s all succeeded. Registrations from one address are now
   * limited (here 5 at once and about none after), the limit is spent before anything is written,
   * and another address is unaffected (not testable on loopback; see {@code ClientAddressTest}).
   */
  @Test
  void registrationsFromOneAddress_areRateLimited() {
    start(b -> b.registrationLimit(new ServerConfig.RateLimit(5, 0.001)));
    int created = 0;
    int limited = 0;
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = http.send("POST", "/v1/devices", null, REGISTRATION);
      if (r.statusCode() == 201) {
        created++;
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.body()).contains("\"error\":\"rate_limited\"");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        limited++;
      }
    }
    assertThat(created).isEqualTo(5);
    assertThat(limited).isEqualTo(15);
    assertThat(server.storage().deviceCount()).isEqualTo(5);
  }

  /**
   * Finding 7: the attestation hook. With the test implementation plugged in, a device without
   * evidence, with forged evidence or with replayed evidence is refused (403) and nothing is
   * written; a genuine one registers; an attestation service that fails is 503.
   */
  @Test
  void withAnAttestationHook_onlyDevicesWithFreshValidEvidenceRegister() {
    start(
        b -> b.attestation(dev.tacit.server.attestation.RegistrationAttestation.load("test-hmac")));
    String header = dev.tacit.server.attestation.RegistrationAttestation.HEADER;
    HttpResponse<String> none = http.send("POST", "/v1/devices", null, REGISTRATION);
    assertThat(none.statusCode()).as(none.body()).isEqualTo(403);
    assertThat(none.body())
        .contains("\"error\":\"attestation_refused\"")
        .contains("no attestation was sent");
    String forged = "n-1." + "00".repeat(32);
    assertThat(http.send("POST", "/v1/devices", null, REGISTRATION, header, forged).statusCode())
        .isEqualTo(403);
    assertThat(server.storage().deviceCount()).isZero();

    String genuine = dev.tacit.server.attestation.HmacTestAttestation.evidence("n-2");
    HttpResponse<String> ok = http.send("POST", "/v1/devices", null, REGISTRATION, header, genuine);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    HttpResponse<String> replay =
        http.send("POST", "/v1/devices", null, REGISTRATION, header, genuine);
    assertThat(replay.statusCode()).isEqualTo(403);
    assertThat(replay.body()).contains("used before");
    assertThat(server.storage().deviceCount()).isEqualTo(1);

    HttpResponse<String> tooLong =
        http.send(
            "POST",
            "/v1/devices",
            null,
            REGISTRATION,
            header,
            "x"
                .repeat(
                    dev.tacit.server.attestation.RegistrationAttestation.MAX_EVIDENCE_CHARS + 1));
    assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(400);
  }

  @Test
  void anAttestationServiceThatFails_is503_andRegistersNothing() {
    start(
        b ->
            b.attestation(
                e -> {
                  throw new IllegalStateException("attestation service unreachable");
                }));
    HttpResponse<String> r = http.send("POST", "/v1/devices", null, REGISTRATION);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.body()).contains("\"error\":\"attestation_unavailable\"");
    assertThat(server.storage().deviceCount()).isZero();
  }

  /** The SDK's transport sends the evidence its app provides, and registers where it is needed. */
  @Test
  void theSdk_sendsTheAttestationItsAppProvides() {
    start(
        b -> b.attestation(dev.tacit.server.attestation.RegistrationAttestation.load("test-hmac")));
    dev.tacit.protocol.RegistrationRequest request =
        new dev.tacit.protocol.RegistrationRequest(dev.tacit.protocol.Protocol.VERSION, "0.1.0");
    dev.tacit.client.server.HttpServerConnection without =
        dev.tacit.client.server.HttpServerConnection.builder(server.baseUri()).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> without.register(request))
        .isInstanceOf(dev.tacit.client.server.ServerException.class)
        .hasMessageContaining("attestation_refused");
    java.util.List<dev.tacit.protocol.RegistrationRequest> asked = new java.util.ArrayList<>();
    dev.tacit.client.server.HttpServerConnection attested =
        dev.tacit.client.server.HttpServerConnection.builder(server.baseUri())
            .attestation(
                r -> {
                  asked.add(r);
                  return dev.tacit.server.attestation.HmacTestAttestation.evidence("sdk-1");
                })
            .build();
    assertThat(attested.register(request).deviceId()).startsWith("d-");
    assertThat(asked).containsExactly(request);
    assertThat(server.storage().deviceCount()).isEqualTo(1);
  }
}
