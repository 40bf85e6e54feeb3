package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.subtle.AesGcmJce;
import dev.tacit.client.DeviceConditions;
import dev.tacit.client.Event;
import dev.tacit.client.Filter;
import dev.tacit.client.ParticipationResult;
import dev.tacit.client.Recommendations;
import dev.tacit.client.Signal;
import dev.tacit.client.TacitClient;
import dev.tacit.client.explain.Explanation;
import dev.tacit.client.server.HttpServerConnection;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceDevice;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.rounds.RoundPacing;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.DeviceEpsilons;
import dev.tacit.server.store.SqlLedgerStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
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
 * The private co-occurrence model trained by a real server over HTTP (issue 14): its two releases
 * run as rounds through real SecAgg+ with distributed discrete Gaussian noise, with real {@link
 * TacitClient}s, each charged to the ledger with its own noise multiplier; the clients recommend
 * and explain with the published model; and devices that misbehave cannot change the stated ε. Run
 * once per database.
 */
abstract class CooccurrenceRoundsContract {
  static final String POLICY = "2026-01";
  static final int ITEMS = 12;
  static final double DELTA = 1e-6;

  /** The combined noise multiplier: small, so that a handful of devices give a model with rank. */
  static final double Z = 0.05;

  /** One thread per task: devices block on long polls, which a small common pool would starve. */
  static final java.util.concurrent.Executor THREADS =
      r -> {
        Thread t = new Thread(r, "test-device");
        t.setDaemon(true);
        t.start();
      };

  @TempDir Path dir;
  TacitServer server;
  final List<TacitClient> clients = new ArrayList<>();

  /** The JDBC URL to test against (may skip the test with an assumption). */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  @AfterEach
  void stop() {
    clients.forEach(TacitClient::close);
    if (server != null) {
      server.close();
    }
    dropDatabase();
  }

  TrainingSettings settings() {
    return TrainingSettings.cooccurrence(
            CooccurrenceConfig.defaults(),
            PrivacySettings.distributed(1.0, Z, 0.5),
            new RoundRules(1.0, 3, 100, Duration.ofSeconds(20), Duration.ofSeconds(20)),
            10)
        .withPacing(RoundPacing.none());
  }

  Secret admin;

