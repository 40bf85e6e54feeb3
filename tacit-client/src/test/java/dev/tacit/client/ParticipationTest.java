package dev.tacit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tacit.client.server.InProcessServer;
import dev.tacit.client.server.RoundLink;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.AnalyticsQuery;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RoundAssignment;
import dev.tacit.protocol.SecAggSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device side of federated rounds against a server in the same process that runs real SecAgg+
 * rounds of three devices.
 */
class ParticipationTest {
  private static final int ITEMS = 30;
  private static final int K = 4;
  @TempDir Path dir;
  InProcessServer server;
  TacitClient client;
  final List<TacitClient> peers = new ArrayList<>();
  final Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.T0);
  final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void setUp() {
    FederatedConfig config =
        new FederatedConfig(
            K,
            1.0,
            5.0,
            Double.NaN,
            FederatedConfig.Optimizer.FEDADAM,
            0.05,
            0.9,
            0.99,
            1e-3,
            0.1,
            64,
            1);
    FederatedServer fed =
        FederatedServer.create(
            config,
            PrivacySettings.distributed(1.0, 0.5, 0.6),
            CohortSampler.poisson(1.0),
            ITEMS,
            100,
            Double.POSITIVE_INFINITY,
            1e-5);
    server =
        InProcessServer.create(
            fed,
            Fixtures.catalogue(ITEMS),
            new RoundRules(1.0, 3, 3, Duration.ofSeconds(20), Duration.ofSeconds(2)),
            RandomSource.seeded(9));
    client = client(dir.resolve("main"), server, 5);
    for (int i = 0; i < 2; i++) {
      TacitClient peer = client(dir.resolve("peer" + i), server, 10 + i);
      peer.consent().grant(Purpose.TRAINING);
      peer.consent().grant(Purpose.PERSONALIZATION);
      peer.record(
          Event.of("item-" + (3 + i), Signal.PURCHASE, Instant.parse("2026-02-20T10:00:00Z")));
      peers.add(peer);
    }
  }

  private TacitClient client(Path d, ServerConnection s, long seed) {
    return TacitClient.builder()
        .storageDirectory(d)
        .keyProvider(Fixtures.keys())
        .clock(clock)
        .server(s)
        .randomSource(DeviceRandom.seeded(seed))
        .build();
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    for (TacitClient p : peers) {
      p.close();
    }
  }

  /** Runs one round: the given device and the two peers participate at once. */
  private ParticipationResult roundWith(TacitClient device) throws Exception {
    List<Future<ParticipationResult>> others = new ArrayList<>();
    for (TacitClient p : peers) {
      others.add(pool.submit(() -> p.participate(DeviceConditions.idle())));
    }
    ParticipationResult mine = device.participate(DeviceConditions.idle());
    for (Future<ParticipationResult> f : others) {
      assertThat(f.get().status())
          .as(f.get().detail())
          .isNotEqualTo(ParticipationResult.Status.FAILED);
    }
    return mine;
  }

  private List<Event> recordHistory() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Event e =
          Event.of(
              "item-" + (i * 4 + 1),
              Signal.PURCHASE,
              Instant.parse("2026-02-27T08:1" + i + ":00Z"));
      client.record(e);
      events.add(e);
    }
    Event r = Event.rating("item-7", 4.5, Instant.parse("2026-02-28T21:33:17Z"));
    client.record(r);
    events.add(r);
    return events;
  }

  private List<InProcessServer.Request> requestsOf(String token) {
    return server.requests().stream().filter(r -> token.equals(r.token())).toList();
  }

  private String tokenOf(TacitClient c) {
    // the register answer is not in the log; the token is the one the device sent with check-in
    return server.requests().stream()
        .filter(r -> r.endpoint().endsWith("/check-in"))
        .filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains(c.deviceId()))
        .findFirst()
        .orElseThrow()
        .token();
  }

  @Test
  void withoutTrainingConsent_noNetworkCallHappens() {
    client.consent().grant(Purpose.PERSONALIZATION);
    client.consent().grant(Purpose.ANALYTICS);
    client.consent().grant(Purpose.EVALUATION);
    recordHistory();
    client.recommend(5, Filter.none());
    ParticipationResult r = client.participate(DeviceConditions.idle());
    assertThat(r.status()).isEqualTo(ParticipationResult.Status.SKIPPED);
    assertThat(r.detail()).contains("training is not granted");
    assertThat(client.reportAnalytics("genre", 1, 3, 1.0)).isFalse();
    assertThat(client.analyticsQueries()).isEmpty();
    assertThat(client.reportEvaluation(List.of("item-2"))).isFalse();
    client.exportData();
    assertThat(server.requests()).isEmpty();
    assertThat(client.transparencyLog()).isEmpty();
  }

  @Test
  void openAnalyticsQueries_areListedAndAnsweredByLabel_withTheQuerysEpsilonAndDomain() {
    client.consent().grant(Purpose.ANALYTICS);
    assertThat(client.connect()).isTrue();
    AnalyticsQuery query =
        new AnalyticsQuery(
            "q-0123456789abcdef0123456789abcdef",
            "top_category",
            List.of("Drama", "Comedy", "Action"),
            2.0,
            LdpReport.Mechanism.GRR);
    server.openQuery(query);

    List<AnalyticsQuery> open = client.analyticsQueries();
    boolean sent = client.answer(open.get(0), "Comedy");

    assertThat(open).containsExactly(query);
    assertThat(sent).isTrue();
    assertThat(server.reports())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.metric()).isEqualTo(query.id());
              assertThat(r.epsilon()).isEqualTo(2.0);
              assertThat(r.domainSize()).isEqualTo(3);
              assertThat(r.value()).isBetween(0, 2);
            });
    assertThat(client.transparencyLog())
        .extracting(OutboundRecord::endpoint)
        .contains("GET /v1/analytics/queries", "POST /v1/devices/{id}/reports");
  }

  @Test
  void answer_withALabelTheQueryDoesNotHave_isRefusedAndSendsNothing() {
    client.consent().grant(Purpose.ANALYTICS);
    client.connect();
    AnalyticsQuery query =
        new AnalyticsQuery(
            "q-0123456789abcdef0123456789abcdef",
            "top_category",
            List.of("Drama", "Comedy"),
            1.0,
            LdpReport.Mechanism.GRR);
    int before = server.requests().size();

    assertThatThrownBy(() -> client.answer(query, "Western"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no label Western");
    assertThat(server.requests()).hasSize(before);
    assertThat(server.reports()).isEmpty();
  }

  @Test
  void whenThePolicyForbidsIt_nothingIsSent() {
    client.consent().grant(Purpose.TRAINING);
    ParticipationResult r = client.participate(new DeviceConditions(0.2, false, false));
    assertThat(r.status()).isEqualTo(ParticipationResult.Status.SKIPPED);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void withTraining_aSecAggRoundRunsAndTheServerLearnsOnlyTheSum() throws Exception {
    client.consent().grant(Purpose.TRAINING);
    client.consent().grant(Purpose.PERSONALIZATION);
    recordHistory();
    float[] before = server.federated().model().itemFactors();
    ParticipationResult r = roundWith(client);
    assertThat(r.status()).as(r.detail()).isEqualTo(ParticipationResult.Status.CONTRIBUTED);
    assertThat(r.round()).isEqualTo(1);
    assertThat(server.federated().history()).hasSize(1);
    assertThat(server.federated().history().get(0).survivors()).isEqualTo(3);
    assertThat(server.federated().model().itemFactors()).isNotEqualTo(before);
    assertThat(client.modelVersion()).isEqualTo(0);
    String base = "/v1/devices/{id}/rounds/{round}";
    assertThat(requestsOf(tokenOf(client)))
        .extracting(InProcessServer.Request::endpoint)
        .containsExactly(
            "POST /v1/devices/{id}/consent",
            "POST /v1/devices/{id}/consent",
            "POST /v1/devices/{id}/check-in",
            "GET " + base + "/session",
            "GET /v1/models/{version}/metadata",
            "GET /v1/models/{version}",
            "GET /v1/models/{version}/catalogue",
            "POST " + base + "/keys",
            "GET " + base + "/neighbours",
            "POST " + base + "/shares",
            "GET " + base + "/shares",
            "POST " + base + "/masked-input",
            "GET " + base + "/unmask",
            "POST " + base + "/unmask");
    assertThat(server.consentLedger()).hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void analyticsBudget_sendsNoReportPastIt_andRemembersAfterReopening() {
    Path d = dir.resolve("capped");
    Supplier<TacitClient> open =
        () ->
            TacitClient.builder()
                .storageDirectory(d)
                .keyProvider(Fixtures.keys())
                .clock(clock)
                .server(server)
                .randomSource(DeviceRandom.seeded(51))
                .analyticsBudget(2.5)
                .build();
    TacitClient capped = open.get();
    capped.consent().grant(Purpose.ANALYTICS);
    assertThat(capped.connect()).isTrue();
    AnalyticsQuery query =
        new AnalyticsQuery(
            "q-0123456789abcdef0123456789abcdef",
            "top_category",
            List.of("Drama", "Comedy", "Action"),
            1.0,
            LdpReport.Mechanism.GRR);

    assertThat(capped.answer(query, "Comedy")).isTrue();
    assertThat(capped.reportAnalytics("genre", 1, 3, 1.0)).isTrue();
    assertThat(capped.analyticsEpsilon()).isEqualTo(2.0);
    // a third report at 1.0 would take the device to 3.0, past 2.5: not sent
    assertThat(capped.reportAnalytics("genre", 1, 3, 1.0)).isFalse();
    // one at 0.5 reaches the budget exactly: sent
    assertThat(capped.reportAnalytics("genre", 1, 3, 0.5)).isTrue();
    assertThat(capped.answer(query, "Drama")).isFalse();
    assertThat(server.reports()).extracting(LdpReport::epsilon).containsExactly(1.0, 1.0, 0.5);
    assertThat(capped.transparencyLog())
        .filteredOn(r -> r.reportEpsilon() != null)
        .extracting(OutboundRecord::reportEpsilon)
        .containsExactly(1.0, 1.0, 0.5);
    capped.close();

    // The cost is in the encrypted log: reopening does not give the budget back.
    TacitClient again = open.get();
    assertThat(again.analyticsEpsilon()).isEqualTo(2.5);
    assertThat(again.reportAnalytics("genre", 1, 3, 0.01)).isFalse();
    assertThat(server.reports()).hasSize(3);
    again.close();

    assertThatThrownBy(() -> TacitClient.builder().analyticsBudget(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("analyticsBudget must be > 0");
    assertThatThrownBy(() -> TacitClient.builder().analyticsBudget(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noEventContent_appearsInAnyByteSent() throws Exception {
    client.consent().grant(Purpose.TRAINING);
    client.consent().grant(Purpose.PERSONALIZATION);
    client.consent().grant(Purpose.ANALYTICS);
    client.consent().grant(Purpose.EVALUATION);
    List<Event> events = recordHistory();
    assertThat(roundWith(client).status()).isEqualTo(ParticipationResult.Status.CONTRIBUTED);
    client.reportAnalytics("genre_share", 2, 3, 1.0);
    assertThat(client.reportEvaluation(List.of("item-2", "item-6"))).isTrue();
    client.consent().withdraw(Purpose.ANALYTICS);
    List<String> forbidden = new ArrayList<>();
    for (Event e : events) {
      forbidden.add(e.itemId());
      forbidden.add(e.time().toString());
      forbidden.add(Long.toString(e.time().getEpochSecond()));
    }
    forbidden.addAll(List.of("purchase", "rating", "4.5", "item-2", "item-6"));
    List<InProcessServer.Request> mine = requestsOf(tokenOf(client));
    assertThat(mine).hasSizeGreaterThanOrEqualTo(15);
    for (InProcessServer.Request req : mine) {
      String body = new String(req.body(), StandardCharsets.ISO_8859_1);
      for (String f : forbidden) {
        assertThat(body).as("%s must not contain %s", req.endpoint(), f).doesNotContain(f);
      }
    }
    assertThat(server.evaluations())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.ndcgAt10()).isBetween(0.0, 1.0);
              assertThat(e.modelVersion()).isEqualTo(0);
            });
  }

  @Test
  void transparencyLog_listsEveryMessageWithItsSize() throws Exception {
    client.consent().grant(Purpose.TRAINING);
    client.consent().grant(Purpose.PERSONALIZATION);
    recordHistory();
    roundWith(client);
    List<OutboundRecord> log = client.transparencyLog();
    List<InProcessServer.Request> received = new ArrayList<>();
    received.add(
        server.requests().stream()
            .filter(r -> r.endpoint().equals("POST /v1/devices"))
            .findFirst()
            .orElseThrow());
    received.addAll(requestsOf(tokenOf(client)));
    assertThat(log).hasSize(received.size());
    for (int i = 0; i < log.size(); i++) {
      assertThat(log.get(i).endpoint()).isEqualTo(received.get(i).endpoint());
      assertThat(log.get(i).description()).isNotBlank();
      if (i > 0) { // the register request of another device may come first; sizes from here on
        assertThat(log.get(i).bytes()).isEqualTo(received.get(i).body().length);
      }
    }
    assertThat(log)
        .filteredOn(o -> o.endpoint().endsWith("/masked-input"))
        .singleElement()
        .satisfies(o -> assertThat(o.description()).contains("no events").contains("masked"));
  }

  @Test
  void withdrawingTraining_stopsParticipationAtOnce() throws Exception {
    client.consent().grant(Purpose.TRAINING);
    client.consent().grant(Purpose.PERSONALIZATION);
    recordHistory();
    roundWith(client);
    String token = tokenOf(client);
    int sent = requestsOf(token).size();
    client.consent().withdraw(Purpose.TRAINING);
    assertThat(client.participate(DeviceConditions.idle()).status())
        .isEqualTo(ParticipationResult.Status.SKIPPED);
    // only the withdrawal itself went to the consent ledger
    assertThat(requestsOf(token)).hasSize(sent + 1);
    assertThat(requestsOf(token).get(sent).endpoint()).isEqualTo("POST /v1/devices/{id}/consent");
    assertThat(server.consentLedger().get(server.consentLedger().size() - 1).granted()).isFalse();
  }

  /** The in-process server, with every answer passed through {@code answer} (a lying server). */
  private ServerConnection rewriting(UnaryOperator<Object> answer) {
    return (ServerConnection)
        Proxy.newProxyInstance(
            ServerConnection.class.getClassLoader(),
            new Class<?>[] {ServerConnection.class},
            (proxy, method, args) -> {
              try {
                return answer.apply(method.invoke(server, args));
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private ServerConnection intercepting(String methodName, Runnable after, Object replace) {
    return (ServerConnection)
        Proxy.newProxyInstance(
            ServerConnection.class.getClassLoader(),
            new Class<?>[] {ServerConnection.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(server, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals(methodName)) {
                after.run();
                if (replace != null) {
                  return replace;
                }
              }
              return result;
            });
  }

  /**
   * The in-process server, with {@code atCall} run when the device calls {@code methodName} (on the
   * connection or on a round's link), before the call goes out.
   */
  private ServerConnection beforeCalling(String methodName, Runnable atCall) {
    return (ServerConnection) forwardingTo(server, ServerConnection.class, methodName, atCall);
  }

  private static Object forwardingTo(
      Object target, Class<?> type, String methodName, Runnable atCall) {
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          if (method.getName().equals(methodName)) {
            atCall.run();
          }
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          return result instanceof RoundLink link
              ? forwardingTo(link, RoundLink.class, methodName, atCall)
              : result;
        });
  }

  /** Copies the store as it is on disk now: what a device stopped at this instant would reopen. */
  private static void copyStore(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aDeviceStoppedWhileItsMaskedUpdateIsOnTheWire_reopensWithItsCostInTheLog() throws Exception {
    // Killed after the update left but before the call returned, a device whose log is written
    // after the call would reopen showing a smaller epsilon against the server than it spent.
    Path live = dir.resolve("stopped");
    Path atSend = dir.resolve("stopped-as-the-update-left");
    TacitClient device =
        client(live, beforeCalling("maskedInput", () -> copyStore(live, atSend)), 61);
    device.consent().grant(Purpose.TRAINING);
    ParticipationResult r = roundWith(device);
    assertThat(r.status()).as(r.detail()).isEqualTo(ParticipationResult.Status.CONTRIBUTED);
    double spent = device.epsilonAgainstServer().epsilon();
    assertThat(spent).isPositive().isFinite();
    OutboundRecord sent =
        device.transparencyLog().stream()
            .filter(o -> o.endpoint().endsWith("/masked-input"))
            .findFirst()
            .orElseThrow();
    assertThat(sent.bytes()).isPositive();
    device.close();

    TacitClient reopened = client(atSend, server, 61);
    assertThat(reopened.epsilonAgainstServer().epsilon()).isEqualTo(spent);
    assertThat(reopened.transparencyLog())
        .filteredOn(o -> o.endpoint().endsWith("/masked-input"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.roundNoiseMultiplier()).isEqualTo(sent.roundNoiseMultiplier());
              assertThat(o.time()).isEqualTo(sent.time());
              assertThat(o.description()).contains("the call had not ended");
            });
    reopened.close();
  }

  @Test
  void aDeviceStoppedWhileItsReportIsOnTheWire_reopensWithItsEpsilonSpent() {
    Path live = dir.resolve("reporting");
    Path atSend = dir.resolve("reporting-as-it-left");
    TacitClient device = client(live, beforeCalling("report", () -> copyStore(live, atSend)), 62);
    device.consent().grant(Purpose.ANALYTICS);
    assertThat(device.connect()).isTrue();
    assertThat(device.reportAnalytics("genre", 1, 3, 0.75)).isTrue();
    assertThat(device.analyticsEpsilon()).isEqualTo(0.75);
    device.close();

    TacitClient reopened = client(atSend, server, 62);
    assertThat(reopened.analyticsEpsilon()).isEqualTo(0.75);
    assertThat(reopened.transparencyLog())
        .filteredOn(o -> o.reportEpsilon() != null)
        .singleElement()
        .satisfies(o -> assertThat(o.description()).contains("the call had not ended"));
    reopened.close();
  }

  @Test
  void withdrawingTraining_duringARound_stopsItBeforeTheNextMessage() throws Exception {
    TacitClient[] other = new TacitClient[1];
    other[0] =
        client(
            dir.resolve("other"),
            intercepting(
                "checkIn",
                () -> other[0].consent().withdraw(Purpose.TRAINING), // the user, mid-round
                null),
            21);
    other[0].consent().grant(Purpose.TRAINING);
    ParticipationResult r = roundWith(other[0]);
    assertThat(r.status()).isEqualTo(ParticipationResult.Status.SKIPPED);
    assertThat(r.detail()).contains("withdrawn");
    assertThat(requestsOf(tokenOf(other[0])))
        .extracting(InProcessServer.Request::endpoint)
        .containsExactly(
            "POST /v1/devices/{id}/consent",
            "POST /v1/devices/{id}/check-in",
            "POST /v1/devices/{id}/consent");
    other[0].close();
  }

  @Test
  void trainingWithdrawnOnTheServerMidRound_theRefusedDeviceAbandonsTheRoundAndSaysSo()
      throws Exception {
    TacitClient[] other = new TacitClient[1];
    other[0] =
        client(
            dir.resolve("other"),
            intercepting(
                "checkIn",
                // the user withdraws in the privacy center (on the server), not on the device
                () ->
                    server.consent(
                        tokenOf(other[0]),
                        new dev.tacit.protocol.ConsentUpdate(
                            other[0].deviceId(),
                            Purpose.TRAINING,
                            false,
                            "1",
                            Instant.parse("2026-03-01T00:00:00Z"))),
                null),
            22);
    other[0].consent().grant(Purpose.TRAINING);
    ParticipationResult r = roundWith(other[0]);
    assertThat(r.status()).isEqualTo(ParticipationResult.Status.SKIPPED);
    assertThat(r.detail()).contains("no training consent", "nothing more was sent");
    // Refused at its first round message, it sent nothing after it.
    assertThat(requestsOf(tokenOf(other[0])))
        .extracting(InProcessServer.Request::endpoint)
        .containsExactly(
            "POST /v1/devices/{id}/consent",
            "POST /v1/devices/{id}/check-in",
            "POST /v1/devices/{id}/consent",
            "GET /v1/devices/{id}/rounds/{round}/session");
    other[0].close();
  }

  @Test
  void aSessionThatDisagreesWithThePlan_isRefusedBeforeAnyKeyIsSent() throws Exception {
    TacitClient[] weak = new TacitClient[1];
    SecAggSession[] tampered = new SecAggSession[1];
    ServerConnection inflatesTheCohort =
        rewriting(
            result -> {
              if (result instanceof SecAggSession s) {
                tampered[0] =
                    new SecAggSession(
                        s.sessionId(),
                        s.round(),
                        s.clientId(),
                        s.numClients() + 1, // a server that hides devices in the session
                        s.neighbourhoodSize(),
                        s.threshold(),
                        s.modulusBits(),
                        s.vectorLength());
                return tampered[0];
              }
              return result;
            });
    weak[0] = client(dir.resolve("weak"), inflatesTheCohort, 31);
    weak[0].consent().grant(Purpose.TRAINING);
    ParticipationResult r = roundWith(weak[0]);
    assertThat(r.status()).isEqualTo(ParticipationResult.Status.FAILED);
    assertThat(r.round()).as("a failed result names the round it failed in").isEqualTo(1);
    assertThat(r.detail())
        .contains("unsafe SecAgg+ session")
        .contains("the session has 4 devices, the plan 3");
    assertThat(requestsOf(tokenOf(weak[0])))
        .extracting(InProcessServer.Request::endpoint)
        .noneMatch(e -> e.endsWith("/keys") || e.endsWith("/masked-input"));
    weak[0].close();
  }

  @Test
  void aPlanThatClaimsMoreNoiseThanItAsksFor_isRefusedAndChargesNothing() throws Exception {
    // A curious server that tells the devices to add the noise of z but claims 2z: each device
    // would record, and show its user, an epsilon against the server half of what it is.
    TacitClient[] fooled = new TacitClient[1];
    ServerConnection doublesTheClaim =
        rewriting(
            result -> {
              if (result instanceof CheckInResponse c && c.assignment() != null) {
                // the assignment as it goes over the wire, with one field rewritten
                ObjectNode wire = Json.mapper().valueToTree(c.assignment());
                wire.put("noiseMultiplier", 2 * c.assignment().noiseMultiplier());
                return new CheckInResponse(
                    Json.mapper().convertValue(wire, RoundAssignment.class), null);
              }
              return result;
            });
    fooled[0] = client(dir.resolve("fooled"), doublesTheClaim, 41);
    fooled[0].consent().grant(Purpose.TRAINING);
    ParticipationResult r = roundWith(fooled[0]);
    assertThat(r.status()).isEqualTo(ParticipationResult.Status.FAILED);
    assertThat(r.round()).isEqualTo(1);
    assertThat(r.detail()).contains("refusing a plan that claims noise multiplier 1.00000");
    assertThat(requestsOf(tokenOf(fooled[0])))
        .extracting(InProcessServer.Request::endpoint)
        .noneMatch(e -> e.contains("/rounds/"));
    assertThat(fooled[0].epsilonAgainstServer().epsilon()).isZero();
    fooled[0].close();
  }

  @Test
  void exportData_afterARoundAndAReport_holdsWhatWasSentAndTheConsent_butNeverTheToken()
      throws Exception {
    client.consent().grant(Purpose.TRAINING);
    client.consent().grant(Purpose.PERSONALIZATION);
    client.consent().grant(Purpose.ANALYTICS);
    recordHistory();
    assertThat(roundWith(client).status()).isEqualTo(ParticipationResult.Status.CONTRIBUTED);
    assertThat(client.reportAnalytics("genre", 1, 3, 0.5)).isTrue();
    client.consent().withdraw(Purpose.ANALYTICS);

    String export = client.exportData();
    JsonNode doc = Json.mapper().readTree(export);
    assertThat(export).doesNotContain(tokenOf(client)); // a credential, not the user's data
    assertThat(doc.at("/device/token").asText()).isEqualTo("(a secret credential, not shown)");
    assertThat(doc.at("/device/pseudonymousId").asText()).isEqualTo(client.deviceId());
    assertThat(doc.at("/consent/granted"))
        .extracting(JsonNode::asText)
        .containsExactly("personalization", "training");
    assertThat(doc.at("/consent/history")).hasSize(4);
    assertThat(doc.at("/events")).hasSize(7);
    assertThat(doc.at("/events"))
        .filteredOn(e -> e.get("signal").asText().equals("rating"))
        .singleElement()
        .satisfies(e -> assertThat(e.get("value").asDouble()).isEqualTo(4.5));
    assertThat(doc.at("/events"))
        .filteredOn(e -> !e.get("signal").asText().equals("rating"))
        .allSatisfy(e -> assertThat(e.has("value")).isFalse());
    List<OutboundRecord> log = client.transparencyLog();
    assertThat(doc.at("/sentToServer")).hasSize(log.size());
    assertThat(doc.at("/sentToServer"))
        .filteredOn(r -> r.hasNonNull("roundNoiseMultiplier"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.get("roundNoiseMultiplier").asDouble())
                    .isEqualTo(
                        log.stream()
                            .filter(o -> o.roundNoiseMultiplier() != null)
                            .findFirst()
                            .orElseThrow()
                            .roundNoiseMultiplier()));
    assertThat(doc.at("/sentToServer"))
        .filteredOn(r -> r.hasNonNull("reportEpsilon"))
        .singleElement()
        .satisfies(r -> assertThat(r.get("reportEpsilon").asDouble()).isEqualTo(0.5));
  }

  @Test
  void deleteAllData_tellsTheServerToForgetTheDevice() throws Exception {
    client.consent().grant(Purpose.TRAINING);
    roundWith(client);
    assertThat(server.deletions()).isEmpty();
    client.consent().grant(Purpose.ANALYTICS);
    assertThat(client.reportAnalytics("genre", 1, 3, 0.5)).isTrue();
    DeletionResult r = client.deleteAllData();
    assertThat(r.serverNotified()).isTrue();
    assertThat(server.deletions()).hasSize(1);
    assertThat(dir.resolve("main")).doesNotExist();
    // The released model and estimates keep what it sent: the user is told, not shown a fresh 0.
    assertThat(r.detail())
        .contains(
            "what it sent before (1 masked model update, analytics reports of ε = 0.5000 in all)"
                + " stays in what the server already released, and its ε is not given back");
    TacitClient fresh = client(dir.resolve("main"), server, 5);
    assertThat(fresh.epsilonAgainstServer().epsilon()).isZero(); // a new identity
    assertThat(fresh.deviceId()).isNull();
    fresh.close();
  }

  @Test
  void deleteAllData_beforeSendingAnything_saysNothingIsLeftBehind() {
    DeletionResult r = client.deleteAllData();
    assertThat(r.detail()).doesNotContain("stays in");
  }

  @Test
  void theNextRound_runsOnTheNewModelVersion() throws Exception {
    client.consent().grant(Purpose.TRAINING);
    roundWith(client);
    ParticipationResult again = roundWith(client);
    assertThat(again.status()).as(again.detail()).isEqualTo(ParticipationResult.Status.CONTRIBUTED);
    assertThat(again.round()).isEqualTo(2);
    assertThat(client.modelVersion()).isEqualTo(1); // downloaded the new version
    assertThat(server.federated().model().version()).isEqualTo(2);
  }
}
