package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.round.SecAggWire;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ErrorMessage;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.SecAggSession;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.protocol.UnmaskQuery;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.client.SecAggClient;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One federated round driven request by request over HTTP, with the bad requests a device or an
 * attacker could send at every step: each is answered with its 4xx JSON error and leaves the
 * database as it was, and the round still completes.
 */
class RoundApiTest {
  private static final String POLICY = "2026-01";
  private static final int ITEMS = 12;

  @TempDir Path dir;
  private TacitServer server;
  private Http http;
  private String dbUrl;
  private Secret admin;
  private final SecureRandom random = new SecureRandom();

  @BeforeEach
  void start() {
    admin = Tokens.newToken(random);
    dbUrl = "jdbc:sqlite:" + dir.resolve("tacit.db");
    server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir)
                    .databaseUrl(dbUrl)
                    .adminToken(admin)
                    .policyVersion(POLICY)
                    .build())
            .withTraining(
                new TrainingSettings(
                    FederatedConfig.defaults().withFactors(4),
                    new PrivacySettings(5, 0, PrivacySettings.NoiseAt.DEVICES, 0.5),
                    new RoundRules(1.0, 3, 3, Duration.ofSeconds(30), Duration.ofSeconds(30)),
                    10))
            .start();
    http = new Http(server.baseUri());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String dump() {
    return DbDump.dump(dbUrl);
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(Json.read(r.body(), ErrorMessage.class).error()).as(r.body()).isEqualTo(code);
  }

  private String catalogue(int n) {
    StringBuilder sb = new StringBuilder("{\"items\":[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"itemId\":\"i")
          .append(i)
          .append("\",\"categories\":[\"c")
          .append(i % 3)
          .append("\"],\"popularity\":1.0}");
    }
    return sb.append("]}").toString();
  }

  private RegistrationResponse register() {
    HttpResponse<String> r =
        http.send("POST", "/v1/devices", null, "{\"protocolVersion\":1,\"sdkVersion\":\"t\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.read(r.body(), RegistrationResponse.class);
  }

  private void grant(RegistrationResponse d, String purpose) {
    HttpResponse<String> r =
        http.send(
            "POST",
            "/v1/devices/" + d.deviceId() + "/consent",
            d.token(),
            "{\"deviceId\":\""
                + d.deviceId()
                + "\",\"purpose\":\""
                + purpose
                + "\",\"granted\":true,\"policyVersion\":\""
                + POLICY
                + "\",\"time\":\"2026-11-01T00:00:00Z\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private HttpResponse<String> checkIn(RegistrationResponse d) {
    return http.send(
        "POST",
        "/v1/devices/" + d.deviceId() + "/check-in?wait=20000",
        d.token(),
        "{\"deviceId\":\"" + d.deviceId() + "\",\"modelVersion\":-1}");
  }

  private static String path(RegistrationResponse d, String what) {
    return "/v1/devices/" + d.deviceId() + "/rounds/1/" + what;
  }

  private HttpResponse<String> postEvaluation(RegistrationResponse d, String body) {
    return http.send("POST", "/v1/devices/" + d.deviceId() + "/evaluations", d.token(), body);
  }

  private HttpResponse<String> postBytes(RegistrationResponse d, String what, byte[] body) {
    try {
      HttpResponse<byte[]> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.baseUri().resolve(path(d, what)))
                      .header("Authorization", "Bearer " + d.token())
                      .header("Content-Type", "application/octet-stream")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      return new Http.StringResponse(r);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRoundOverHttp_refusesEveryBadRequestWithoutAChange_andCompletes() throws Exception {
    // The catalogue: admin only, once, valid.
    assertError(
        http.send("PUT", "/v1/admin/catalogue", null, catalogue(ITEMS)), 401, "unauthorized");
    String empty = dump();
    assertError(
        http.send("PUT", "/v1/admin/catalogue", admin.reveal(), "{\"items\":[]}"),
        400,
        "invalid_request");
    assertError(
        http.send(
            "PUT", "/v1/admin/catalogue", admin.reveal(), "{\"items\":[{\"itemId\":\"a b\"}]}"),
        400,
        "invalid_request");
    assertThat(dump()).isEqualTo(empty);
    assertThat(
            http.send("PUT", "/v1/admin/catalogue", admin.reveal(), catalogue(ITEMS)).statusCode())
        .isEqualTo(201);
    assertError(
        http.send("PUT", "/v1/admin/catalogue", admin.reveal(), catalogue(ITEMS)),
        409,
        "catalogue_exists");
    assertThat(http.send("GET", "/v1/models/0/metadata", null, null).statusCode()).isEqualTo(200);

    List<RegistrationResponse> devices = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RegistrationResponse d = register();
      grant(d, "training");
      devices.add(d);
    }
    RegistrationResponse stranger = register();
    RegistrationResponse a = devices.get(0);

    // Bad check-ins change nothing.
    String before = dump();
    assertError(checkIn(stranger), 403, "consent_required");
    assertError(
        http.send("POST", "/v1/devices/" + a.deviceId() + "/check-in", null, "{}"),
        401,
        "unauthorized");
    assertError(
        http.send("POST", "/v1/devices/" + a.deviceId() + "/check-in", stranger.token(), "{}"),
        401,
        "unauthorized");
    assertError(
        http.send("POST", "/v1/devices/d-" + "0".repeat(32) + "/check-in", a.token(), "{}"),
        404,
        "not_found");
    assertError(
        http.send("POST", "/v1/devices/" + a.deviceId() + "/check-in", a.token(), "{\"deviceId\":"),
        400,
        "invalid_request");
    assertError(
        http.send(
            "POST",
            "/v1/devices/" + a.deviceId() + "/check-in?wait=99999999",
            a.token(),
            "{\"deviceId\":\"" + a.deviceId() + "\",\"modelVersion\":-1}"),
        400,
        "invalid_request");
    assertError(
        http.send(
            "POST",
            "/v1/devices/" + a.deviceId() + "/check-in",
            a.token(),
            "{\"deviceId\":\"" + stranger.deviceId() + "\",\"modelVersion\":-1}"),
        400,
        "device_mismatch");
    assertThat(dump()).isEqualTo(before);

    // Three devices check in at once; recruiting closes at the maximum cohort of 3.
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (RegistrationResponse d : devices) {
      answers.add(CompletableFuture.supplyAsync(() -> checkIn(d)));
    }
    for (CompletableFuture<HttpResponse<String>> f : answers) {
      HttpResponse<String> r = f.get();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(Json.read(r.body(), CheckInResponse.class).assignment()).isNotNull();
    }
    List<SecAggSession> sessions = new ArrayList<>();
    List<SecAggClient> clients = new ArrayList<>();
    for (RegistrationResponse d : devices) {
      HttpResponse<String> r = http.send("GET", path(d, "session"), d.token(), null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      SecAggSession s = Json.read(r.body(), SecAggSession.class);
      sessions.add(s);
      SecAggConfig c = SecAggWire.config(s);
      clients.add(SecAggClient.create(c, s.clientId(), random));
    }
    // Every round message needs training consent; with it, a device outside the cohort is refused.
    assertError(
        http.send("GET", path(stranger, "session"), stranger.token(), null),
        403,
        "consent_required");
    grant(stranger, "training");
    assertError(
        http.send("GET", path(stranger, "session"), stranger.token(), null), 403, "not_in_round");

    // Round 0 of SecAgg+: wrong phase, wrong id, replay.
    KeyAdvert keysA = SecAggWire.advert(clients.get(0).advertiseKeys());
    before = dump();
    assertError(
        http.send("POST", path(a, "shares"), a.token(), "{\"shares\":[]}"), 409, "wrong_phase");
    KeyAdvert wrongId =
        new KeyAdvert(
            sessions.get(0).clientId() % 3 + 1, keysA.encryptionKey(), keysA.maskKey(), null);
    assertError(
        http.send("POST", path(a, "keys"), a.token(), Json.write(wrongId)), 400, "invalid_request");
    assertError(
        http.send("POST", path(a, "keys"), a.token(), "{\"clientId\":1}"), 400, "invalid_request");
    assertError(
        http.send(
            "POST", "/v1/devices/" + a.deviceId() + "/rounds/7/keys", a.token(), Json.write(keysA)),
        409,
        "wrong_phase");
    assertThat(http.send("POST", path(a, "keys"), a.token(), Json.write(keysA)).statusCode())
        .isEqualTo(202);
    assertError(http.send("POST", path(a, "keys"), a.token(), Json.write(keysA)), 409, "replay");
    HttpResponse<String> pending =
        http.send("GET", path(a, "neighbours") + "?wait=0", a.token(), null);
    assertThat(pending.statusCode()).isEqualTo(202);
    assertThat(dump()).isEqualTo(before);
    for (int i = 1; i < 3; i++) {
      RegistrationResponse d = devices.get(i);
      assertThat(
              http.send(
                      "POST",
                      path(d, "keys"),
                      d.token(),
                      Json.write(SecAggWire.advert(clients.get(i).advertiseKeys())))
                  .statusCode())
          .isEqualTo(202);
    }
    // Round 1: shares.
    for (int i = 0; i < 3; i++) {
      RegistrationResponse d = devices.get(i);
      SecAggSession s = sessions.get(i);
      NeighbourKeyList keys =
          Json.read(
              http.send("GET", path(d, "neighbours"), d.token(), null).body(),
              NeighbourKeyList.class);
      ShareBundle shares =
          SecAggWire.shares(
              clients
                  .get(i)
                  .shareKeys(SecAggWire.neighbours(SecAggWire.config(s), s.clientId(), keys)));
      assertThat(http.send("POST", path(d, "shares"), d.token(), Json.write(shares)).statusCode())
          .isEqualTo(202);
    }
    assertError(
        http.send("POST", path(a, "keys"), a.token(), Json.write(keysA)), 409, "wrong_phase");
    // Round 2: masked inputs; a wrong length or a corrupt frame is refused.
    int dimension = ITEMS * 4;
    before = dump();
    assertError(
        postBytes(a, "masked-input", TensorFrame.ofLongs(new int[] {3}, new long[3]).encode()),
        400,
        "invalid_request");
    byte[] corrupt = TensorFrame.ofLongs(new int[] {dimension}, new long[dimension]).encode();
    corrupt[corrupt.length - 1] ^= 1;
    assertError(postBytes(a, "masked-input", corrupt), 400, "invalid_request");
    assertThat(dump()).isEqualTo(before);
    for (int i = 0; i < 3; i++) {
      RegistrationResponse d = devices.get(i);
      SecAggSession s = sessions.get(i);
      ShareBundle routed =
          Json.read(http.send("GET", path(d, "shares"), d.token(), null).body(), ShareBundle.class);
      long[] input = new long[dimension];
      input[0] = i + 1;
      byte[] masked =
          SecAggWire.masked(
              clients
                  .get(i)
                  .maskInput(SecAggWire.routed(SecAggWire.config(s), s.clientId(), routed), input));
      assertThat(postBytes(d, "masked-input", masked).statusCode()).isEqualTo(202);
      if (i == 0) {
        assertError(postBytes(d, "masked-input", masked), 409, "replay");
      }
    }
    // Round 3: unmasking completes the round.
    for (int i = 0; i < 3; i++) {
      RegistrationResponse d = devices.get(i);
      SecAggSession s = sessions.get(i);
      UnmaskQuery q =
          Json.read(http.send("GET", path(d, "unmask"), d.token(), null).body(), UnmaskQuery.class);
      String answer =
          Json.write(
              SecAggWire.answer(
                  clients.get(i).unmask(SecAggWire.query(SecAggWire.config(s), s.clientId(), q))));
      assertThat(http.send("POST", path(d, "unmask"), d.token(), answer).statusCode())
          .isEqualTo(202);
    }
    JsonNode status = Json.mapper().readTree(http.send("GET", "/v1/rounds/1", null, null).body());
    assertThat(status.path("status").asText()).isEqualTo("completed");
    assertThat(status.path("survivors").asInt()).isEqualTo(3);
    assertThat(status.path("resultVersion").asLong()).isEqualTo(1);
    assertThat(http.send("GET", "/v1/models/latest/metadata", null, null).body())
        .contains("\"version\":1");

    // Federated evaluation: consent, range, NaN, a fractional hit.
    before = dump();
    String eval =
        "{\"deviceId\":\"" + a.deviceId() + "\",\"modelVersion\":1,\"ndcgAt10\":0.5,\"hitAt10\":1}";
    assertError(postEvaluation(a, eval), 403, "consent_required");
    assertThat(dump()).isEqualTo(before);
    grant(a, "evaluation");
    before = dump();
    assertError(postEvaluation(a, eval.replace("0.5", "NaN")), 400, "invalid_request");
    assertError(postEvaluation(a, eval.replace("0.5", "1.5")), 400, "invalid_request");
    assertError(postEvaluation(a, eval.replace(":1}", ":0.37}")), 400, "invalid_request");
    assertError(
        postEvaluation(a, eval.replace("\"modelVersion\":1", "\"modelVersion\":9")),
        404,
        "not_found");
    assertThat(dump()).isEqualTo(before);
    assertThat(postEvaluation(a, eval).statusCode()).isEqualTo(202);
    // One report is far below the minimum: nothing is released.
    assertThat(server.rounds().store().evaluations()).isEmpty();
  }
}
