package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.subtle.AesGcmJce;
import dev.tacit.client.TacitClient;
import dev.tacit.client.server.HttpServerConnection;
import dev.tacit.client.store.Durability;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.ldp.FrequencyAggregator;
import dev.tacit.privacy.ldp.FrequencyOracle;
import dev.tacit.privacy.ldp.LocalHashReport;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.ErrorMessage;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.server.analytics.NormSub;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.DeviceRecord;
import dev.tacit.server.store.SqlLedgerStore;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Federated analytics against a real server on a random port with a real HTTP client: queries
 * charge the analytics budget, devices report through generalized randomized response, and the
 * operator reads estimates. Run once per database: {@link SqliteAnalyticsApiTest} and {@link
 * PostgresAnalyticsApiTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AnalyticsApiContract {
  private static final String POLICY = "2026-01";
  private static final List<String> TABLES =
      List.of(
          "devices",
          "consent_events",
          "privacy_ledger",
          "audit_log",
          "analytics_queries",
          "analytics_counts",
          "analytics_reporters");

  private TacitServer server;
  private Http http;
  private String dbUrl;
  private Secret admin;
  private final SecureRandom random = new SecureRandom();

  /** The JDBC URL to test against; may skip the class with an assumption. */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  @BeforeAll
  void startServer(@TempDir Path dataDir) {
    dbUrl = databaseUrl(dataDir);
    admin = Tokens.newToken(random);
    Map<Purpose, PrivacyBudget> budgets = new EnumMap<>(Purpose.class);
    budgets.put(Purpose.TRAINING, new PrivacyBudget(8, 1e-6));
    budgets.put(Purpose.EVALUATION, new PrivacyBudget(4, 1e-6));
    // Room for every test's queries; the budget test, which runs last, spends the rest.
    budgets.put(Purpose.ANALYTICS, new PrivacyBudget(40, 1e-6));
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
                    // Hundreds of test devices register from loopback, one address.
                    .registrationLimit(new ServerConfig.RateLimit(10_000, 10_000))
                    .build())
            .start();
    http = new Http(server.baseUri());
  }

  @AfterAll
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

  private RegistrationResponse register() {
    HttpResponse<String> r =
        http.send("POST", "/v1/devices", null, "{\"protocolVersion\":1,\"sdkVersion\":\"0.1.0\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.read(r.body(), RegistrationResponse.class);
  }

  private void consent(RegistrationResponse d, boolean granted) {
    String body =
        "{\"deviceId\":\""
            + d.deviceId()
            + "\",\"purpose\":\"analytics\",\"granted\":"
            + granted
            + ",\"policyVersion\":\""
            + POLICY
            + "\",\"time\":\"2026-01-31T12:00:00Z\"}";
    HttpResponse<String> r =
        http.send("POST", "/v1/devices/" + d.deviceId() + "/consent", d.token(), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private RegistrationResponse consentingDevice() {
    RegistrationResponse d = register();
    consent(d, true);
    return d;
  }

  private static String queryBody(String metric, List<String> labels, double epsilon) {
    return "{\"metric\":\""
        + metric
        + "\",\"labels\":["
        + labels.stream().map(l -> "\"" + l + "\"").collect(Collectors.joining(","))
        + "],\"epsilon\":"
        + epsilon
        + ",\"description\":\"favourite genre of the week\"}";
  }

  private JsonNode createQuery(List<String> labels, double epsilon) {
    HttpResponse<String> r =
        http.send(
            "POST",
            "/v1/admin/analytics/queries",
            admin.reveal(),
            queryBody("genre", labels, epsilon));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return tree(r.body());
  }

  private HttpResponse<String> report(
      RegistrationResponse d, String queryId, String mechanism, double eps, int k, int value) {
    return report(d, queryId, mechanism, eps, k, 0, value);
  }

  private HttpResponse<String> report(
      RegistrationResponse d,
      String queryId,
      String mechanism,
      double eps,
      int k,
      long seed,
      int value) {
    String body =
        "{\"deviceId\":\""
            + d.deviceId()
            + "\",\"metric\":\""
            + queryId
            + "\",\"mechanism\":\""
            + mechanism
            + "\",\"epsilon\":"
            + eps
            + ",\"domainSize\":"
            + k
            + ",\"seed\":"
            + seed
            + ",\"value\":"
            + value
            + "}";
    return http.send("POST", "/v1/devices/" + d.deviceId() + "/reports", d.token(), body);
  }

  /** Every row of the tables analytics touches, as text. */
  private String dump() {
    StringBuilder sb = new StringBuilder();
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        sb.append("## ").append(table).append('\n');
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
              sb.append(rs.getObject(i)).append('|');
            }
            sb.append('\n');
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return sb.toString();
  }

  private static List<String> labels(int k) {
    return IntStream.range(0, k).mapToObj(i -> "label" + i).toList();
  }

  private void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    ErrorMessage e = Json.read(r.body(), ErrorMessage.class);
    assertThat(e.error()).as(r.body()).isEqualTo(code);
    assertThat(e.message()).isNotBlank();
  }

  // ---- estimates -----------------------------------------------------------------------------

  @Test
  void grrReports_giveTheOraclesUnbiasedEstimates_summingToTheNumberOfReports() {
    Outcome o = runReports(40, 4, 1.5, 7L);
    for (int v = 0; v < o.estimates().length; v++) {
      assertThat(o.estimates()[v]).as("label %d", v).isCloseTo(o.reference()[v], within(1e-9));
      assertThat(o.ciLow()[v]).isLessThan(o.estimates()[v]);
      assertThat(o.ciHigh()[v] - o.estimates()[v])
          .as("symmetric interval")
          .isCloseTo(o.estimates()[v] - o.ciLow()[v], within(1e-9));
    }
    assertThat(Arrays.stream(o.estimates()).sum())
        .as("GRR estimates add up to the number of reports")
        .isCloseTo(40, within(1e-6));
  }

  @Test
  void theView_givesNormSubConsistentEstimates_highestFirst_withTheOraclesStandardError() {
    int n = 40;
    int k = 6;
    double epsilon = 0.5;
    Outcome o = runReports(n, k, epsilon, 11L);
    FrequencyOracle<Integer> grr = FrequencyOracle.generalizedRandomizedResponse(k, epsilon);
    double[] expected = NormSub.apply(o.reference(), n);
    for (int v = 0; v < k; v++) {
      assertThat(o.consistent()[v]).as("label %d", v).isCloseTo(expected[v], within(1e-9));
      assertThat(o.consistent()[v]).as("label %d non-negative", v).isGreaterThanOrEqualTo(0);
      long plugIn = Math.max(0, Math.min(n, Math.round(o.reference()[v])));
      double se = Math.sqrt(grr.variance(n, plugIn));
      assertThat(o.standardError()[v]).as("label %d standard error", v).isCloseTo(se, within(1e-9));
      assertThat(o.ciHigh()[v] - o.estimates()[v])
          .as("label %d half width is 1.96 standard errors", v)
          .isCloseTo(1.959963984540054 * se, within(1e-9));
    }
    assertThat(Arrays.stream(o.consistent()).sum())
        .as("consistent estimates add up to the number of reports")
        .isCloseTo(n, within(1e-6));
    assertThat(Arrays.stream(o.estimates()).anyMatch(e -> e < 0))
        .as("at epsilon 0.5 with 40 reports some unbiased estimate is negative (seed 11)")
        .isTrue();
    for (int i = 1; i < o.sentOrder().size(); i++) {
      int prev = Integer.parseInt(o.sentOrder().get(i - 1).substring(5));
      int cur = Integer.parseInt(o.sentOrder().get(i).substring(5));
      assertThat(o.consistent()[prev])
          .as("sorted by consistent estimate, highest first")
          .isGreaterThanOrEqualTo(o.consistent()[cur]);
      if (o.consistent()[prev] == o.consistent()[cur]) {
        assertThat(o.estimates()[prev]).isGreaterThanOrEqualTo(o.estimates()[cur]);
      }
    }
  }

  // ---- the frequency oracle by domain size and epsilon
  // -------------------------------------------

  @Test
  void theServerPicksGrrBelow3ExpEpsilonPlus2Labels_andOlhFromThere_andDevicesSeeIt() {
    // 3e^0.1 + 2 = 5.32; 3e^0.3 + 2 = 6.05 (small epsilons: the class shares one budget).
    String[][] cases = {
      {"5", "0.1", "grr"}, {"6", "0.1", "olh"}, {"6", "0.3", "grr"}, {"7", "0.3", "olh"}
    };
    JsonNode open = null;
    List<String> ids = new ArrayList<>();
    for (String[] c : cases) {
      JsonNode q = createQuery(labels(Integer.parseInt(c[0])), Double.parseDouble(c[1]));
      assertThat(q.get("mechanism").asText())
          .as("%s labels at epsilon %s", c[0], c[1])
          .isEqualTo(c[2]);
      ids.add(q.get("id").asText());
    }
    open = tree(http.send("GET", "/v1/analytics/queries", null, null).body());
    for (int i = 0; i < cases.length; i++) {
      String id = ids.get(i);
      JsonNode mine = null;
      for (JsonNode q : open.get("queries")) {
        if (q.get("id").asText().equals(id)) {
          mine = q;
        }
      }
      assertThat(mine).as("query %s is open", id).isNotNull();
      assertThat(mine.get("mechanism").asText()).isEqualTo(cases[i][2]);
    }
  }

  @Test
  void sdkClients_answerEachQueryWithItsOracle_overHttp_inBothRegimes(@TempDir Path devices)
      throws Exception {
    JsonNode small = createQuery(labels(3), 0.5);
    JsonNode large = createQuery(labels(40), 0.5);
    assertThat(small.get("mechanism").asText()).isEqualTo("grr");
    assertThat(large.get("mechanism").asText()).isEqualTo("olh");
    int n = 6;
    for (int d = 0; d < n; d++) {
      try (TacitClient c = sdkClient(devices.resolve("device-" + d))) {
        List<dev.tacit.protocol.AnalyticsQuery> open = c.analyticsQueries();
        for (JsonNode q : List.of(small, large)) {
          dev.tacit.protocol.AnalyticsQuery query =
              open.stream()
                  .filter(x -> x.id().equals(q.get("id").asText()))
                  .findFirst()
                  .orElseThrow();
          assertThat(query.mechanism().wireName()).isEqualTo(q.get("mechanism").asText());
          assertThat(c.answer(query, "label" + (d % 3))).as("report sent").isTrue();
        }
      }
    }
    for (JsonNode q : List.of(small, large)) {
      JsonNode view =
          tree(
              http.send(
                      "GET",
                      "/v1/admin/analytics/queries/" + q.get("id").asText(),
                      admin.reveal(),
                      null)
                  .body());
      assertThat(view.get("reports").asLong()).as(q.get("mechanism").asText()).isEqualTo(n);
      double sum = 0;
      for (JsonNode e : view.get("estimates")) {
        sum += e.get("estimate").asDouble();
      }
      assertThat(sum).isCloseTo(n, within(1e-6));
    }
  }

  @Test
  void olhReports_outsideTheBuckets_orOfTheWrongMechanism_get400_andChangeNothing() {
    JsonNode large = createQuery(labels(40), 0.5); // g = round(e^0.5 + 1) = 3 buckets
    String id = large.get("id").asText();
    RegistrationResponse d = directDevice(true);
    String before = dump();
    assertError(report(d, id, "olh", 0.5, 40, 99L, 3), 400, "invalid_request");
    assertError(report(d, id, "grr", 0.5, 40, 0L, 2), 400, "invalid_request");
    assertThat(dump()).isEqualTo(before);
    assertThat(report(d, id, "olh", 0.5, 40, 99L, 2).statusCode()).isEqualTo(202);
  }

  @Test
  void olhReports_giveTheOraclesUnbiasedEstimates_withTheOlhStandardError() {
    olhPopulation(60, 40, 0.5, 5L);
  }

  @Test
  @Tag("slow")
  void aSyntheticPopulationOver40Labels_getsOlhIntervalsThatCoverTheTrueCounts() {
    Outcome o = olhPopulation(500, 40, 0.5, 20170816L);
    int covered = 0;
    for (int v = 0; v < o.truth().length; v++) {
      if (o.ciLow()[v] <= o.truth()[v] && o.truth()[v] <= o.ciHigh()[v]) {
        covered++;
      }
    }
    // 95% intervals over 40 labels: about 2 misses are expected, more than 5 has probability 1.4%.
    assertThat(covered)
        .as("labels whose 95 percent interval covers the true count")
        .isGreaterThanOrEqualTo(35);
  }

  /**
   * {@code n} devices (created in the store) send OLH reports of a skewed population over HTTP;
   * checks the server's estimates against the privacy library's aggregator of the same reports.
   */
  private Outcome olhPopulation(int n, int k, double epsilon, long seed) {
    JsonNode q = createQuery(labels(k), epsilon);
    assertThat(q.get("mechanism").asText()).isEqualTo("olh");
    String id = q.get("id").asText();
    FrequencyOracle<LocalHashReport> olh = FrequencyOracle.optimizedLocalHashing(k, epsilon);
    FrequencyAggregator<LocalHashReport> reference = olh.aggregator();
    RandomSource rng = RandomSource.seeded(seed);
    long[] truth = new long[k];
    for (int i = 0; i < n; i++) {
      // Zipf-like: value v with weight 1/(v+1).
      int value = zipf(rng, k);
      truth[value]++;
      LocalHashReport r = olh.randomize(value, rng);
      reference.add(r);
      HttpResponse<String> sent =
          report(directDevice(true), id, "olh", epsilon, k, r.seed(), r.bucket());
      assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    }
    JsonNode view =
        tree(http.send("GET", "/v1/admin/analytics/queries/" + id, admin.reveal(), null).body());
    assertThat(view.get("reports").asLong()).isEqualTo(n);
    assertThat(view.get("mechanism").asText()).isEqualTo("olh");
    double[] expected = reference.estimateCounts();
    double[] raw = new double[k];
    double[] low = new double[k];
    double[] high = new double[k];
    double[] consistent = new double[k];
    double[] se = new double[k];
    List<String> order = new ArrayList<>();
    for (JsonNode e : view.get("estimates")) {
      String label = e.get("label").asText();
      order.add(label);
      int v = Integer.parseInt(label.substring("label".length()));
      raw[v] = e.get("rawEstimate").asDouble();
      low[v] = e.get("ciLow").asDouble();
      high[v] = e.get("ciHigh").asDouble();
      consistent[v] = e.get("estimate").asDouble();
      se[v] = e.get("standardError").asDouble();
      assertThat(raw[v]).as("label %d", v).isCloseTo(expected[v], within(1e-9));
      long plugIn = Math.max(0, Math.min(n, Math.round(expected[v])));
      assertThat(se[v]).isCloseTo(Math.sqrt(olh.variance(n, plugIn)), within(1e-9));
      assertThat(consistent[v]).isGreaterThanOrEqualTo(0);
    }
    assertThat(Arrays.stream(consistent).sum()).isCloseTo(n, within(1e-6));
    assertThat(consistent).containsExactly(NormSub.apply(expected, n), within(1e-9));
    return new Outcome(n, truth, raw, low, high, consistent, se, order, expected);
  }

  private static int zipf(RandomSource rng, int k) {
    double total = 0;
    for (int v = 0; v < k; v++) {
      total += 1.0 / (v + 1);
    }
    double u = rng.nextDouble() * total;
    for (int v = 0; v < k; v++) {
      u -= 1.0 / (v + 1);
      if (u < 0) {
        return v;
      }
    }
    return k - 1;
  }

  private TacitClient sdkClient(Path dir) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    TacitClient c;
    try {
      c =
          TacitClient.builder()
              .storageDirectory(dir)
              .keyProvider(KeyProvider.of(new AesGcmJce(key), "test device key"))
              .server(HttpServerConnection.builder(server.baseUri()).build())
              .policyVersion(POLICY)
              .durability(Durability.WRITE)
              .secureRandom(new SecureRandom())
              .build();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
    c.consent().grant(Purpose.ANALYTICS);
    c.connect();
    return c;
  }

  @Test
  void aQueryWithATitle_showsIt_andOneWithout_isTitledByItsMetric() {
    String body =
        "{\"metric\":\"top_category\",\"title\":\"  Children's favourite — genre \","
            + "\"labels\":[\"Children's\",\"Sci-Fi & Fantasy\"],\"epsilon\":0.1,"
            + "\"description\":\"d\"}";
    HttpResponse<String> r = http.send("POST", "/v1/admin/analytics/queries", admin.reveal(), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode q = tree(r.body());
    assertThat(q.get("title").asText()).isEqualTo("Children's favourite — genre");
    assertThat(q.get("labels").get(0).asText()).isEqualTo("Children's");
    String id = q.get("id").asText();
    JsonNode again =
        tree(http.send("GET", "/v1/admin/analytics/queries/" + id, admin.reveal(), null).body());
    assertThat(again.get("title").asText()).isEqualTo("Children's favourite — genre");
    assertThat(createQuery(labels(2), 0.1).get("title").asText()).isEqualTo("genre");
  }

  @Test
  @Tag("slow")
  void threeHundredGrrReports_giveIntervalsThatCoverTheTrueCounts() {
    int n = 300;
    int k = 6;
    double epsilon = 2.0;
    Outcome o = runReports(n, k, epsilon, 20260131L);
    FrequencyOracle<Integer> grr = FrequencyOracle.generalizedRandomizedResponse(k, epsilon);
    int covered = 0;
    for (int v = 0; v < k; v++) {
      assertThat(o.estimates()[v]).as("label %d", v).isCloseTo(o.reference()[v], within(1e-9));
      double halfWidth = 1.959963984540054 * Math.sqrt(grr.variance(n, o.truth()[v]));
      assertThat(o.ciHigh()[v] - o.ciLow()[v])
          .as("interval width of label %d", v)
          .isCloseTo(2 * halfWidth, within(6.0));
      if (o.ciLow()[v] <= o.truth()[v] && o.truth()[v] <= o.ciHigh()[v]) {
        covered++;
      }
    }
    assertThat(covered)
        .as("labels whose 95 percent interval covers the true count")
        .isGreaterThanOrEqualTo(k - 1);
  }

  /**
   * True counts, the server's answer per label (in label order) and in the order it was sent, and
   * the oracle's own estimate of the same reports.
   */
  private record Outcome(
      long n,
      long[] truth,
      double[] estimates,
      double[] ciLow,
      double[] ciHigh,
      double[] consistent,
      double[] standardError,
      List<String> sentOrder,
      double[] reference) {}

  /**
   * Creates a query, has {@code n} consenting devices (created in the store, which is fast) send
   * GRR-randomized values of a skewed distribution over HTTP, and reads the estimates.
   */
  private Outcome runReports(int n, int k, double epsilon, long seed) {
    JsonNode q = createQuery(labels(k), epsilon);
    String id = q.get("id").asText();
    FrequencyOracle<Integer> grr = FrequencyOracle.generalizedRandomizedResponse(k, epsilon);
    FrequencyAggregator<Integer> reference = grr.aggregator();
    RandomSource rng = RandomSource.seeded(seed);
    long[] truth = new long[k];
    for (int i = 0; i < n; i++) {
      int bucket = i % 10;
      int trueValue = bucket < 4 ? 0 : (bucket < 7 ? 1 : (bucket < 9 ? 2 : 3 + i % (k - 3)));
      truth[trueValue]++;
      int randomized = grr.randomize(trueValue, rng);
      reference.add(randomized);
      RegistrationResponse d = directDevice(true);
      HttpResponse<String> r = report(d, id, "grr", epsilon, k, randomized);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
    JsonNode view =
        tree(http.send("GET", "/v1/admin/analytics/queries/" + id, admin.reveal(), null).body());
    assertThat(view.get("reports").asLong()).isEqualTo(n);
    assertThat(view.get("confidence").asDouble()).isEqualTo(0.95);
    assertThat(view.get("status").asText()).isEqualTo("open");
    assertThat(view.get("mechanism").asText()).isEqualTo("grr");
    assertThat(view.get("estimates")).hasSize(k);
    double[] estimates = new double[k];
    double[] low = new double[k];
    double[] high = new double[k];
    double[] consistent = new double[k];
    double[] se = new double[k];
    List<String> sent = new ArrayList<>();
    for (JsonNode e : view.get("estimates")) {
      String label = e.get("label").asText();
      sent.add(label);
      int v = Integer.parseInt(label.substring("label".length()));
      estimates[v] = e.get("rawEstimate").asDouble();
      low[v] = e.get("ciLow").asDouble();
      high[v] = e.get("ciHigh").asDouble();
      consistent[v] = e.get("estimate").asDouble();
      se[v] = e.get("standardError").asDouble();
    }
    assertThat(sent).as("every label once").containsExactlyInAnyOrderElementsOf(labels(k));
    return new Outcome(
        n, truth, estimates, low, high, consistent, se, sent, reference.estimateCounts());
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  /** A device registered and (optionally) consenting through the store, its token known. */
  private RegistrationResponse directDevice(boolean grant) {
    String id = Tokens.newId("d-", random);
    Secret token = Tokens.newToken(random);
    DeviceRecord d = server.storage().registerDevice(id, token.hash(), Tokens.newId("a-", random));
    if (grant) {
      server
          .storage()
          .appendConsent(d, Purpose.ANALYTICS, true, POLICY, Instant.parse("2026-01-31T12:00:00Z"));
    }
    return new RegistrationResponse(id, token.reveal());
  }

  @Test
  void reports_storeNoDeviceId_onlyCountsAndAKeyedHash_erasedWhenTheQueryCloses() {
    JsonNode q = createQuery(labels(3), 1.0);
    String id = q.get("id").asText();
    List<RegistrationResponse> devices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RegistrationResponse d = consentingDevice();
      devices.add(d);
      assertThat(report(d, id, "grr", 1.0, 3, i % 3).statusCode()).isEqualTo(202);
    }
    String analytics = analyticsRows();
    for (RegistrationResponse d : devices) {
      assertThat(analytics)
          .doesNotContain(d.deviceId())
          .doesNotContain(d.deviceId().substring(2))
          .doesNotContain(Tokens.hash(d.deviceId()))
          .doesNotContain(Tokens.hash(d.token()));
    }
    assertThat(rowCount("analytics_reporters WHERE query_id = '" + id + "'")).isEqualTo(5);
    assertThat(rowCount("analytics_counts WHERE query_id = '" + id + "'")).isEqualTo(3);
    assertThat(supports(id)).containsExactly(2L, 2L, 1L);
    // The audit log does not link a device to a query either.
    for (RegistrationResponse d : devices) {
      assertThat(server.storage().audit().entries().toString()).doesNotContain(d.deviceId());
    }

    HttpResponse<String> closed =
        http.send(
            "POST",
            "/v1/admin/analytics/queries/" + id + "/close",
            admin.reveal(),
            "{\"reason\":\"enough reports\"}");
    assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
    assertThat(tree(closed.body()).get("status").asText()).isEqualTo("closed");
    assertThat(rowCount("analytics_reporters WHERE query_id = '" + id + "'")).isZero();
    assertThat(analyticsRows()).contains(id + "|genre");
    assertThat(supports(id)).containsExactly(2L, 2L, 1L);
  }

  private String analyticsRows() {
    return dump().substring(dump().indexOf("## analytics_queries"));
  }

  private long rowCount(String fromWhere) {
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + fromWhere)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Long> supports(String queryId) {
    List<Long> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT support FROM analytics_counts WHERE query_id = '"
                    + queryId
                    + "' ORDER BY label_index")) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  // ---- queries and the budget ----------------------------------------------------------------

  @Test
  void createQuery_chargesTheAnalyticsBudgetOnce_asAPureEpsilonEvent_andIsAudited() {
    SqlLedgerStore.Row last;
    int before = ledgerRows().size();
    double spentBefore = server.ledger().spent(Purpose.ANALYTICS).epsilon();
    JsonNode q = createQuery(List.of("Action", "Comedy", "Drama"), 0.5);
    String id = q.get("id").asText();
    assertThat(id).matches("q-[0-9a-f]{32}");
    assertThat(q.get("metric").asText()).isEqualTo("genre");
    assertThat(q.get("status").asText()).isEqualTo("open");
    assertThat(q.get("reports").asLong()).isZero();
    assertThat(q.get("labels")).hasSize(3);
    assertThat(q.get("estimates")).hasSize(3);

    List<SqlLedgerStore.Row> rows = ledgerRows();
    assertThat(rows).hasSize(before + 1);
    last = rows.get(rows.size() - 1);
    assertThat(last.purpose()).isEqualTo(Purpose.ANALYTICS);
    assertThat(last.mechanism()).isEqualTo("pure_dp");
    assertThat(last.paramA()).as("the local epsilon of the query").isEqualTo(0.5);
    assertThat(last.repetitions()).isEqualTo(1);
    assertThat(last.description()).contains(id);
    assertThat(server.ledger().spent(Purpose.ANALYTICS).epsilon()).isGreaterThan(spentBefore);
    assertThat(server.storage().audit().entries())
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("analytics.query.created");
              assertThat(e.detail()).contains(id);
            });

    JsonNode open = tree(http.send("GET", "/v1/analytics/queries", null, null).body());
    assertThat(open.get("queries").findValuesAsText("id")).contains(id);
    JsonNode mine = null;
    for (JsonNode o : open.get("queries")) {
      if (o.get("id").asText().equals(id)) {
        mine = o;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.get("mechanism").asText()).isEqualTo("grr");
    assertThat(mine.get("epsilon").asDouble()).isEqualTo(0.5);
    assertThat(mine.get("labels").get(1).asText()).isEqualTo("Comedy");
    assertThat(mine.has("description")).isFalse();

    JsonNode all =
        tree(http.send("GET", "/v1/admin/analytics/queries", admin.reveal(), null).body());
    assertThat(all.get("queries").findValuesAsText("id")).contains(id);
  }

  private List<SqlLedgerStore.Row> ledgerRows() {
    return new SqlLedgerStore(server.storage(), server.config().budgets()).rows();
  }

  @Test
  @Order(Integer.MAX_VALUE) // it exhausts the budget that the other tests share
  void aQueryBeyondTheBudget_isRefusedWith409_andChangesNothing() {
    String before;
    double spent;
    int spends;
    HttpResponse<String> r;
    int accepted = 0;
    do {
      // Queries of the largest epsilon until the budget refuses one.
      before = dump();
      spent = server.ledger().spent(Purpose.ANALYTICS).epsilon();
      spends = server.ledger().spends().size();
      r =
          http.send(
              "POST",
              "/v1/admin/analytics/queries",
              admin.reveal(),
              queryBody("genre", labels(4), 10.0));
    } while (r.statusCode() == 201 && ++accepted < 10);
    assertError(r, 409, "budget_exceeded");
    assertThat(dump()).isEqualTo(before);
    assertThat(server.ledger().spent(Purpose.ANALYTICS).epsilon()).isEqualTo(spent);
    assertThat(server.ledger().spends()).hasSize(spends);
  }

  static Stream<Arguments> badQueries() {
    String ok = ",\"description\":\"d\"";
    return Stream.of(
        Arguments.of("not JSON", "{"),
        Arguments.of("missing metric", "{\"labels\":[\"a\",\"b\"],\"epsilon\":1" + ok + "}"),
        Arguments.of("metric not an identifier", queryBody("no spaces", labels(2), 1)),
        Arguments.of("metric too long", queryBody("m".repeat(65), labels(2), 1)),
        Arguments.of("one label", queryBody("m", labels(1), 1)),
        Arguments.of("4097 labels", queryBody("m", labels(4097), 1)),
        Arguments.of("duplicate labels", queryBody("m", List.of("a", "b", "a"), 1)),
        Arguments.of("blank label", queryBody("m", List.of("a", " "), 1)),
        Arguments.of("blank title", titled(" ")),
        Arguments.of("title too long", titled("t".repeat(121))),
        Arguments.of("title with a control character", titled("a\\u0007b")),
        Arguments.of("title with a bidi override", titled("a\\u202eb")),
        Arguments.of("title with a private-use character", titled("a\\ue000b")),
        Arguments.of(
            "null label", "{\"metric\":\"m\",\"labels\":[\"a\",null],\"epsilon\":1" + ok + "}"),
        Arguments.of("epsilon 0", queryBody("m", labels(2), 0)),
        Arguments.of("epsilon negative", queryBody("m", labels(2), -1)),
        Arguments.of("epsilon above 10", queryBody("m", labels(2), 10.5)),
        Arguments.of(
            "epsilon a string",
            "{\"metric\":\"m\",\"labels\":[\"a\",\"b\"],\"epsilon\":\"x\"" + ok + "}"),
        Arguments.of("missing epsilon", "{\"metric\":\"m\",\"labels\":[\"a\",\"b\"]" + ok + "}"),
        Arguments.of(
            "missing description", "{\"metric\":\"m\",\"labels\":[\"a\",\"b\"],\"epsilon\":1}"),
        Arguments.of(
            "blank description",
            "{\"metric\":\"m\",\"labels\":[\"a\",\"b\"],\"epsilon\":1,\"description\":\" \"}"),
        Arguments.of(
            "unknown field",
            "{\"metric\":\"m\",\"labels\":[\"a\",\"b\"],\"epsilon\":1" + ok + ",\"x\":1}"));
  }

  private static String titled(String jsonTitle) {
    return "{\"metric\":\"m\",\"title\":\""
        + jsonTitle
        + "\",\"labels\":[\"a\",\"b\"],\"epsilon\":1,\"description\":\"d\"}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badQueries")
  void badQueries_get400_andChangeNothing(String name, String body) {
    String before = dump();
    HttpResponse<String> r = http.send("POST", "/v1/admin/analytics/queries", admin.reveal(), body);
    assertError(r, 400, "invalid_request");
    assertThat(dump()).as(name).isEqualTo(before);
  }

  @Test
  void adminRoutes_withoutTheAdminToken_get401_andChangeNothing() {
    JsonNode q = createQuery(labels(2), 0.25);
    String id = q.get("id").asText();
    RegistrationResponse device = register();
    String before = dump();
    for (String token : new String[] {null, device.token(), Tokens.newToken(random).reveal()}) {
      assertError(
          http.send("POST", "/v1/admin/analytics/queries", token, queryBody("m", labels(2), 1)),
          401,
          "unauthorized");
      assertError(
          http.send("GET", "/v1/admin/analytics/queries", token, null), 401, "unauthorized");
      assertError(
          http.send("GET", "/v1/admin/analytics/queries/" + id, token, null), 401, "unauthorized");
      assertError(
          http.send(
              "POST",
              "/v1/admin/analytics/queries/" + id + "/close",
              token,
              "{\"reason\":\"enough reports\"}"),
          401,
          "unauthorized");
    }
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void unknownQueries_get404() {
    String unknown = "q-" + "0".repeat(32);
    assertError(
        http.send("GET", "/v1/admin/analytics/queries/" + unknown, admin.reveal(), null),
        404,
        "not_found");
    assertError(
        http.send("GET", "/v1/admin/analytics/queries/not-a-query", admin.reveal(), null),
        404,
        "not_found");
    assertError(
        http.send(
            "POST",
            "/v1/admin/analytics/queries/" + unknown + "/close",
            admin.reveal(),
            "{\"reason\":\"enough reports\"}"),
        404,
        "not_found");
  }

  // ---- reports -------------------------------------------------------------------------------

  @Test
  void badReports_getTheRight4xx_andChangeNothing() {
    JsonNode q = createQuery(labels(4), 1.0);
    String id = q.get("id").asText();
    RegistrationResponse granted = consentingDevice();
    RegistrationResponse never = register();
    RegistrationResponse withdrawn = consentingDevice();
    consent(withdrawn, false);
    RegistrationResponse other = consentingDevice();
    String before = dump();

    assertError(report(never, id, "grr", 1.0, 4, 0), 403, "consent_required");
    assertError(report(withdrawn, id, "grr", 1.0, 4, 0), 403, "consent_required");
    assertError(report(granted, "q-" + "1".repeat(32), "grr", 1.0, 4, 0), 404, "not_found");
    assertError(report(granted, "genre", "grr", 1.0, 4, 0), 404, "not_found");
    assertError(report(granted, id, "grr", 0.5, 4, 0), 400, "invalid_request");
    assertError(report(granted, id, "grr", 1.0, 5, 0), 400, "invalid_request");
    assertError(report(granted, id, "grr", 1.0, 3, 0), 400, "invalid_request");
    assertError(report(granted, id, "olh", 1.0, 4, 0), 400, "invalid_request");
    assertError(report(granted, id, "grr", 1.0, 4, 4), 400, "invalid_request");
    assertError(report(granted, id, "grr", 1.0, 4, -1), 400, "invalid_request");
    assertError(report(granted, id, "grr", -1.0, 4, 0), 400, "invalid_request");
    assertError(report(granted, id, "rappor", 1.0, 4, 0), 400, "invalid_request");
    // The body names another device than the path.
    String body =
        Json.write(new LdpReport(other.deviceId(), id, LdpReport.Mechanism.GRR, 1.0, 4, 0, 1));
    assertError(
        http.send("POST", "/v1/devices/" + granted.deviceId() + "/reports", granted.token(), body),
        400,
        "device_mismatch");
    // Another device's token.
    assertError(
        http.send("POST", "/v1/devices/" + granted.deviceId() + "/reports", other.token(), body),
        401,
        "unauthorized");
    assertError(
        http.send("POST", "/v1/devices/" + granted.deviceId() + "/reports", null, body),
        401,
        "unauthorized");
    assertError(
        http.send("POST", "/v1/devices/" + granted.deviceId() + "/reports", granted.token(), "{"),
        400,
        "invalid_request");
    assertThat(dump()).isEqualTo(before);

    assertThat(report(granted, id, "grr", 1.0, 4, 3).statusCode()).isEqualTo(202);
    String afterOne = dump();
    assertError(report(granted, id, "grr", 1.0, 4, 2), 409, "duplicate_report");
    assertThat(dump()).isEqualTo(afterOne);
    assertThat(supports(id)).containsExactly(0L, 0L, 0L, 1L);
  }

  @Test
  void aClosedQuery_leavesThePublicList_andRefusesReports_andASecondClose() {
    JsonNode q = createQuery(labels(2), 0.25);
    String id = q.get("id").asText();
    RegistrationResponse d = consentingDevice();
    HttpResponse<String> closed =
        http.send(
            "POST",
            "/v1/admin/analytics/queries/" + id + "/close",
            admin.reveal(),
            "{\"reason\":\"enough reports\"}");
    assertThat(closed.statusCode()).isEqualTo(200);
    assertThat(
            tree(http.send("GET", "/v1/analytics/queries", null, null).body())
                .get("queries")
                .findValuesAsText("id"))
        .doesNotContain(id);
    String before = dump();
    assertError(report(d, id, "grr", 0.25, 2, 1), 409, "query_closed");
    assertError(
        http.send(
            "POST",
            "/v1/admin/analytics/queries/" + id + "/close",
            admin.reveal(),
            "{\"reason\":\"enough reports\"}"),
        409,
        "query_closed");
    assertThat(dump()).isEqualTo(before);
    JsonNode view =
        tree(http.send("GET", "/v1/admin/analytics/queries/" + id, admin.reveal(), null).body());
    assertThat(view.get("status").asText()).isEqualTo("closed");
    assertThat(server.storage().audit().entries())
        .anySatisfy(e -> assertThat(e.action()).isEqualTo("analytics.query.closed"));
  }
}
