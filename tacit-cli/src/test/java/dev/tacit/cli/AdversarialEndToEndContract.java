package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.client.server.HttpServerConnection;
import dev.tacit.client.server.RoundLinks;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Dataset;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import dev.tacit.core.synth.SyntheticConfig;
import dev.tacit.core.synth.SyntheticGenerator;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.federated.round.DeviceRound;
import dev.tacit.federated.round.PlanWire;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.federated.server.round.SessionStatus;
import dev.tacit.privacy.accounting.Conversion;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.Rdp;
import dev.tacit.privacy.accounting.RdpAccountant;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.TacitServer;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.RoundStore;
import dev.tacit.sim.FederatedEvaluation;
import dev.tacit.sim.fleet.DeviceFleet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rounds with adversarial devices among honest ones, over HTTP on loopback (issue 13): 30 real
 * clients ({@link DeviceFleet}) train with distributed DP while, on the SDK's own transport and
 * SecAgg+ device code, one device scales its update by 1000 in one round, one floods check-ins all
 * along, and four (at most κ = 0.2 of the counted devices) collude by sending zeros, with no update
 * and no noise. The honest model still improves, the poisoned round publishes nothing, and the
 * ledger's ε is exactly the RDP of the releases that happened. Run once per database.
 */
@Tag("slow")
abstract class AdversarialEndToEndContract {
  private static final String POLICY = "1";
  private static final int HONEST = 30;
  private static final int COLLUDERS = 4;
  private static final int ITEMS = 40;
  private static final int ROUNDS = 4;
  private static final int POISONED_ROUND = 2;
  private static final double Z = 0.3;

  @TempDir Path dir;

  /** The JDBC URL to test against (may skip the test with an assumption). */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  /** An attacking device on the SDK's HTTP transport, running the SDK's SecAgg+ device code. */
  private static final class Attacker {
    final ServerConnection server;
    final String id;
    final String token;
    final int[] items;

    Attacker(URI base, HttpClient http, int[] items) {
      this.server =
          HttpServerConnection.builder(base)
              .transport(dev.tacit.client.jdk.JdkHttpTransport.of(http))
              .build();
      RegistrationResponse r = server.register(new RegistrationRequest(Protocol.VERSION, "evil"));
      this.id = r.deviceId();
      this.token = r.token();
      this.items = items;
      server.consent(token, new ConsentUpdate(id, Purpose.TRAINING, true, POLICY, Instant.now()));
    }

