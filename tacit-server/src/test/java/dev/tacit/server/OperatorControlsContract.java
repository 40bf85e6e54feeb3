package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.rounds.RoundService;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.AuditLog;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's audited controls (raise a budget, pause and resume the rounds, close an analytics
 * query) against a real server on a random port with a real HTTP client, including the attacks: no
 * or a wrong admin token, a lowered budget, a missing reason, and a change whose audit entry cannot
 * be written. Run once per database: {@link SqliteOperatorControlsTest} and {@link
 * PostgresOperatorControlsTest}.
 */
abstract class OperatorControlsContract {
  private static final String POLICY = "2026-01";
  private static final String REASON = "{\"reason\":\"maintenance of the aggregation keys\"}";

  @TempDir Path dataDir;
  private TacitServer server;
  private Http http;
  private String dbUrl;
  private Secret admin;
  private final SecureRandom random = new SecureRandom();

  /** The JDBC URL to test against; may skip the test with an assumption. */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  @BeforeEach
  void startServer() {
    dbUrl = databaseUrl(dataDir);
    admin = Tokens.newToken(random);
    start();
  }

  private void start() {
    Map<Purpose, PrivacyBudget> budgets = new EnumMap<>(Purpose.class);
    budgets.put(Purpose.TRAINING, new PrivacyBudget(8, 1e-6));
    budgets.put(Purpose.EVALUATION, new PrivacyBudget(4, 1e-6));
    budgets.put(Purpose.ANALYTICS, new PrivacyBudget(2, 1e-6));
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
            .start();
    http = new Http(server.baseUri());
  }

