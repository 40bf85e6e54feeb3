package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.dashboard.DashboardView;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.DashboardFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/admin/dashboard}, {@code POST /v1/admin/simulation-report} and the {@code /admin}
 * and {@code /privacy} pages, against a real server on a random port with rows in {@code rounds}
 * and {@code evaluations}.
 */
class DashboardApiTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Pattern LINK = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"");

  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();
  private final Secret admin = Tokens.newToken(random);
  private TacitServer server;
  private Http http;

  private TacitServer start(ServerConfig.Builder b) {
    server = TacitServer.create(b.build()).start();
    http = new Http(server.baseUri());
    return server;
  }

  private ServerConfig.Builder config() {
    return ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir).adminToken(admin);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String report() {
    try (InputStream in = DashboardApiTest.class.getResourceAsStream("/dashboard/report.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private JsonNode dashboard(String query) {
    HttpResponse<String> r = http.send("GET", "/v1/admin/dashboard" + query, admin.reveal(), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return tree(r.body());
  }

  /** Three completed rounds, one aborted, one running; evaluations of versions 1 to 3. */
  static void insertHistory(TacitServer s) {
    for (int i = 1; i <= 3; i++) {
      DashboardFixtures.insertRound(
          s.storage(),
          i,
          i,
          (long) i + 1,
          "completed",
          100,
          90 + i,
          10 - i,
          1.1,
          0.01,
          0.5 * i,
          1e-6,
          0.25,
          T0.plusSeconds(60L * i),
          T0.plusSeconds(60L * i + 12 + i));
    }
    DashboardFixtures.insertRound(
        s.storage(),
        4,
        4,
        null,
        "aborted",
        100,
        40,
        60,
        1.1,
        0.01,
        1.5,
        1e-6,
        null,
        T0.plusSeconds(240),
        T0.plusSeconds(250));
    DashboardFixtures.insertRound(
        s.storage(),
        5,
        4,
        null,
        "masking",
        100,
        95,
        5,
        1.1,
        0.01,
        1.5,
        1e-6,
        null,
        T0.plusSeconds(300),
        null);
    DashboardFixtures.insertEvaluation(s.storage(), 1, 50, 50 * 0.20, 50 * 0.45, T0);
    DashboardFixtures.insertEvaluation(s.storage(), 2, 60, 60 * 0.25, 60 * 0.52, T0);
    DashboardFixtures.insertEvaluation(s.storage(), 3, 40, 40 * 0.30, 40 * 0.60, T0);
  }

  @Test
  void dashboard_withoutAdminToken_is401() {
    start(config());
    HttpResponse<String> r = http.send("GET", "/v1/admin/dashboard", null, null);
    assertThat(r.statusCode()).isEqualTo(401);
    HttpResponse<String> wrong =
        http.send("GET", "/v1/admin/dashboard", Tokens.newToken(random).reveal(), null);
    assertThat(wrong.statusCode()).isEqualTo(401);
  }

  @Test
  void dashboard_ofAnEmptyServer_saysNoReportAndNoRound() {
    start(config());
    JsonNode d = dashboard("");
    assertThat(d.at("/rounds/total").asLong()).isZero();
    assertThat(d.at("/rounds/latestRound").isNull()).isTrue();
    assertThat(d.at("/quality/points").size()).isZero();
    assertThat(d.at("/quality/baseline").isNull()).isTrue();
    assertThat(d.at("/fairness/loaded").asBoolean()).isFalse();
    assertThat(d.at("/fairness/message").asText())
        .contains("identities")
        .containsIgnoringCase("no simulation report");
    assertThat(d.at("/fairness/gapThreshold").asDouble()).isEqualTo(0.05);
    assertThat(d.at("/privacy/whenExhausted").asText())
        .contains("charged when its sum is released", "never when it opens", "no round starts");
    assertThat(d.at("/privacy/accountant/method").asText()).contains("Rényi", "improved");
    assertThat(d.at("/privacy/accountant/noiseMultiplier").isNull()).isTrue();
  }

  @Test
  void dashboard_showsRoundsQualityConsentPrivacyAndDeletions() {
    start(config());
    insertHistory(server);
    server
        .ledger()
        .trySpend(Purpose.TRAINING, PrivacyEvent.sampledGaussian(0.01, 1.1, 100), "round 1");
    DashboardDevice dev = DashboardDevice.register(http);
    dev.consent(http, "training", true, "1");
    dev.consent(http, "analytics", true, "1");
    dev.consent(http, "analytics", false, "1");
    DashboardDevice gone = DashboardDevice.register(http);
    assertThat(http.send("DELETE", "/v1/devices/" + gone.id(), gone.token(), null).statusCode())
        .isEqualTo(200);

    JsonNode d = dashboard("");
    assertThat(d.at("/rounds/total").asLong()).isEqualTo(5);
    assertThat(d.at("/rounds/completed").asLong()).isEqualTo(3);
    assertThat(d.at("/rounds/aborted").asLong()).isEqualTo(1);
    assertThat(d.at("/rounds/latestRound").asLong()).isEqualTo(5);
    JsonNode items = d.at("/rounds/items");
    assertThat(items.size()).isEqualTo(5);
    assertThat(items.get(0).path("round").asLong()).isEqualTo(1);
    assertThat(items.get(0).path("durationSeconds").asDouble()).isEqualTo(13.0);
    assertThat(items.get(0).path("survivors").asInt()).isEqualTo(91);
    assertThat(items.get(0).path("resultVersion").asLong()).isEqualTo(2);
    assertThat(items.get(4).path("status").asText()).isEqualTo("masking");
    assertThat(items.get(4).path("durationSeconds").isNull()).isTrue();

    JsonNode points = d.at("/quality/points");
    assertThat(points.size()).isEqualTo(3);
    assertThat(points.get(1).path("ndcgAt10").asDouble()).isCloseTo(0.25, within(1e-12));
    assertThat(points.get(1).path("hitRateAt10").asDouble()).isCloseTo(0.52, within(1e-12));
    assertThat(points.get(1).path("round").asLong()).isEqualTo(1);
    assertThat(points.get(0).path("round").isNull()).isTrue();

    JsonNode training = purpose(d.at("/privacy/purposes"), "training");
    double spent = server.ledger().spent(Purpose.TRAINING).epsilon();
    assertThat(spent).isPositive();
    assertThat(training.path("epsilonSpent").asDouble()).isCloseTo(spent, within(1e-12));
    assertThat(training.path("epsilonBudget").asDouble()).isEqualTo(8.0);
    assertThat(training.path("fractionSpent").asDouble()).isCloseTo(spent / 8, within(1e-12));
    assertThat(d.at("/privacy/accountant/noiseMultiplier").asDouble()).isEqualTo(1.1);
    assertThat(d.at("/privacy/accountant/delta").asDouble()).isEqualTo(1e-6);

    assertThat(d.at("/consent/devices").asLong()).isEqualTo(1);
    assertThat(purpose(d.at("/consent/purposes"), "training").path("granted").asLong())
        .isEqualTo(1);
    assertThat(purpose(d.at("/consent/purposes"), "analytics").path("granted").asLong()).isZero();
    assertThat(d.at("/deletions/total").asLong()).isEqualTo(1);
    assertThat(d.at("/deletions/recent").size()).isEqualTo(1);
    assertThat(d.at("/deletions/maxSeconds").asDouble()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void dashboard_showsRejectedRounds_whichRoundsWereCharged_andKappa() {
    start(config());
    insertHistory(server);
    DashboardFixtures.insertRejectedRound(server.storage(), 6, 4, 0.2, 7, T0.plusSeconds(360));

    JsonNode d = dashboard("");
    assertThat(d.at("/rounds/rejected").asLong()).isEqualTo(1);
    assertThat(d.at("/rounds/aborted").asLong()).isEqualTo(1);
    JsonNode items = d.at("/rounds/items");
    JsonNode rejected = items.get(items.size() - 1);
    assertThat(rejected.path("status").asText()).isEqualTo("rejected");
    assertThat(rejected.path("charged").asBoolean()).isTrue();
    assertThat(rejected.path("colludingFraction").asDouble()).isEqualTo(0.2);
    assertThat(rejected.path("updateNorm").asDouble()).isEqualTo(11838.2);
    assertThat(rejected.path("note").asText()).contains("exceeds the bound");
    // Rows written before kappa was recorded trusted every device, and name no ledger spend.
    assertThat(items.get(0).path("colludingFraction").asDouble()).isZero();
    assertThat(items.get(0).path("charged").asBoolean()).isFalse();
    assertThat(d.at("/privacy/accountant/colludingFraction").asDouble()).isEqualTo(0.2);
  }

  private static JsonNode purpose(JsonNode list, String name) {
    for (JsonNode n : list) {
      if (n.path("purpose").asText().equals(name)) {
        return n;
      }
    }
    throw new AssertionError("no purpose " + name + " in " + list);
  }

  @Test
  void sinceRound_listsOnlyLaterRounds_butKeepsTheCounts() {
    start(config());
    insertHistory(server);
    JsonNode d = dashboard("?sinceRound=3");
    assertThat(d.at("/sinceRound").asLong()).isEqualTo(3);
    assertThat(d.at("/rounds/total").asLong()).isEqualTo(5);
    List<Long> rounds = new ArrayList<>();
    d.at("/rounds/items").forEach(n -> rounds.add(n.path("round").asLong()));
    assertThat(rounds).containsExactly(4L, 5L);
    assertThat(dashboard("?sinceRound=5").at("/rounds/items").size()).isZero();
  }

  @Test
  void sinceRound_thatIsNotANonNegativeInteger_is400() {
    start(config());
    for (String bad : List.of("-1", "x", "1.5", "99999999999999999999")) {
      HttpResponse<String> r =
          http.send("GET", "/v1/admin/dashboard?sinceRound=" + bad, admin.reveal(), null);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).contains("sinceRound must be an integer >= 0");
    }
  }

  @Test
  void postedReport_isShownWithGroupsGapsWarningsAndReranking_andAuditLogged() {
    start(config());
    HttpResponse<String> r =
        http.send("POST", "/v1/admin/simulation-report", admin.reveal(), report());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode loaded = tree(r.body());
    assertThat(loaded.path("dataset").asText()).isEqualTo("ml-100k");
    assertThat(loaded.path("models").toString()).contains("federated+mmr", "ials");

    JsonNode f = dashboard("").path("fairness");
    assertThat(f.path("loaded").asBoolean()).isTrue();
    assertThat(f.path("source").asText()).isEqualTo("upload");
    assertThat(f.at("/federated/name").asText()).isEqualTo("federated");
    assertThat(f.at("/baseline/name").asText()).isEqualTo("ials");
    assertThat(f.at("/federated/ndcgAt10").asDouble()).isEqualTo(0.3215);
    assertThat(f.at("/federated/coverage").asDouble()).isEqualTo(0.2134);
    assertThat(f.at("/federated/gini").asDouble()).isEqualTo(0.8123);
    assertThat(f.at("/federated/arp").asDouble()).isEqualTo(187.25);
    assertThat(f.at("/federated/largestGap").asDouble()).isCloseTo(0.08, within(1e-9));
    List<String> attributes = new ArrayList<>();
    f.at("/federated/groups").forEach(a -> attributes.add(a.path("attribute").asText()));
    assertThat(attributes).containsExactly("gender", "age", "occupation");
    JsonNode age = f.at("/federated/groups/1");
    assertThat(age.path("aboveThreshold").asBoolean()).isTrue();
    assertThat(age.path("groups").size()).isEqualTo(4);
    assertThat(f.at("/federated/groups/0/aboveThreshold").asBoolean()).isFalse();
    assertThat(f.path("warnings").size()).isEqualTo(1);
    assertThat(f.at("/warnings/0").asText()).contains("federated", "age", "0.0800");
    assertThat(f.path("message").asText())
        .startsWith("1 per-group NDCG@10 gap exceeds the threshold 0.0500.")
        .doesNotContain("`", "(s)");
    assertThat(f.path("reranking").size()).isEqualTo(1);
    assertThat(f.at("/reranking/0/base").asText()).isEqualTo("federated");
    assertThat(f.at("/reranking/0/coverageDelta").asDouble())
        .isCloseTo(0.3021 - 0.2134, within(1e-9));

    JsonNode baseline = dashboard("").at("/quality/baseline");
    assertThat(baseline.path("model").asText()).isEqualTo("ials");
    assertThat(baseline.path("ndcgAt10").asDouble()).isEqualTo(0.3742);

    assertThat(server.storage().audit().entries())
        .anySatisfy(e -> assertThat(e.action()).isEqualTo("dashboard.report_loaded"));
  }

  @Test
  void gapThreshold_isConfigurable() {
    start(config().fairnessGapThreshold(0.1));
    http.send("POST", "/v1/admin/simulation-report", admin.reveal(), report());
    JsonNode f = dashboard("").path("fairness");
    assertThat(f.path("gapThreshold").asDouble()).isEqualTo(0.1);
    assertThat(f.path("warnings").size()).isZero();
    assertThat(f.path("message").asText())
        .startsWith("No per-group NDCG@10 gap exceeds the threshold 0.1000.");
  }

  @Test
  void invalidReports_are400WithAClearMessage_andChangeNothing() {
    start(config());
    Map<String, String> cases =
        Map.of(
            "not json",
            "not valid JSON",
            "[1,2]",
            "must be a JSON object",
            "{\"dataset\":\"x\",\"protocol\":{}}",
            "must be a non-empty array",
            "{\"dataset\":\"x\",\"protocol\":{},\"models\":[{\"name\":\"a\"}]}",
            "metrics must be an object",
            "{\"dataset\":\"x\",\"protocol\":{},\"models\":[{\"name\":\"a\","
                + "\"metrics\":{\"ndcg@10\":{\"mean\":\"high\"}}}]}",
            "finite mean",
            "{\"protocol\":{},\"models\":[]}",
            "must be a string");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r =
          http.send("POST", "/v1/admin/simulation-report", admin.reveal(), c.getKey());
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(r.body()).as(c.getKey()).contains("invalid_report").contains(c.getValue());
    }
    assertThat(http.send("POST", "/v1/admin/simulation-report", null, report()).statusCode())
        .isEqualTo(401);
    assertThat(dashboard("").at("/fairness/loaded").asBoolean()).isFalse();
    assertThat(server.storage().audit().entries())
        .noneSatisfy(e -> assertThat(e.action()).isEqualTo("dashboard.report_loaded"));
  }

  @Test
  void report_survivesARestart() {
    start(config());
    assertThat(
            http.send("POST", "/v1/admin/simulation-report", admin.reveal(), report()).statusCode())
        .isEqualTo(201);
    server.close();
    start(config());
    assertThat(dashboard("").at("/fairness/loaded").asBoolean()).isTrue();
  }

  @Test
  void reportFile_isLoadedAtStart_once() throws IOException {
    Path file = dir.resolve("sim.json");
    Files.writeString(file, report());
    start(config().simulationReport(file));
    JsonNode f = dashboard("").path("fairness");
    assertThat(f.path("loaded").asBoolean()).isTrue();
    assertThat(f.path("source").asText()).isEqualTo("file sim.json");
    server.close();
    start(config().simulationReport(file));
    long loads =
        server.storage().audit().entries().stream()
            .filter(e -> e.action().equals("dashboard.report_loaded"))
            .count();
    assertThat(loads).isEqualTo(1);
  }

  @Test
  void invalidReportFile_stopsTheStart_withAClearMessage() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"dataset\": 1}");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TacitServer.create(config().simulationReport(file).build()).start())
        .hasMessageContaining("bad.json")
        .hasMessageContaining("\"dataset\" must be a string");
  }

  @Test
  void pages_areHtmlWithAStrictCsp_andLinkOnlyFilesOfThisServer() {
    start(config());
    for (String page : List.of("/", "/admin", "/privacy")) {
      HttpResponse<String> r = http.send("GET", page, null, null);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(
              csp ->
                  assertThat(csp)
                      .contains("default-src 'self'", "script-src 'self';")
                      .doesNotContain("unsafe-inline", "unsafe-eval"));
      String html = r.body();
      assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("http://", "https://", "<script>");
      assertThat(html).doesNotContain(" style=", "onclick=", "onload=");
      List<String> links = new ArrayList<>();
      Matcher m = LINK.matcher(html);
      while (m.find()) {
        if (!m.group(1).startsWith("#") && !m.group(1).equals("data:,")) {
          links.add(m.group(1));
        }
      }
      assertThat(links).as(page).isNotEmpty();
      for (String link : links) {
        assertThat(link).startsWith("/").doesNotStartWith("//");
        HttpResponse<String> asset = http.send("GET", link, null, null);
        assertThat(asset.statusCode()).as(link).isEqualTo(200);
        assertThat(asset.body().toLowerCase(Locale.ROOT)).as(link).doesNotContain("https://cdn");
      }
    }
    assertThat(http.send("GET", "/vendor/uplot/dist/uPlot.iife.min.js", null, null).body())
        .contains("uPlot");
  }

  @Test
  void dashboardSchemas_inTheOpenApiDocument_haveTheFieldsOfTheRecords() {
    start(config());
    JsonNode schemas =
        tree(http.send("GET", "/openapi.json", null, null).body()).at("/components/schemas");
    Map<String, Class<?>> records =
        Map.ofEntries(
            Map.entry("DashboardView", DashboardView.class),
            Map.entry("DashboardRounds", DashboardView.RoundsView.class),
            Map.entry("DashboardRound", DashboardView.RoundView.class),
            Map.entry("DashboardQuality", DashboardView.QualityView.class),
            Map.entry("DashboardQualityPoint", DashboardView.QualityPoint.class),
            Map.entry("DashboardBaseline", DashboardView.BaselineView.class),
            Map.entry("DashboardPrivacy", DashboardView.PrivacyView.class),
            Map.entry("DashboardBudget", DashboardView.BudgetView.class),
            Map.entry("DashboardAccountant", DashboardView.AccountantView.class),
            Map.entry("DashboardConsent", DashboardView.ConsentCountsView.class),
            Map.entry("DashboardConsentCount", DashboardView.ConsentCount.class),
            Map.entry("DashboardDeletions", DashboardView.DeletionsView.class),
            Map.entry("DashboardDeletion", DashboardView.DeletionItem.class),
            Map.entry("DashboardFairness", DashboardView.FairnessView.class),
            Map.entry("DashboardModelFairness", DashboardView.ModelFairness.class),
            Map.entry("DashboardGroupAttribute", DashboardView.GroupAttribute.class),
            Map.entry("DashboardGroupValue", DashboardView.GroupValue.class),
            Map.entry("DashboardRerankEffect", DashboardView.RerankEffect.class),
            Map.entry("ReportLoadedView", DashboardView.ReportLoadedView.class));
    for (Map.Entry<String, Class<?>> e : records.entrySet()) {
      Set<String> components = new HashSet<>();
      for (RecordComponent c : e.getValue().getRecordComponents()) {
        components.add(c.getName());
      }
      Set<String> properties = new HashSet<>();
      schemas.path(e.getKey()).path("properties").fieldNames().forEachRemaining(properties::add);
      Set<String> required = new HashSet<>();
      schemas.path(e.getKey()).path("required").forEach(n -> required.add(n.asText()));
      assertThat(properties).as(e.getKey()).isEqualTo(components);
      assertThat(required).as(e.getKey()).isEqualTo(components);
    }
  }
}