  void start() {
    admin = Tokens.newToken(new SecureRandom());
    Map<Purpose, PrivacyBudget> budgets = new EnumMap<>(ServerConfig.defaultBudgets());
    budgets.put(Purpose.TRAINING, new PrivacyBudget(1000, DELTA));
    server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir.resolve("server"))
                    .databaseUrl(databaseUrl(dir))
                    .adminToken(admin)
                    .policyVersion(POLICY)
                    .clock(Clock.systemUTC())
                    .budgets(budgets)
                    .deviceEpsilon(Double.POSITIVE_INFINITY)
                    .build())
            .withTraining(settings())
            .start();
    List<CatalogueItem> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add(new CatalogueItem("i" + i, List.of(), 1));
    }
    server.rounds().publishCatalogue(items);
  }

  /** The history of device {@code n}: two groups of items that go together, and a shared one. */
  static int[] history(int n) {
    int base = (n % 2) * 5;
    return new int[] {base, base + 1, base + 2, base + 3 + (n / 2) % 2, 10};
  }

  TacitClient client(int n) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    TacitClient c =
        TacitClient.builder()
            .storageDirectory(dir.resolve("device-" + n))
            .keyProvider(KeyProvider.of(new AesGcmJce(key), "test device key"))
            .policyVersion(POLICY)
            .server(
                HttpServerConnection.builder(server.baseUri())
                    .roundTimeout(Duration.ofSeconds(60))
                    .build())
            .build();
    c.consent().grant(Purpose.PERSONALIZATION);
    c.consent().grant(Purpose.TRAINING);
    int[] h = history(n);
    for (int i = 0; i < h.length; i++) {
      c.record(Event.of("i" + h[i], Signal.VIEW, Instant.now().minusSeconds(60 - i)));
    }
    assertThat(c.connect()).isTrue();
    clients.add(c);
    return c;
  }

  List<TacitClient> clients(int n) throws Exception {
    List<TacitClient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(client(i));
    }
    return out;
  }

  /** Every client participates at once; returns their results in order. */
  static List<ParticipationResult> round(List<TacitClient> devices) throws Exception {
    List<CompletableFuture<ParticipationResult>> runs = new ArrayList<>();
    for (TacitClient c : devices) {
      runs.add(
          CompletableFuture.supplyAsync(() -> c.participate(DeviceConditions.idle()), THREADS));
    }
    List<ParticipationResult> out = new ArrayList<>();
    for (CompletableFuture<ParticipationResult> f : runs) {
      out.add(f.get(90, TimeUnit.SECONDS));
    }
    return out;
  }

  static void allContributed(List<ParticipationResult> results) {
    assertThat(results)
        .allSatisfy(
            r ->
                assertThat(r.status())
                    .as(r.detail())
                    .isEqualTo(ParticipationResult.Status.CONTRIBUTED));
  }

  /** Waits until the server has published {@code version}. */
  void awaitVersion(long version) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      if (server.models().latestVersion().orElse(-1L) >= version) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("model version " + version + " was not published");
  }

  CooccurrenceFrame.Published published(long version) {
    return CooccurrenceFrame.decode(
        TensorFrame.decode(server.models().get(version).orElseThrow().frame()));
  }

  List<Spend> trainingSpends() {
    return server.ledger().spends().stream().filter(s -> s.purpose() == Purpose.TRAINING).toList();
  }

  /**
   * ε of Gaussian releases with these noise multipliers, composed in RDP over a fine grid of orders
   * and converted as Canonne, Kamath &amp; Steinke (2020) do: computed here, apart from the
   * accountant.
   */
  static double independentEpsilon(double delta, double... z) {
    double best = Double.POSITIVE_INFINITY;
    for (double a = 1.01; a <= 1024; a *= 1.0005) {
      double rdp = 0;
      for (double x : z) {
        rdp += a / (2 * x * x);
      }
      double eps = rdp + Math.log(1 - 1 / a) - (Math.log(delta) + Math.log(a)) / (a - 1);
      best = Math.min(best, eps);
    }
    return Math.max(0, best);
  }

  double serverRecordOf(TacitClient c, int releases) {
    DeviceEpsilons.Account account =
        new DeviceEpsilons(
                new SqlLedgerStore(server.storage(), server.config().budgets()),
                server.config().deviceBudget())
            .of(c.deviceId());
    assertThat(account.releases()).hasSize(releases);
    return account.guarantee().epsilon();
  }

  @Test
  void bothReleases_landInTheLedgerWithTheirOwnZ_andEveryEpsilonMatchesAnIndependentRdp()
      throws Exception {
    start();
    List<TacitClient> devices = clients(6);
    CooccurrenceConfig.Releases releases = settings().releases();
    double z1 = releases.popularity().noiseMultiplier();
    double z2 = releases.cooccurrence().noiseMultiplier();
    assertThat(z1).isGreaterThan(z2);

    allContributed(round(devices));
    awaitVersion(1);
    assertThat(published(1).stage()).isEqualTo(CooccurrenceFrame.Stage.HEAD);
    allContributed(round(devices));
    awaitVersion(2);
    assertThat(published(2).stage()).isEqualTo(CooccurrenceFrame.Stage.COMPLETE);

    List<Spend> spends = trainingSpends();
    assertThat(spends).hasSize(2);
    assertThat(((PrivacyEvent.SampledGaussian) spends.get(0).event()).noiseMultiplier())
        .isEqualTo(z1);
    assertThat(((PrivacyEvent.SampledGaussian) spends.get(0).event()).samplingRate()).isEqualTo(1);
    assertThat(((PrivacyEvent.SampledGaussian) spends.get(1).event()).noiseMultiplier())
        .isEqualTo(z2);
    assertThat(spends.get(0).description()).contains("popularity release");
    assertThat(spends.get(1).description()).contains("co-occurrence release");

    double independent = independentEpsilon(DELTA, z1, z2);
    double stated = server.ledger().spent(Purpose.TRAINING).epsilon();
    assertThat(stated).isBetween(independent, independent * 1.01);
    // Every device took part in both releases, so its own ε against the server is the stated one.
    for (TacitClient c : devices) {
      assertThat(serverRecordOf(c, 2)).isEqualTo(stated);
      assertThat(c.epsilonAgainstServer().epsilon()).isBetween(independent, independent * 1.01);
    }
    // The rounds table records each release's own z.
    assertThat(server.rounds().store().rounds())
        .extracting(r -> r.noiseMultiplier())
        .containsExactly(z1, z2);
    // Nothing is left to train: a device that checks in again opens no round and spends nothing.
    List<ParticipationResult> after = round(devices.subList(0, 1));
    assertThat(after.get(0).status()).isEqualTo(ParticipationResult.Status.RETRY_LATER);
    assertThat(trainingSpends()).hasSize(2);
  }

  @Test
  void everyReleaseOfTheServer_isChargedToTheDevicesItCounted_neverToAnEmptyList()
      throws Exception {
    start();
    List<TacitClient> devices = clients(6);
    allContributed(round(devices));
    awaitVersion(1);
    allContributed(round(devices));
    awaitVersion(2);

    // A release charged with an empty device list would be in the ledger but in no device's
    // record: each of the two releases must name exactly the six devices it counted.
    List<Long> releases = trainingSpends().stream().map(Spend::sequence).toList();
    assertThat(releases).hasSize(2);
    Map<String, List<Spend>> byDevice =
        new SqlLedgerStore(server.storage(), server.config().budgets())
            .spendsByDevice(Purpose.TRAINING);
    assertThat(byDevice.keySet())
        .containsExactlyInAnyOrderElementsOf(devices.stream().map(TacitClient::deviceId).toList());
    for (List<Spend> spends : byDevice.values()) {
      assertThat(spends).extracting(Spend::sequence).containsExactlyElementsOf(releases);
    }
    // The notice of a server that trains this model says how its releases are made.
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String notice =
        http.send(
                java.net.http.HttpRequest.newBuilder(
                        server.baseUri().resolve("/v1/privacy/notice?format=text"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(notice).contains("q = 1").contains("co-occurrence model is trained in two releases");
    // The dashboard shows the model's algorithm and both releases with their z and devices.
    com.fasterxml.jackson.databind.JsonNode model =
        dev.tacit.protocol.Json.mapper()
            .readTree(
                http.send(
                        java.net.http.HttpRequest.newBuilder(
                                server.baseUri().resolve("/v1/admin/dashboard"))
                            .header("Authorization", "Bearer " + admin.reveal())
                            .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body())
            .path("model");
    assertThat(model.path("algorithm").asText()).isEqualTo("cooccurrence");
    assertThat(model.path("stage").asText()).isEqualTo("complete");
    assertThat(model.path("releases")).hasSize(2);
    assertThat(model.path("releases").get(0).path("release").asText()).isEqualTo("popularity");
    assertThat(model.path("releases").get(1).path("release").asText()).isEqualTo("cooccurrence");
    CooccurrenceConfig.Releases z = settings().releases();
    assertThat(model.path("releases").get(0).path("noiseMultiplier").asDouble())
        .isEqualTo(z.popularity().noiseMultiplier());
    assertThat(model.path("releases").get(1).path("noiseMultiplier").asDouble())
        .isEqualTo(z.cooccurrence().noiseMultiplier());
    for (com.fasterxml.jackson.databind.JsonNode r : model.path("releases")) {
      assertThat(r.path("devicesCounted").asInt()).isEqualTo(6);
    }
  }

  @Test
  void aClient_recommendsAndExplainsWithTheCooccurrenceModel_andTheAttributionsSumToTheScore()
      throws Exception {
    start();
    List<TacitClient> devices = clients(6);
    allContributed(round(devices));
    awaitVersion(1);
    allContributed(round(devices));
    awaitVersion(2);
    CooccurrenceModel model = published(2).model();
    assertThat(model.rank()).isPositive();
    ModelMetadata meta =
        dev.tacit.protocol.Json.read(
            new Http(server.baseUri()).send("GET", "/v1/models/2/metadata", null, null).body(),
            ModelMetadata.class);
    assertThat(meta.numItems()).isEqualTo(ITEMS);
    assertThat(meta.lambda()).isEqualTo(model.lambda());

    TacitClient c = devices.get(0);
    assertThat(c.syncModel()).isEqualTo(2);
    Recommendations recs = c.recommend(3, Filter.none());
    assertThat(recs.source()).isEqualTo(Recommendations.Source.PERSONALIZED);
    assertThat(recs.note()).contains("co-occurrence");
    int[] seen = history(0);
    // The client's ranking is the model's: xB over the head from its own history, seen dropped.
    float[] expected = new float[ITEMS];
    model.scoreAll(seen, expected);
    for (int i : seen) {
      expected[i] = Float.NEGATIVE_INFINITY;
    }
    int best = 0;
    for (int i = 1; i < ITEMS; i++) {
      best = expected[i] > expected[best] ? i : best;
    }
    assertThat(recs.items().get(0).itemId()).isEqualTo("i" + best);

    double[] xb = model.headScores(seen);
    for (int item = 0; item < ITEMS; item++) {
      Explanation e = c.explain("i" + item);
      int pos = model.head().positionOf(item);
      double score = pos < 0 ? 0 : xb[pos];
      assertThat(e.personalized()).isTrue();
      assertThat(e.score())
          .as("item %d", item)
          .isCloseTo(score, org.assertj.core.data.Offset.offset(1e-4));
      double shown = 0;
      for (Explanation.Contribution b : e.because()) {
        assertThat(b.contribution()).isPositive();
        shown += b.contribution();
      }
      // The top attributions never exceed the positive part of the score.
      double positive = 0;
      for (int i : seen) {
        int p = model.head().positionOf(i);
        if (p >= 0 && pos >= 0) {
          double bij = model.denseB()[p * model.head().size() + pos];
          positive += Math.max(0, bij);
        }
      }
      assertThat(shown).isLessThanOrEqualTo(positive + 1e-4);
    }
    Explanation top = c.explain("i" + best);
    assertThat(top.because()).isNotEmpty();
    assertThat(top.text()).startsWith("Because you liked");

    // The device evaluates the co-occurrence model as it would a factor model: one report for
    // version 2, counted by the server (a second one is refused as a duplicate).
    c.consent().grant(Purpose.EVALUATION);
    assertThat(c.reportEvaluation(List.of("i" + best))).isTrue();
    assertThat(c.reportEvaluation(List.of("i" + best))).isFalse();
    assertThat(c.transparencyLog())
        .anySatisfy(r -> assertThat(r.description()).contains("model version 2"));
  }

  @Test
  void aDeviceThatSendsAnOverNormContribution_cannotChangeTheStatedEpsilon() throws Exception {
    start();
    List<RoundDevice> devices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      devices.add(RoundDevice.trainer(server.baseUri(), POLICY, Clock.systemUTC()));
    }
    RoundPlan plan = RoundAttackContract.recruit(devices);
    assertThat(plan.dimension()).isEqualTo(ITEMS);
    assertThat(plan.noiseMultiplier())
        .isEqualTo(settings().releases().popularity().noiseMultiplier());
    List<Throwable> thrown =
        RoundAttackContract.runAll(
            devices,
            plan,
            i -> {
              long[] honest =
                  CooccurrenceDevice.contributePopularity(
                          history(i), ITEMS, plan, RandomSource.seeded(i))
                      .encoded();
              // Device 4 scales its contribution a thousandfold, far past its clip norm.
              return i == 4 ? RoundDevice.scaled(honest, 1000, plan) : honest;
            },
            i -> devices.get(i).transport(plan.round()));
    assertThat(thrown.subList(0, 4)).containsOnlyNulls();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String status = "";
    while (System.nanoTime() < end) {
      status = server.rounds().status(plan.round()).orElseThrow().status();
      if (status.equals("rejected") || status.equals("completed") || status.equals("aborted")) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(status).isEqualTo("rejected");
    // The release was charged when its sum was released, at its own z, and nothing else: the
    // attacker moved neither the ledger nor the published model.
    assertThat(trainingSpends()).hasSize(1);
    double z1 = settings().releases().popularity().noiseMultiplier();
    double independent = independentEpsilon(DELTA, z1);
    assertThat(server.ledger().spent(Purpose.TRAINING).epsilon())
        .isBetween(independent, independent * 1.01);
    assertThat(server.models().latestVersion()).contains(0L);
  }

  @Test
  void aDeviceThatChecksInTwice_isCountedOnce_andCannotChangeTheStatedEpsilon() throws Exception {
    start();
    List<TacitClient> devices = clients(4);
    // A fifth device checks in twice at once, from two threads, then runs the round once.
    RoundDevice twice = RoundDevice.trainer(server.baseUri(), POLICY, Clock.systemUTC());
    CompletableFuture<Integer> twiceRun =
        CompletableFuture.supplyAsync(
            () -> {
              CompletableFuture<CheckInResponse> a =
                  CompletableFuture.supplyAsync(twice::checkIn, THREADS);
              CompletableFuture<CheckInResponse> b =
                  CompletableFuture.supplyAsync(twice::checkIn, THREADS);
              List<RoundPlan> plans = new ArrayList<>();
              for (CheckInResponse r : List.of(a.join(), b.join())) {
                if (r.assignment() != null) {
                  plans.add(RoundDevice.plan(r));
                }
              }
              RoundPlan p = plans.get(0);
              twice.run(
                  p,
                  CooccurrenceDevice.contributePopularity(
                          history(4), ITEMS, p, RandomSource.seeded(4))
                      .encoded(),
                  twice.transport(p.round()));
              return plans.size();
            },
            THREADS);
    List<ParticipationResult> honest = round(devices);
    allContributed(honest);
    assertThat(twiceRun.get(60, TimeUnit.SECONDS)).isBetween(1, 2);
    awaitVersion(1);
    long round = honest.get(0).round();
    // The cohort holds the five devices once each, and the ledger names each once.
    assertThat(server.rounds().store().round(round).orElseThrow().cohort()).isEqualTo(5);
    assertThat(server.rounds().store().round(round).orElseThrow().survivors()).isEqualTo(5);
    assertThat(trainingSpends()).hasSize(1);
    double z1 = settings().releases().popularity().noiseMultiplier();
    double independent = independentEpsilon(DELTA, z1);
    double stated = server.ledger().spent(Purpose.TRAINING).epsilon();
    assertThat(stated).isBetween(independent, independent * 1.01);
    DeviceEpsilons.Account account =
        new DeviceEpsilons(
                new SqlLedgerStore(server.storage(), server.config().budgets()),
                server.config().deviceBudget())
            .of(twice.id);
    assertThat(account.releases()).hasSize(1);
    assertThat(account.guarantee().epsilon()).isEqualTo(stated);
    for (TacitClient c : devices) {
      assertThat(serverRecordOf(c, 1)).isEqualTo(stated);
    }
  }
}
