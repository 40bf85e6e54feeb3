package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.client.server.ServerException;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.round.RoundRules;
import dev.tacit.federated.round.RoundTransport;
import dev.tacit.privacy.budget.Purpose;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.RoundStatus;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices that attack the rounds of a real server over HTTP, each test written to fail on the code
 * before its fix (issue 13): a lone device that loops check-ins to burn the training budget, a
 * device that scales its update to poison the model, and a device that withdraws its training
 * consent mid-round. Run once per database.
 */
abstract class RoundAttackContract {
  static final String POLICY = "2026-01";
  static final int ITEMS = 12;
  static final int FACTORS = 4;

  @TempDir Path dir;
  TacitServer server;
  Secret admin;

  /** The JDBC URL to test against (may skip the test with an assumption). */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    dropDatabase();
  }

  TacitServer start(PrivacySettings privacy, RoundRules rules) {
    admin = Tokens.newToken(new SecureRandom());
    server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir)
                    .databaseUrl(databaseUrl(dir))
                    .adminToken(admin)
                    .policyVersion(POLICY)
                    .build())
            .withTraining(
                new TrainingSettings(
                    FederatedConfig.defaults().withFactors(FACTORS), privacy, rules, 10))
            .start();
    List<CatalogueItem> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add(new CatalogueItem("i" + i, List.of(), 1));
    }
    server.rounds().publishCatalogue(items);
    return server;
  }

  List<RoundDevice> devices(int n) {
    List<RoundDevice> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(RoundDevice.trainer(server.baseUri(), POLICY));
    }
    return out;
  }

  /** Every device checks in at once; returns the plan they were all assigned. */
  static RoundPlan recruit(List<RoundDevice> devices) throws Exception {
    List<CompletableFuture<CheckInResponse>> answers = new ArrayList<>();
    for (RoundDevice d : devices) {
      answers.add(CompletableFuture.supplyAsync(d::checkIn));
    }
    RoundPlan plan = null;
    for (CompletableFuture<CheckInResponse> f : answers) {
      plan = RoundDevice.plan(f.get(30, TimeUnit.SECONDS));
    }
    return plan;
  }

  /**
   * Runs the round on every device, each in its own thread, with the input and transport the test
   * gives it; returns what each device's run threw (null for none), once all are done.
   */
  static List<Throwable> runAll(
      List<RoundDevice> devices,
      RoundPlan plan,
      Function<Integer, long[]> input,
      Function<Integer, RoundTransport> transport)
      throws Exception {
    List<CompletableFuture<Throwable>> runs = new ArrayList<>();
    for (int i = 0; i < devices.size(); i++) {
      int k = i;
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  devices.get(k).run(plan, input.apply(k), transport.apply(k));
                  return null;
                } catch (RuntimeException e) {
                  return e;
                }
              }));
    }
    List<Throwable> out = new ArrayList<>();
    for (CompletableFuture<Throwable> f : runs) {
      out.add(f.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  /** Waits until {@code round} is over (completed, aborted or rejected) and returns its status. */
  RoundStatus awaitOver(long round) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      RoundStatus s = server.rounds().status(round).orElse(null);
      if (s != null && Set.of("completed", "aborted", "rejected").contains(s.status())) {
        return s;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("round " + round + " did not end");
  }

  long trainingSpends() {
    return server.ledger().spends().stream().filter(s -> s.purpose() == Purpose.TRAINING).count();
  }

  // ------------------------------------------------------------------ finding 1

  @Test
  void aLoneDeviceLoopingCheckIns_opensNoRound_andSpendsNoBudget() throws Exception {
    // The attack of issue 13: --min-cohort 3, a short recruiting window, one device with training
    // consent checking in again and again with wait=0. Each round used to be charged when it
    // opened and to keep its charge when it aborted for lack of devices.
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.8),
        new RoundRules(0.5, 3, 100, Duration.ofMillis(100), Duration.ofSeconds(5)));
    RoundDevice lone = devices(1).get(0);
    Http http = new Http(server.baseUri());
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
    int answered = 0;
    while (System.nanoTime() < end) {
      var r =
          http.send(
              "POST",
              "/v1/devices/" + lone.id + "/check-in?wait=0",
              lone.token,
              "{\"deviceId\":\"" + lone.id + "\",\"modelVersion\":-1}");
      answered += r.statusCode() == 200 ? 1 : 0;
      Thread.sleep(25);
    }
    assertThat(answered).isGreaterThanOrEqualTo(5);
    assertThat(server.ledger().spent(Purpose.TRAINING).epsilon()).isZero();
    assertThat(trainingSpends()).isZero();
    assertThat(server.models().latestVersion()).contains(0L);
  }

  // ------------------------------------------------------------------ finding 2

  @Test
  void aDeviceThatScalesItsUpdate_getsNoModelPublished() throws Exception {
    // The attack of issue 13: one device multiplies its encoded update by 1000 (mod 2^32) before
    // masking; inside SecAgg+ the server cannot see it, so only the unmasked sum can be checked.
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.5),
        new RoundRules(1.0, 3, 4, Duration.ofSeconds(30), Duration.ofSeconds(30)));
    List<RoundDevice> devices = devices(4);
    RoundPlan plan = recruit(devices);
    List<Throwable> errors =
        runAll(
            devices,
            plan,
            i ->
                i == 0
                    ? RoundDevice.scaled(RoundDevice.honest(plan, i), 1000, plan)
                    : RoundDevice.honest(plan, i),
            i -> devices.get(i).transport(plan.round()));
    assertThat(errors).containsOnlyNulls();
    RoundStatus status = awaitOver(plan.round());
    assertThat(status.status()).as(status.note()).isEqualTo("rejected");
    assertThat(status.resultVersion()).isNull();
    assertThat(status.note()).contains("exceeds the bound");
    assertThat(server.models().latestVersion()).contains(0L);
    // The server could compute the sum: the release is charged all the same.
    assertThat(trainingSpends()).isEqualTo(1);
    assertThat(server.storage().audit().verify().valid()).isTrue();
    assertThat(
            new Http(server.baseUri())
                .send("GET", "/metrics", admin.reveal(), null, "Accept", "text/plain")
                .body())
        .containsPattern("tacit_rounds_rejected_total(\\{[^}]*\\})? 1\\.0");
  }

  // ------------------------------------------------------------------ finding 9

  /** A transport that runs a hook after the masked input is sent, or waits before sending it. */
  static RoundTransport around(
      RoundTransport t, Runnable afterMasked, CountDownLatch beforeMasked) {
    return new RoundTransport() {
      @Override
      public void advertise(KeyAdvert keys) {
        t.advertise(keys);
      }

      @Override
      public NeighbourKeyList neighbours() {
        return t.neighbours();
      }

      @Override
      public void shares(ShareBundle shares) {
        t.shares(shares);
      }

      @Override
      public ShareBundle routedShares() {
        return t.routedShares();
      }

      @Override
      public void maskedInput(byte[] frame) {
        try {
          if (!beforeMasked.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the latch was never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        t.maskedInput(frame);
        afterMasked.run();
      }

      @Override
      public UnmaskQuery unmaskQuery() {
        return t.unmaskQuery();
      }

      @Override
      public void unmask(UnmaskAnswer answer) {
        t.unmask(answer);
      }
    };
  }

  @Test
  void aDeviceThatWithdrawsTrainingAfterItsMaskedInput_isNotCounted_andIsRefused()
      throws Exception {
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.5),
        new RoundRules(1.0, 3, 4, Duration.ofSeconds(30), Duration.ofSeconds(30)));
    List<RoundDevice> devices = devices(4);
    RoundPlan plan = recruit(devices);
    RoundDevice quitter = devices.get(0);
    CountDownLatch withdrawn = new CountDownLatch(1);
    CountDownLatch open = new CountDownLatch(0);
    List<Throwable> errors =
        runAll(
            devices,
            plan,
            i -> RoundDevice.honest(plan, i),
            i ->
                i == 0
                    ? around(
                        quitter.transport(plan.round()),
                        () -> {
                          quitter.consent(dev.tacit.protocol.Purpose.TRAINING, false);
                          withdrawn.countDown();
                        },
                        open)
                    : around(devices.get(i).transport(plan.round()), () -> {}, withdrawn));
    assertThat(errors.subList(1, 4)).containsOnlyNulls();
    assertThat(errors.get(0))
        .isInstanceOf(ServerException.class)
        .satisfies(e -> assertThat(((ServerException) e).code()).isEqualTo("consent_required"));
    RoundStatus status = awaitOver(plan.round());
    assertThat(status.status()).as(status.note()).isEqualTo("completed");
    assertThat(status.survivors()).as("the withdrawn device's input is not counted").isEqualTo(3);
  }
}
