package dev.tacit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.client.server.InProcessServer;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.Purpose;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParticipationTest {
  private static final int ITEMS = 30;
  private static final int K = 4;
  @TempDir Path dir;
  InProcessServer server;
  TacitClient client;
  final Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.T0);

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
            32,
            1);
    FederatedServer fed =
        FederatedServer.create(
            config,
            PrivacySettings.distributed(1.0, 0.5, 1.0),
            CohortSampler.fixedSize(1),
            ITEMS,
            100,
            Double.POSITIVE_INFINITY,
            1e-5);
    server = InProcessServer.create(fed, Fixtures.catalogue(ITEMS), 1, RandomSource.seeded(9));
    client =
        TacitClient.builder()
            .storageDirectory(dir)
            .keyProvider(Fixtures.keys())
            .clock(clock)
            .server(server)
            .randomSource(RandomSource.seeded(5))
            .build();
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
    client.exportData();
    assertThat(server.requests()).isEmpty();
    assertThat(client.transparencyLog()).isEmpty();
  }

  @Test
  void whenThePolicyForbidsIt_nothingIsSent() {
    client.consent().grant(Purpose.TRAINING);
    ParticipationResult r = client.participate(new DeviceConditions(0.2, false, false));
    assertThat(r.status()).isEqualTo(ParticipationResult.Status.SKIPPED);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void withTraining_aRoundRunsAndTheServerLearns() {
    client.consent().grant(Purpose.TRAINING);
    client.consent().grant(Purpose.PERSONALIZATION);
    recordHistory();
    float[] before = server.federated().model().itemFactors();
    ParticipationResult r = client.participate(DeviceConditions.idle());
    assertThat(r.status()).as(r.detail()).isEqualTo(ParticipationResult.Status.CONTRIBUTED);
    assertThat(r.round()).isEqualTo(1);
    assertThat(server.federated().history()).hasSize(1);
    assertThat(server.federated().model().itemFactors()).isNotEqualTo(before);
    assertThat(client.modelVersion()).isEqualTo(0);
    assertThat(server.requests())
        .extracting(InProcessServer.Request::endpoint)
        .containsExactly(
            "POST /v1/devices",
            "POST /v1/check-in",
            "GET /v1/models/0",
            "GET /v1/models/0/factors",
            "GET /v1/models/0/catalogue",
            "POST /v1/rounds/1/updates");
  }

  @Test
  void noEventContent_appearsInAnyByteSent() {
    client.consent().grant(Purpose.TRAINING);
    client.consent().grant(Purpose.PERSONALIZATION);
    client.consent().grant(Purpose.ANALYTICS);
    List<Event> events = recordHistory();
    assertThat(client.participate(DeviceConditions.idle()).status())
        .isEqualTo(ParticipationResult.Status.CONTRIBUTED);
    client.reportAnalytics("genre_share", 2, 3, 1.0);
    client.consent().withdraw(Purpose.ANALYTICS);
    List<String> forbidden = new ArrayList<>();
    for (Event e : events) {
      forbidden.add(e.itemId());
      forbidden.add(e.time().toString());
      forbidden.add(Long.toString(e.time().getEpochSecond()));
    }
    forbidden.addAll(List.of("purchase", "rating", "4.5"));
    assertThat(server.requests()).hasSizeGreaterThanOrEqualTo(8);
    for (InProcessServer.Request req : server.requests()) {
      String body = new String(req.body(), StandardCharsets.ISO_8859_1);
      for (String f : forbidden) {
        assertThat(body).as("%s must not contain %s", req.endpoint(), f).doesNotContain(f);
      }
    }
  }

  @Test
  void transparencyLog_listsEveryMessageWithItsSize() {
    client.consent().grant(Purpose.TRAINING);
    client.consent().grant(Purpose.PERSONALIZATION);
    recordHistory();
    client.participate(DeviceConditions.idle());
    List<OutboundRecord> log = client.transparencyLog();
    List<InProcessServer.Request> received = server.requests();
    assertThat(log).hasSize(received.size());
    for (int i = 0; i < log.size(); i++) {
      assertThat(log.get(i).endpoint()).isEqualTo(received.get(i).endpoint());
      assertThat(log.get(i).bytes()).isEqualTo(received.get(i).body().length);
      assertThat(log.get(i).purpose()).isEqualTo("training");
      assertThat(log.get(i).description()).isNotBlank();
    }
    assertThat(log.get(log.size() - 1).description()).contains("no events");
  }

  @Test
  void withdrawingTraining_stopsParticipationAtOnce() {
    client.consent().grant(Purpose.TRAINING);
    client.consent().grant(Purpose.PERSONALIZATION);
    recordHistory();
    client.participate(DeviceConditions.idle());
    int sent = server.requests().size();
    client.consent().withdraw(Purpose.TRAINING);
    assertThat(client.participate(DeviceConditions.idle()).status())
        .isEqualTo(ParticipationResult.Status.SKIPPED);
    // only the withdrawal itself went to the consent ledger
    assertThat(server.requests()).hasSize(sent + 1);
    assertThat(server.requests().get(sent).endpoint()).isEqualTo("POST /v1/consent");
    assertThat(server.consentLedger())
        .singleElement()
        .satisfies(u -> assertThat(u.granted()).isFalse());
  }

  @Test
  void withdrawingTraining_duringARound_stopsItBeforeTheNextMessage() {
    ServerConnection withdrawsAtCheckIn =
        (ServerConnection)
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
                  if (method.getName().equals("checkIn")) {
                    other.consent().withdraw(Purpose.TRAINING); // the user, while the round runs
                  }
                  return result;
                });
    other =
        TacitClient.builder()
            .storageDirectory(dir.resolve("other"))
            .keyProvider(Fixtures.keys())
            .clock(clock)
            .server(withdrawsAtCheckIn)
            .build();
    other.consent().grant(Purpose.TRAINING);
    ParticipationResult r = other.participate(DeviceConditions.idle());
    assertThat(r.status()).isEqualTo(ParticipationResult.Status.SKIPPED);
    assertThat(r.detail()).contains("withdrawn");
    assertThat(server.requests())
        .extracting(InProcessServer.Request::endpoint)
        .containsExactly("POST /v1/devices", "POST /v1/check-in", "POST /v1/consent");
    other.close();
  }

  private TacitClient other;

  @Test
  void deleteAllData_tellsTheServerToForgetTheDevice() {
    client.consent().grant(Purpose.TRAINING);
    client.participate(DeviceConditions.idle());
    assertThat(server.deletions()).isEmpty();
    DeletionResult r = client.deleteAllData();
    assertThat(r.serverNotified()).isTrue();
    assertThat(server.deletions()).hasSize(1);
    assertThat(dir).doesNotExist();
  }

  @Test
  void theSecondDevice_waitsForTheNextRound() {
    client.consent().grant(Purpose.TRAINING);
    client.participate(DeviceConditions.idle()); // round 1 done (cohort of 1)
    ParticipationResult again = client.participate(DeviceConditions.idle());
    assertThat(again.status()).isEqualTo(ParticipationResult.Status.CONTRIBUTED);
    assertThat(again.round()).isEqualTo(2);
    assertThat(client.modelVersion()).isEqualTo(1); // downloaded the new version
  }
}
