package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.subtle.AesGcmJce;
import dev.tacit.client.BudgetAgainstServer;
import dev.tacit.client.DeviceConditions;
import dev.tacit.client.Event;
import dev.tacit.client.OutboundRecord;
import dev.tacit.client.ParticipationResult;
import dev.tacit.client.Signal;
import dev.tacit.client.TacitClient;
import dev.tacit.client.server.HttpServerConnection;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.rounds.RoundPacing;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's own ε against the server (issue 13, finding 4), with real {@link TacitClient}s on the
 * SDK's HTTP transport against a real server: each device counts the rounds it sent a masked update
 * to, composed without amplification, agrees with the server's per-device record and with an
 * independent RDP computation, and declines a round that would take it past its own budget.
 */
class ClientBudgetAgainstServerTest {
  private static final String POLICY = "2026-01";
  private static final double Z = 1.0;
  private static final double DELTA = 1e-6;

  @TempDir Path dir;
  TacitServer server;
  final List<TacitClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(TacitClient::close);
    if (server != null) {
      server.close();
    }
  }

  void start() {
    Secret admin = Tokens.newToken(new SecureRandom());
    Map<Purpose, PrivacyBudget> budgets = new EnumMap<>(ServerConfig.defaultBudgets());
    budgets.put(Purpose.TRAINING, new PrivacyBudget(8.0, DELTA));
    server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir.resolve("server"))
                    .adminToken(admin)
                    .policyVersion(POLICY)
                    .budgets(budgets)
                    .deviceEpsilon(Double.POSITIVE_INFINITY)
                    .build())
            .withTraining(
                new TrainingSettings(
                    FederatedConfig.defaults().withFactors(4),
                    PrivacySettings.distributed(1.0, Z, 0.5),
                    new RoundRules(1.0, 3, 4, Duration.ofSeconds(20), Duration.ofSeconds(20)),
                    10,
                    RoundPacing.none()))
            .start();
    List<CatalogueItem> items = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      items.add(new CatalogueItem("i" + i, List.of(), 1));
    }
    server.rounds().publishCatalogue(items);
  }

  TacitClient client(int n, BudgetAgainstServer budget) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    TacitClient.Builder b =
        TacitClient.builder()
            .storageDirectory(dir.resolve("device-" + n))
            .keyProvider(KeyProvider.of(new AesGcmJce(key), "test device key"))
            .policyVersion(POLICY)
            .server(
                HttpServerConnection.builder(server.baseUri())
                    .roundTimeout(Duration.ofSeconds(60))
                    .build());
    if (budget != null) {
      b.budgetAgainstServer(budget);
    }
    TacitClient c = b.build();
    c.consent().grant(Purpose.PERSONALIZATION);
    c.consent().grant(Purpose.TRAINING);
    for (int i = 0; i < 3; i++) {
      c.record(Event.of("i" + ((n + i) % 12), Signal.VIEW, Instant.now().minusSeconds(60 - i)));
    }
    assertThat(c.connect()).isTrue();
    clients.add(c);
    return c;
  }

  /** Every client participates at once; returns their results in order. */
  static List<ParticipationResult> round(List<TacitClient> devices) throws Exception {
    List<CompletableFuture<ParticipationResult>> runs = new ArrayList<>();
    for (TacitClient c : devices) {
      runs.add(CompletableFuture.supplyAsync(() -> c.participate(DeviceConditions.idle())));
    }
    List<ParticipationResult> out = new ArrayList<>();
    for (CompletableFuture<ParticipationResult> f : runs) {
      out.add(f.get(90, TimeUnit.SECONDS));
    }
    return out;
  }

  JsonNode serverRecord(TacitClient c) {
    // The device's token is the SDK's secret: read the server's record through its ledger store.
    var account =
        new dev.tacit.server.store.DeviceEpsilons(
                new dev.tacit.server.store.SqlLedgerStore(
                    server.storage(), server.config().budgets()),
                server.config().deviceBudget())
            .of(c.deviceId());
    return new ObjectMapper()
        .valueToTree(
            Map.of(
                "epsilon", account.guarantee().epsilon(), "releases", account.releases().size()));
  }

  @Test
  void
      aDevicesOwnEpsilon_matchesTheServersRecordAndAnIndependentRdp_andItDeclinesARoundPastItsBudget()
          throws Exception {
    start();
    // Device 0's own budget fits one round at z = 1, not two.
    double one = RoundAttackContract.independentOwnEpsilon(1, Z, DELTA);
    double two = RoundAttackContract.independentOwnEpsilon(2, Z, DELTA);
    BudgetAgainstServer strict = new BudgetAgainstServer((one + two) / 2, DELTA);
    List<TacitClient> devices = new ArrayList<>();
    devices.add(client(0, strict));
    for (int i = 1; i < 4; i++) {
      devices.add(client(i, new BudgetAgainstServer(100, DELTA)));
    }

    List<ParticipationResult> first = round(devices);
    assertThat(first)
        .allSatisfy(
            r ->
                assertThat(r.status())
                    .as(r.detail())
                    .isEqualTo(ParticipationResult.Status.CONTRIBUTED));
    for (TacitClient c : devices) {
      double own = c.epsilonAgainstServer().epsilon();
      assertThat(own).isBetween(one, one * 1.01);
      assertThat(serverRecord(c).get("epsilon").asDouble()).isEqualTo(own);
    }

    // Round 2: device 0 is selected, sees the plan's noise, and abandons before any SecAgg+
    // message; the other three complete the round without it.
    List<ParticipationResult> second = round(devices);
    assertThat(second.get(0).status()).isEqualTo(ParticipationResult.Status.SKIPPED);
    assertThat(second.get(0).detail()).contains("declined").contains("past its budget");
    for (int i = 1; i < 4; i++) {
      assertThat(second.get(i).status())
          .as(second.get(i).detail())
          .isEqualTo(ParticipationResult.Status.CONTRIBUTED);
      double own = devices.get(i).epsilonAgainstServer().epsilon();
      assertThat(own).isBetween(two, two * 1.01);
      assertThat(serverRecord(devices.get(i)).get("epsilon").asDouble()).isEqualTo(own);
    }
    TacitClient strictDevice = devices.get(0);
    assertThat(strictDevice.epsilonAgainstServer().epsilon()).isLessThanOrEqualTo(strict.epsilon());
    assertThat(serverRecord(strictDevice).get("releases").asInt()).isEqualTo(1);
    List<OutboundRecord> masked =
        strictDevice.transparencyLog().stream()
            .filter(r -> r.endpoint().endsWith("/masked-input"))
            .toList();
    assertThat(masked).hasSize(1);
    assertThat(masked.get(0).roundNoiseMultiplier()).isEqualTo(Z);
    assertThat(masked.get(0).description()).contains("own epsilon against the server");

    // A third time it does not even check in: one more round like its last would pass the budget.
    int sent = strictDevice.transparencyLog().size();
    ParticipationResult third = strictDevice.participate(DeviceConditions.idle());
    assertThat(third.status()).isEqualTo(ParticipationResult.Status.SKIPPED);
    assertThat(third.detail()).contains("declined");
    assertThat(strictDevice.transparencyLog()).hasSize(sent);
  }
}