  private void restart() {
    server.close();
    start();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
    dropDatabase();
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static JsonNode tree(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private HttpResponse<String> post(String path, String body) {
    return http.send("POST", path, admin.reveal(), body);
  }

  private JsonNode state() {
    HttpResponse<String> r = http.send("GET", "/v1/admin/operator", admin.reveal(), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return tree(r.body());
  }

  private static JsonNode budget(JsonNode state, String purpose) {
    for (JsonNode b : state.get("budgets")) {
      if (b.get("purpose").asText().equals(purpose)) {
        return b;
      }
    }
    throw new AssertionError("no budget " + purpose + " in " + state);
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(tree(r.body()).get("error").asText()).as(r.body()).isEqualTo(code);
  }

  /** Every row of every table: a refused control must leave it as it was. */
  private String dump() {
    return DbDump.dump(dbUrl);
  }

  private AuditLog.Entry lastAudit() {
    List<AuditLog.Entry> all = server.storage().audit().entries();
    return all.get(all.size() - 1);
  }

  private String createQuery() {
    HttpResponse<String> r =
        post(
            "/v1/admin/analytics/queries",
            "{\"metric\":\"genre\",\"title\":\"Favourite genre\",\"labels\":[\"a\",\"b\",\"c\"],"
                + "\"epsilon\":0.5,\"description\":\"which genre\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return tree(r.body()).get("id").asText();
  }

  // ---- state ---------------------------------------------------------------------------------

  @Test
  void state_showsTheConfiguredBudgets_andNoPause() {
    JsonNode s = state();

    assertThat(s.get("paused").isNull()).isTrue();
    assertThat(s.get("raises")).isEmpty();
    JsonNode training = budget(s, "training");
    assertThat(training.get("epsilon").asDouble()).isEqualTo(8.0);
    assertThat(training.get("configuredEpsilon").asDouble()).isEqualTo(8.0);
    assertThat(training.get("delta").asDouble()).isEqualTo(1e-6);
    assertThat(budget(s, "analytics").get("remaining").asDouble()).isEqualTo(2.0);
  }

  // ---- raising a budget ----------------------------------------------------------------------

  @Test
  void raise_withAReason_raisesTheBudget_auditsIt_andSurvivesARestart() {
    HttpResponse<String> r =
        post(
            "/v1/admin/operator/budgets/analytics",
            "{\"epsilon\":3.5,\"reason\":\"the quarterly survey needs one more query\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode raise = tree(r.body());
    assertThat(raise.get("purpose").asText()).isEqualTo("analytics");
    assertThat(raise.get("epsilonBefore").asDouble()).isEqualTo(2.0);
    assertThat(raise.get("epsilonAfter").asDouble()).isEqualTo(3.5);
    AuditLog.Entry audit = lastAudit();
    assertThat(audit.seq()).isEqualTo(raise.get("auditSeq").asLong());
    assertThat(audit.action()).isEqualTo("operator.budget.raised");
    assertThat(audit.detail())
        .isEqualTo(
            "purpose=analytics epsilon=2.0->3.5 reason=the quarterly survey needs one more query");
    assertThat(server.ledger().budget(Purpose.ANALYTICS)).isEqualTo(new PrivacyBudget(3.5, 1e-6));
    assertThat(budget(state(), "analytics").get("configuredEpsilon").asDouble()).isEqualTo(2.0);
    // The privacy notice and the dashboard show the budget in force.
    assertThat(http.send("GET", "/v1/privacy/notice", null, null).body()).contains("3.5");

    restart();

    assertThat(server.ledger().budget(Purpose.ANALYTICS).epsilon()).isEqualTo(3.5);
    JsonNode after = state();
    assertThat(budget(after, "analytics").get("epsilon").asDouble()).isEqualTo(3.5);
    assertThat(after.get("raises").get(0).get("reason").asText())
        .isEqualTo("the quarterly survey needs one more query");
    assertThat(server.storage().audit().verify().valid()).isTrue();
  }

  @Test
  void raise_toALowerOrTheSameBudget_isRefused_andNothingChanges() {
    server
        .ledger()
        .trySpend(Purpose.ANALYTICS, PrivacyEvent.pureDp(1.5, 1), "an earlier query (test)");
    String before = dump();
    String spent =
        String.format(
            java.util.Locale.ROOT,
            "%.4f spent",
            server.ledger().spent(Purpose.ANALYTICS).epsilon());

    for (String epsilon : new String[] {"2", "2.0", "1.9", "1.0", "0.5"}) {
      HttpResponse<String> r =
          post(
              "/v1/admin/operator/budgets/analytics",
              "{\"epsilon\":" + epsilon + ",\"reason\":\"lower it\"}");
      assertError(r, 409, "budget_not_raised");
      assertThat(tree(r.body()).get("message").asText())
          .contains("can only be raised")
          .contains(spent);
    }

    assertThat(dump()).isEqualTo(before);
    assertThat(server.ledger().budget(Purpose.ANALYTICS).epsilon()).isEqualTo(2.0);
  }

  @Test
  void raise_withoutAValidReasonOrEpsilon_isRefused_andNothingChanges() {
    String before = dump();
    String path = "/v1/admin/operator/budgets/training";

    HttpResponse<String> noReason = post(path, "{\"epsilon\":9}");
    assertError(noReason, 400, "invalid_request");
    assertThat(tree(noReason.body()).get("message").asText()).contains("reason");
    assertError(post(path, "{\"epsilon\":9,\"reason\":\"   \"}"), 400, "invalid_reason");
    assertError(post(path, "{\"epsilon\":9,\"reason\":\"two\\nlines\"}"), 400, "invalid_reason");
    assertError(
        post(path, "{\"epsilon\":9,\"reason\":\"" + "x".repeat(501) + "\"}"),
        400,
        "invalid_reason");
    assertError(post(path, "{\"reason\":\"why not\"}"), 400, "invalid_request");
    assertError(post(path, "{\"epsilon\":-3,\"reason\":\"why not\"}"), 400, "invalid_request");
    assertError(
        post(path, "{\"epsilon\":\"lots\",\"reason\":\"why not\"}"), 400, "invalid_request");
    assertError(post(path, null), 400, "invalid_request");
    assertError(
        post("/v1/admin/operator/budgets/marketing", "{\"epsilon\":9,\"reason\":\"why not\"}"),
        404,
        "not_found");

    assertThat(dump()).isEqualTo(before);
    assertThat(server.ledger().budget(Purpose.TRAINING).epsilon()).isEqualTo(8.0);
  }

  @Test
  void theLedger_stillRefusesASpendBeyondTheRaisedBudget() {
    assertThat(
            post(
                    "/v1/admin/operator/budgets/analytics",
                    "{\"epsilon\":3,\"reason\":\"one more query\"}")
                .statusCode())
        .isEqualTo(200);

    int accepted = 0;
    while (server
        .ledger()
        .trySpend(Purpose.ANALYTICS, PrivacyEvent.pureDp(0.25, 1), "a query (test)")
        .accepted()) {
      accepted++;
    }

    assertThat(accepted).isPositive();
    assertThat(server.ledger().spent(Purpose.ANALYTICS).epsilon())
        .isGreaterThan(2.0)
        .isLessThanOrEqualTo(3.0);
    // The analytics route refuses a query past it too.
    HttpResponse<String> r =
        post(
            "/v1/admin/analytics/queries",
            "{\"metric\":\"genre\",\"labels\":[\"a\",\"b\"],\"epsilon\":1.0,"
                + "\"description\":\"one too many\"}");
    assertError(r, 409, "budget_exceeded");
  }

  // ---- pausing and resuming ------------------------------------------------------------------

  @Test
  void pause_holdsCheckIns_isAudited_survivesARestart_andResumeLiftsIt() {
    DashboardDevice device = DashboardDevice.register(http);
    device.consent(http, "training", true, POLICY);
    String checkIn = "{\"deviceId\":\"" + device.id() + "\",\"modelVersion\":0}";

    HttpResponse<String> paused =
        post("/v1/admin/operator/pause", "{\"reason\":\"rotating the audit key\"}");

    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    JsonNode pause = tree(paused.body()).get("paused");
    assertThat(pause.get("reason").asText()).isEqualTo("rotating the audit key");
    assertThat(lastAudit().action()).isEqualTo("operator.rounds.paused");
    assertThat(lastAudit().detail()).isEqualTo("reason=rotating the audit key");
    assertThat(lastAudit().seq()).isEqualTo(pause.get("auditSeq").asLong());
    HttpResponse<String> held =
        http.send(
            "POST", "/v1/devices/" + device.id() + "/check-in?wait=0", device.token(), checkIn);
    assertThat(held.statusCode()).as(held.body()).isEqualTo(200);
    assertThat(tree(held.body()).get("retryAfterSeconds").asLong())
        .isEqualTo(RoundService.HELD_RETRY_SECONDS);
    assertThat(held.headers().firstValue("Retry-After")).hasValue("300");

    restart();

    assertThat(server.rounds().held()).hasValue("rotating the audit key");
    assertThat(state().get("paused").get("reason").asText()).isEqualTo("rotating the audit key");
    HttpResponse<String> resumed =
        post("/v1/admin/operator/resume", "{\"reason\":\"the key is rotated\"}");
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    assertThat(tree(resumed.body()).get("state").get("paused").isNull()).isTrue();
    assertThat(lastAudit().action()).isEqualTo("operator.rounds.resumed");
    assertThat(lastAudit().detail())
        .startsWith("paused_since=")
        .endsWith(" reason=the key is rotated");
    assertThat(server.rounds().held()).isEmpty();
    HttpResponse<String> again =
        http.send(
            "POST", "/v1/devices/" + device.id() + "/check-in?wait=0", device.token(), checkIn);
    assertThat(tree(again.body()).get("retryAfterSeconds").asLong())
        .isNotEqualTo(RoundService.HELD_RETRY_SECONDS);
    assertThat(server.storage().audit().verify().valid()).isTrue();
  }

  @Test
  void pausingAPausedServer_orResumingARunningOne_isAClear409_andNothingChanges() {
    String running = dump();
    assertError(post("/v1/admin/operator/resume", REASON), 409, "not_paused");
    assertThat(dump()).isEqualTo(running);

    assertThat(post("/v1/admin/operator/pause", REASON).statusCode()).isEqualTo(200);
    String paused = dump();
    HttpResponse<String> twice = post("/v1/admin/operator/pause", REASON);

    assertError(twice, 409, "already_paused");
    assertThat(dump()).isEqualTo(paused);
    assertError(post("/v1/admin/operator/pause", "{}"), 400, "invalid_request");
    assertError(post("/v1/admin/operator/resume", "{\"reason\":\" \"}"), 400, "invalid_reason");
    assertThat(dump()).isEqualTo(paused);
    assertThat(server.rounds().held()).isPresent();
  }

  // ---- closing an analytics query ------------------------------------------------------------

  @Test
  void closingAQuery_needsAReason_andAuditsIt() {
    String id = createQuery();
    String path = "/v1/admin/analytics/queries/" + id + "/close";
    String before = dump();

    assertError(post(path, null), 400, "invalid_request");
    assertError(post(path, "{\"reason\":\"\"}"), 400, "invalid_reason");
    assertThat(dump()).isEqualTo(before);

    HttpResponse<String> closed = post(path, "{\"reason\":\"enough reports for the survey\"}");

    assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
    assertThat(tree(closed.body()).get("status").asText()).isEqualTo("closed");
    assertThat(lastAudit().action()).isEqualTo("analytics.query.closed");
    assertThat(lastAudit().detail())
        .isEqualTo("query=" + id + " reports=0 reason=enough reports for the survey");
    String after = dump();
    assertError(post(path, REASON), 409, "query_closed");
    assertThat(dump()).isEqualTo(after);
  }

  // ---- attacks -------------------------------------------------------------------------------

  @Test
  void withoutTheAdminToken_orWithAWrongOne_everyControlIsRefused_andNothingChanges() {
    String id = createQuery();
    String before = dump();
    String wrong = Tokens.newToken(random).reveal();
    Map<String, String> controls =
        Map.of(
            "/v1/admin/operator/budgets/training",
            "{\"epsilon\":100,\"reason\":\"take it all\"}",
            "/v1/admin/operator/pause",
            REASON,
            "/v1/admin/operator/resume",
            REASON,
            "/v1/admin/analytics/queries/" + id + "/close",
            REASON);

    for (String token : new String[] {null, wrong, "not a token"}) {
      assertError(http.send("GET", "/v1/admin/operator", token, null), 401, "unauthorized");
      controls.forEach(
          (path, body) -> assertError(http.send("POST", path, token, body), 401, "unauthorized"));
    }

    assertThat(dump()).isEqualTo(before);
    assertThat(server.ledger().budget(Purpose.TRAINING).epsilon()).isEqualTo(8.0);
    assertThat(server.rounds().held()).isEmpty();
  }

  @Test
  void aChangeWhoseAuditEntryCannotBeWritten_isNotMade() {
    String before = dump();
    // The audit log is gone for a moment: the change and its entry are one transaction, so the
    // change must fail with it.
    DbDump.execute(dbUrl, "ALTER TABLE audit_log RENAME TO audit_log_away");
    try {
      assertThat(
              post(
                      "/v1/admin/operator/budgets/training",
                      "{\"epsilon\":12,\"reason\":\"no trace\"}")
                  .statusCode())
          .isEqualTo(500);
      assertThat(post("/v1/admin/operator/pause", REASON).statusCode()).isEqualTo(500);
    } finally {
      DbDump.execute(dbUrl, "ALTER TABLE audit_log_away RENAME TO audit_log");
    }

    assertThat(dump()).isEqualTo(before);
    assertThat(server.ledger().budget(Purpose.TRAINING).epsilon()).isEqualTo(8.0);
    assertThat(server.rounds().held()).isEmpty();
    assertThat(state().get("paused").isNull()).isTrue();
    // With the log back, the same change goes through, audited, and the chain verifies.
    assertThat(
            post("/v1/admin/operator/budgets/training", "{\"epsilon\":12,\"reason\":\"traced\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(lastAudit().detail()).endsWith("reason=traced");
    assertThat(server.storage().audit().verify().valid()).isTrue();
  }
}
