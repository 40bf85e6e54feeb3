package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.store.RoundStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL database: exactly one coordinates the rounds (it holds an
 * advisory lock on its own connection), the other answers check-ins with a retry and does not abort
 * the first one's round when it starts, and takes over when the first one stops.
 */
class CoordinatorTest {
  private static final String POLICY = "2026-01";

  @TempDir Path dir;
  private PostgresSchema schema;
  private final List<TacitServer> servers = new ArrayList<>();

  @AfterEach
  void drop() {
    for (TacitServer s : servers) {
      s.close();
    }
    if (schema != null) {
      schema.drop();
    }
  }

  private TacitServer start(String url, String name, Clock clock) {
    TacitServer s =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir.resolve(name))
                    .databaseUrl(url)
                    .policyVersion(POLICY)
                    .clock(clock)
                    .build())
            // Every server process on one database chains the audit log under the same key.
            .withAuditKeyFile(dir.resolve("audit-key"))
            .withTraining(
                new TrainingSettings(
                    FederatedConfig.defaults().withFactors(4),
                    new PrivacySettings(5, 0, PrivacySettings.NoiseAt.DEVICES, 0.5),
                    new RoundRules(1.0, 3, 3, Duration.ofSeconds(30), Duration.ofSeconds(60)),
                    10))
            .start();
    servers.add(s);
    return s;
  }

  private static RegistrationResponse register(Http http) {
    HttpResponse<String> r =
        http.send("POST", "/v1/devices", null, "{\"protocolVersion\":1,\"sdkVersion\":\"t\"}");
    RegistrationResponse d = Json.read(r.body(), RegistrationResponse.class);
    HttpResponse<String> c =
        http.send(
            "POST",
            "/v1/devices/" + d.deviceId() + "/consent",
            d.token(),
            "{\"deviceId\":\""
                + d.deviceId()
                + "\",\"purpose\":\"training\",\"granted\":true,\"policyVersion\":\""
                + POLICY
                + "\",\"time\":\"2026-11-01T00:00:00Z\"}");
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    return d;
  }

  private static CheckInResponse checkIn(Http http, RegistrationResponse d) {
    HttpResponse<String> r =
        http.send(
            "POST",
            "/v1/devices/" + d.deviceId() + "/check-in?wait=20000",
            d.token(),
            "{\"deviceId\":\"" + d.deviceId() + "\",\"modelVersion\":-1}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.read(r.body(), CheckInResponse.class);
  }

  private static List<CheckInResponse> threeCheckIn(Http http, List<RegistrationResponse> ds)
      throws Exception {
    List<CompletableFuture<CheckInResponse>> fs = new ArrayList<>();
    for (RegistrationResponse d : ds) {
      fs.add(CompletableFuture.supplyAsync(() -> checkIn(http, d)));
    }
    List<CheckInResponse> out = new ArrayList<>();
    for (CompletableFuture<CheckInResponse> f : fs) {
      out.add(f.get());
    }
    return out;
  }

  private static String status(RoundStore store, long round) {
    return store.rounds().stream()
        .filter(r -> r.round() == round)
        .findFirst()
        .orElseThrow()
        .status()
        .wireName();
  }

  @Test
  void oneProcessCoordinates_theOtherWaits_thenTakesOverWithoutAbortingALiveRound()
      throws Exception {
    schema = PostgresSchema.create("tacit_coord", CoordinatorTest.class);
    String url = schema.url();
    TacitServer a = start(url, "a", Clock.systemUTC());
    assertThat(a.rounds().coordinator()).isTrue();
    List<CatalogueItem> catalogue = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      catalogue.add(new CatalogueItem("i" + i, List.of(), 1));
    }
    a.rounds().publishCatalogue(catalogue);
    Http httpA = new Http(a.baseUri());
    List<RegistrationResponse> devices = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      devices.add(register(httpA));
    }
    assertThat(threeCheckIn(httpA, devices))
        .allSatisfy(r -> assertThat(r.assignment()).isNotNull());
    RoundStore store = a.rounds().store();
    assertThat(status(store, 1)).isEqualTo("advertising");

    MutableClock clockB = new MutableClock(Instant.now());
    TacitServer b = start(url, "b", clockB);
    Http httpB = new Http(b.baseUri());
    assertThat(b.rounds().coordinator()).isFalse();
    assertThat(status(store, 1))
        .as("B's start leaves A's live round alone")
        .isEqualTo("advertising");
    CheckInResponse atB = checkIn(httpB, devices.get(0));
    assertThat(atB.assignment()).isNull();
    assertThat(atB.retryAfterSeconds()).isEqualTo(30);

    b.rounds().tick(); // B tries to take the lock, which A holds, and waits 2 s of its clock
    a.close(); // A aborts its round and gives up the lock
    assertThat(status(store, 1)).isEqualTo("aborted");
    b.rounds().tick();
    assertThat(b.rounds().coordinator()).as("B tried less than 2 s ago").isFalse();
    clockB.advance(Duration.ofSeconds(2)); // B tries to take the lock every 2 s of its clock
    b.rounds().tick();
    assertThat(b.rounds().coordinator()).as("B takes over").isTrue();
    List<CheckInResponse> round2 = threeCheckIn(httpB, devices);
    assertThat(round2).allSatisfy(r -> assertThat(r.assignment()).isNotNull());
    assertThat(round2.get(0).assignment().round()).isEqualTo(2);
  }
}
