package dev.tacit.client.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.AesGcmJce;
import dev.tacit.client.DeviceConditions;
import dev.tacit.client.Event;
import dev.tacit.client.OutboundRecord;
import dev.tacit.client.ParticipationResult;
import dev.tacit.client.Signal;
import dev.tacit.client.TacitClient;
import dev.tacit.client.server.HttpServerConnection;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.client.server.ServerException;
import dev.tacit.client.server.Traffic;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.client.transport.HttpTransport;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.DeletionRequest;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.LocalEvaluation;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.server.TacitServer;
import dev.tacit.server.testing.SmallTrainingServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link HttpTransport} must do against a real {@code tacit serve} (an in-process server
 * on a random port): carry every request of the SDK, and report for each the bytes that crossed the
 * wire, as a TCP relay between it and the server counts them.
 */
abstract class TransportContract {
  private static final String POLICY = "2026-01";
  private static final Pattern ANSWER = Pattern.compile("; answer: (\\d+) bytes");

  @TempDir Path dir;
  TacitServer server;
  final List<CountingProxy> proxies = new ArrayList<>();
  final List<TacitClient> clients = new ArrayList<>();

  /** A fresh transport of the implementation under test. */
  abstract HttpTransport transport();

  @BeforeEach
  void start() {
    List<CatalogueItem> items = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      items.add(new CatalogueItem("i" + i, List.of(), 1));
    }
    server =
        SmallTrainingServer.start(
            SmallTrainingServer.config(dir.resolve("server")).policyVersion(POLICY), items);
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(TacitClient::close);
    for (CountingProxy p : proxies) {
      p.close();
    }
    server.close();
  }

  private ServerConnection connectionThrough(CountingProxy proxy) {
    return HttpServerConnection.builder(proxy.uri())
        .transport(transport())
        .roundTimeout(Duration.ofSeconds(60))
        .build();
  }

  private CountingProxy proxy() throws Exception {
    CountingProxy p = CountingProxy.to(server.baseUri());
    proxies.add(p);
    return p;
  }

  /** Runs {@code call} and checks the connection's count against the relay's, each way. */
  private <T> T exactly(
      String what, CountingProxy proxy, ServerConnection connection, Supplier<T> call) {
    long up = proxy.upstream();
    long down = proxy.downstream();
    connection.takeTraffic();
    T result;
    try {
      result = call.get();
    } finally {
      Traffic t = connection.takeTraffic();
      assertThat(t.sent()).as(what + ": bytes sent").isEqualTo(proxy.upstream() - up).isPositive();
      assertThat(t.received())
          .as(what + ": bytes received")
          .isEqualTo(proxy.downstream() - down)
          .isPositive();
    }
    return result;
  }

  @Test
  void everyDeviceEndpoint_reportsTheBytesOnTheWire() throws Exception {
    CountingProxy proxy = proxy();
    ServerConnection c = connectionThrough(proxy);

    RegistrationResponse device =
        exactly(
            "register",
            proxy,
            c,
            () -> c.register(new RegistrationRequest(Protocol.VERSION, TacitClient.SDK_VERSION)));
    String token = device.token();
    String id = device.deviceId();
    for (Purpose purpose : List.of(Purpose.PERSONALIZATION, Purpose.TRAINING, Purpose.EVALUATION)) {
      exactly(
          "consent",
          proxy,
          c,
          () -> {
            c.consent(token, new ConsentUpdate(id, purpose, true, POLICY, Instant.now()));
            return null;
          });
    }
    ModelMetadata meta = exactly("metadata", proxy, c, () -> c.modelMetadata(token, -1));
    byte[] factors = exactly("model", proxy, c, () -> c.modelFactors(token, meta.version()));
    List<CatalogueItem> catalogue =
        exactly("catalogue", proxy, c, () -> c.catalogue(token, meta.version()));
    exactly("analytics queries", proxy, c, () -> c.analyticsQueries(token));
    exactly("check-in", proxy, c, () -> c.checkIn(token, new CheckIn(id, meta.version())));
    exactly(
        "evaluation",
        proxy,
        c,
        () -> {
          c.evaluation(token, new LocalEvaluation(id, meta.version(), 0.25, 1));
          return null;
        });
    // an LDP report to a query that does not exist: refused, and the refusal's bytes count too
    assertThatThrownBy(
            () ->
                exactly(
                    "analytics report",
                    proxy,
                    c,
                    () -> {
                      c.report(
                          token,
                          new LdpReport(
                              id, "q-" + "1".repeat(32), LdpReport.Mechanism.GRR, 1.0, 4, 0, 1));
                      return null;
                    }))
        .isInstanceOf(ServerException.class);
    assertThatThrownBy(
            () ->
                exactly(
                    "error answer",
                    proxy,
                    c,
                    () -> c.checkIn("not-a-token-" + "x".repeat(20), new CheckIn(id, 0))))
        .isInstanceOf(ServerException.class);
    exactly(
        "delete",
        proxy,
        c,
        () -> {
          c.delete(token, new DeletionRequest(id, Instant.now()));
          return null;
        });

    assertThat(factors).isNotEmpty();
    assertThat(catalogue).hasSize(12);
  }

  @Test
  void theTransparencyLog_holdsTheBytesOnTheWire_forEveryRequestOfARound() throws Exception {
    List<CountingProxy> relays = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      CountingProxy relay = proxy();
      relays.add(relay);
      clients.add(client(n, connectionThrough(relay)));
    }
    List<CompletableFuture<ParticipationResult>> runs = new ArrayList<>();
    java.util.concurrent.ExecutorService devices =
        java.util.concurrent.Executors.newFixedThreadPool(clients.size());
    for (TacitClient c : clients) {
      runs.add(
          CompletableFuture.supplyAsync(() -> c.participate(DeviceConditions.idle()), devices));
    }
    devices.shutdown();
    for (CompletableFuture<ParticipationResult> run : runs) {
      ParticipationResult result = run.get(120, TimeUnit.SECONDS);
      assertThat(result.status())
          .as(result.detail())
          .isEqualTo(ParticipationResult.Status.CONTRIBUTED);
    }
    clients.get(0).syncModel();

    for (int n = 0; n < 3; n++) {
      List<OutboundRecord> log = clients.get(n).transparencyLog();
      assertThat(log.stream().mapToLong(OutboundRecord::bytes).sum())
          .as("device %d: bytes sent", n)
          .isEqualTo(relays.get(n).upstream());
      assertThat(log.stream().mapToLong(TransportContract::answerBytes).sum())
          .as("device %d: bytes received", n)
          .isEqualTo(relays.get(n).downstream());
    }
    assertThat(clients.get(0).transparencyLog())
        .extracting(OutboundRecord::endpoint)
        .contains(
            "POST /v1/devices",
            "POST /v1/devices/{id}/consent",
            "POST /v1/devices/{id}/check-in",
            "GET /v1/devices/{id}/rounds/{round}/session",
            "POST /v1/devices/{id}/rounds/{round}/keys",
            "GET /v1/devices/{id}/rounds/{round}/neighbours",
            "POST /v1/devices/{id}/rounds/{round}/shares",
            "GET /v1/devices/{id}/rounds/{round}/shares",
            "POST /v1/devices/{id}/rounds/{round}/masked-input",
            "GET /v1/devices/{id}/rounds/{round}/unmask",
            "GET /v1/models/latest/metadata");
  }

  private TacitClient client(int n, ServerConnection connection) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    TacitClient c =
        TacitClient.builder()
            .storageDirectory(dir.resolve("device-" + n))
            .keyProvider(KeyProvider.of(new AesGcmJce(key), "test device key"))
            .policyVersion(POLICY)
            .server(connection)
            .build();
    c.consent().grant(Purpose.PERSONALIZATION);
    c.consent().grant(Purpose.TRAINING);
    for (int i = 0; i < 3; i++) {
      c.record(Event.of("i" + ((n + i) % 12), Signal.VIEW, Instant.now().minusSeconds(60 - i)));
    }
    assertThat(c.connect()).isTrue();
    return c;
  }

  private static long answerBytes(OutboundRecord r) {
    Matcher m = ANSWER.matcher(r.description());
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