    /** Joins the next round with the input {@code attack} makes of the plan and the model. */
    void joinNextRound(
        FederatedConfig f, java.util.function.BiFunction<RoundPlan, ModelSnapshot, long[]> attack) {
      CheckInResponse answer = server.checkIn(token, new CheckIn(id, -1));
      while (answer.assignment() == null && answer.retryAfterSeconds() <= 2) {
        sleep(answer.retryAfterSeconds() * 1000);
        answer = server.checkIn(token, new CheckIn(id, -1));
      }
      if (answer.assignment() == null) {
        throw new IllegalStateException("no round: retry after " + answer.retryAfterSeconds());
      }
      RoundPlan plan = PlanWire.plan(answer.assignment());
      float[] factors =
          TensorFrame.decode(server.modelFactors(token, plan.modelVersion())).floats();
      ModelSnapshot model =
          ModelSnapshot.of(plan.modelVersion(), ITEMS, f.factors(), factors, f.alpha(), f.lambda());
      DeviceRound.run(
          plan,
          server.session(token, id, plan.round()),
          attack.apply(plan, model),
          RoundLinks.transport(server.round(token, id, plan.round())),
          new SecureRandom());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static ModelSnapshot model(RoundStore store, long version, FederatedConfig f) {
    float[] factors =
        TensorFrame.decode(store.models().get(version).orElseThrow().frame()).floats();
    return ModelSnapshot.of(version, ITEMS, f.factors(), factors, f.alpha(), f.lambda());
  }

  @Test
  void scaledUpdates_floodedCheckIns_andNoiselessColluders_leaveTheModelImprovingAndEpsilonTrue()
      throws Exception {
    int users = HONEST + 2 + COLLUDERS;
    Dataset ds = SyntheticGenerator.generate(SyntheticConfig.of(users, ITEMS, 13));
    Split split = Splits.randomHoldout(ds.interactions(), 0.2, 13);
    List<CatalogueItem> catalogue = DemoData.catalogue(ds);
    Csr train = split.train().byUser();
    Csr test = split.test().byUser();
    List<List<String>> histories = new ArrayList<>();
    List<List<String>> heldBack = new ArrayList<>();
    for (int u = 0; u < HONEST; u++) {
      histories.add(ids(catalogue, train.row(u)));
      heldBack.add(ids(catalogue, test.row(u)));
    }
    FederatedConfig federated =
        FederatedConfig.defaults()
            .withFactors(8)
            .withOptimizer(FederatedConfig.Optimizer.FEDADAM, 0.1)
            .withSeed(3);
    TrainingSettings training =
        new TrainingSettings(
            federated,
            PrivacySettings.distributed(5.0, Z, 0.5), // kappa: the default 0.2
            // Phases wait for every device, or 20 s: the flooder, selected but silent, is a
            // dropout of each round's first phase (a quorum could also cut a slow honest device).
            new RoundRules(1.0, 10, 1000, Duration.ofSeconds(40), Duration.ofSeconds(20)),
            users);
    Map<Purpose, PrivacyBudget> budgets = new EnumMap<>(ServerConfig.defaultBudgets());
    budgets.put(Purpose.TRAINING, new PrivacyBudget(1000, 1e-6));
    Path dataDir = dir.resolve("server");
    String url = databaseUrl(dataDir);
    ExecutorService threads = Executors.newCachedThreadPool();
    AtomicBoolean flooding = new AtomicBoolean(true);
    try (TacitServer server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dataDir)
                    .databaseUrl(url)
                    .budgets(budgets)
                    .build())
            .withTraining(training)
            .start()) {
      server.rounds().publishCatalogue(catalogue);
      RoundStore store = server.rounds().store();
      URI base = server.baseUri();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      double before = FederatedEvaluation.ndcg(model(store, 0, federated), split);

      Attacker scaler = new Attacker(base, http, train.row(HONEST));
      Attacker flooder = new Attacker(base, http, new int[0]);
      List<Attacker> colluders = new ArrayList<>();
      for (int i = 0; i < COLLUDERS; i++) {
        colluders.add(new Attacker(base, http, new int[0]));
      }

      List<Long> fleetRounds = new ArrayList<>();
      try (DeviceFleet fleet =
          DeviceFleet.create(
              dir.resolve("devices"),
              base,
              histories,
              heldBack,
              Set.of(Purpose.TRAINING, Purpose.PERSONALIZATION),
              5)) {
        Random random = new Random(17);
        // Every device holds training consent now; from here the flooder opens each round as
        // soon as the pacing allows.
        // The flooder: training consent, then check-ins with wait=0 as fast as it is answered.
        AtomicInteger floods = new AtomicInteger();
        Future<?> flood =
            threads.submit(
                () -> {
                  while (flooding.get()) {
                    try {
                      http.send(
                          HttpRequest.newBuilder(
                                  base.resolve("/v1/devices/" + flooder.id + "/check-in?wait=0"))
                              .header("Authorization", "Bearer " + flooder.token)
                              .POST(
                                  HttpRequest.BodyPublishers.ofString(
                                      "{\"deviceId\":\"" + flooder.id + "\",\"modelVersion\":-1}"))
                              .build(),
                          HttpResponse.BodyHandlers.discarding());
                      floods.incrementAndGet();
                    } catch (java.io.IOException e) {
                      // the server may be busy: keep flooding
                    }
                    sleep(20);
                  }
                  return null;
                });
        for (int r = 1; r <= ROUNDS; r++) {
          boolean poison = r == POISONED_ROUND;
          List<Future<?>> attacks = new ArrayList<>();
          attacks.add(
              threads.submit(
                  () -> {
                    scaler.joinNextRound(
                        federated,
                        (plan, model) -> {
                          long[] honest =
                              DeviceStep.contribute(
                                      model, scaler.items, plan, RandomSource.secure())
                                  .encoded();
                          if (poison) {
                            for (int i = 0; i < honest.length; i++) {
                              honest[i] = (honest[i] * 1000) & plan.mask();
                            }
                          }
                          return honest;
                        });
                    return null;
                  }));
          for (Attacker c : colluders) {
            attacks.add(
                threads.submit(
                    () -> {
                      c.joinNextRound(federated, (plan, model) -> new long[plan.dimension()]);
                      return null;
                    }));
          }
          DeviceFleet.RoundResult res = fleet.runRound(0, random);
          for (Future<?> a : attacks) {
            a.get(120, TimeUnit.SECONDS);
          }
          assertThat(res.failed()).as(res.firstFailure()).isZero();
          assertThat(res.status())
              .as("round %d: %s", r, res)
              .isEqualTo(poison ? "rejected" : "completed");
          RoundRow row = store.round(res.round()).orElseThrow();
          // The honest devices, the scaler and the colluders are counted; the flooder, selected
          // but silent, is a dropout.
          assertThat(row.survivors()).isEqualTo(HONEST + 1 + COLLUDERS - res.late());
          assertThat(COLLUDERS).isLessThanOrEqualTo((int) (0.2 * row.survivors()));
          assertThat(row.ledgerSeq()).as("round %d is charged", r).isNotNull();
          fleetRounds.add(res.round());
        }
        flooding.set(false);
        flood.get(30, TimeUnit.SECONDS);
        assertThat(floods.get()).isGreaterThan(20);
      }

      // The poisoned round published nothing: three rounds, three new model versions.
      RoundRow poisoned = store.round(fleetRounds.get(POISONED_ROUND - 1)).orElseThrow();
      assertThat(poisoned.status()).isEqualTo(SessionStatus.REJECTED);
      assertThat(poisoned.resultVersion()).isNull();
      assertThat(poisoned.note()).contains("exceeds the bound");
      long latest = store.models().latestVersion().orElseThrow();
      assertThat(latest).isEqualTo(ROUNDS - 1);

      // The honest model improved.
      double after = FederatedEvaluation.ndcg(model(store, latest, federated), split);
      assertThat(after).as("NDCG@10 before %s, after %s", before, after).isGreaterThan(before);

      // The ledger charged exactly the releases that happened: the four rounds that reached
      // unmasking (the rejected one too), none of the rounds the flooder opened and that found
      // too few devices.
      long charged = store.rounds().stream().filter(r -> r.ledgerSeq() != null).count();
      assertThat(charged).isEqualTo(ROUNDS);
      RdpAccountant independent = RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED);
      for (int i = 0; i < ROUNDS; i++) {
        independent.compose(new PrivacyEvent.SampledGaussian(1.0, Z, 1));
      }
      assertThat(server.ledger().spent(Purpose.TRAINING).epsilon())
          .isEqualTo(independent.guarantee(1e-6).epsilon());
      assertThat(
              server.ledger().spends().stream()
                  .filter(s -> s.purpose() == Purpose.TRAINING)
                  .count())
          .isEqualTo(ROUNDS);
      assertThat(server.storage().audit().verify().valid()).isTrue();
    } finally {
      flooding.set(false);
      threads.shutdownNow();
      dropDatabase();
    }
  }

  private static List<String> ids(List<CatalogueItem> catalogue, int[] rows) {
    List<String> out = new ArrayList<>();
    for (int i : rows) {
      out.add(catalogue.get(i).itemId());
    }
    return out;
  }
}
