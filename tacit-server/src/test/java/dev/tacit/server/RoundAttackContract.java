package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.client.server.ServerException;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.round.RoundTransport;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.privacy.accounting.Conversion;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.Rdp;
import dev.tacit.privacy.accounting.RdpAccountant;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RoundStatus;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.rounds.RoundPacing;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.SqlLedgerStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** One thread per task: devices block on long polls, which a small common pool would starve. */
  static final java.util.concurrent.Executor THREADS =
      r -> {
        Thread t = new Thread(r, "test-device");
        t.setDaemon(true);
        t.start();
      };

  @TempDir Path dir;
  TacitServer server;
  Secret admin;
  String databaseUrl;

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
    return start(privacy, rules, RoundPacing.defaults(), Clock.systemUTC(), 8.0);
  }

  TacitServer start(
      PrivacySettings privacy, RoundRules rules, RoundPacing pacing, Clock clock, double epsilon) {
    return start(privacy, rules, pacing, clock, epsilon, Double.POSITIVE_INFINITY);
  }

  TacitServer start(
      PrivacySettings privacy,
      RoundRules rules,
      RoundPacing pacing,
      Clock clock,
      double epsilon,
      double deviceEpsilon) {
    admin = Tokens.newToken(new SecureRandom());
    Map<Purpose, PrivacyBudget> budgets = new EnumMap<>(ServerConfig.defaultBudgets());
    budgets.put(Purpose.TRAINING, new PrivacyBudget(epsilon, 1e-6));
    server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir)
                    .databaseUrl(databaseUrl = databaseUrl(dir))
                    .adminToken(admin)
                    .policyVersion(POLICY)
                    .clock(clock)
                    .budgets(budgets)
                    .deviceEpsilon(deviceEpsilon)
                    .build())
            .withTraining(
                new TrainingSettings(
                    FederatedConfig.defaults().withFactors(FACTORS), privacy, rules, 10, pacing))
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
      out.add(RoundDevice.trainer(server.baseUri(), POLICY, server.config().clock()));
    }
    return out;
  }

  /** Every device checks in at once; returns the plan they were all assigned. */
  static RoundPlan recruit(List<RoundDevice> devices) throws Exception {
    List<CompletableFuture<CheckInResponse>> answers = new ArrayList<>();
    for (RoundDevice d : devices) {
      answers.add(CompletableFuture.supplyAsync(d::checkIn, THREADS));
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
              },
              THREADS));
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

  /** {@link #runAll} in the background, so that the test can move the clock meanwhile. */
  static CompletableFuture<List<Throwable>> runAllAsync(
      List<RoundDevice> devices,
      RoundPlan plan,
      Function<Integer, long[]> input,
      Function<Integer, RoundTransport> transport) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return runAll(devices, plan, input, transport);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        THREADS);
  }

  /** Waits, in real time, until the devices' threads have sent {@code n} messages counted. */
  static void awaitCount(AtomicInteger sent, int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sent.get() < n) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("only " + sent.get() + " of " + n + " messages were sent");
      }
      Thread.sleep(5);
    }
  }

  /** A transport that counts the masked inputs and the unmask answers the server accepted. */
  static RoundTransport counting(RoundTransport t, AtomicInteger masked, AtomicInteger unmasked) {
    return new Forwarding(t) {
      @Override
      public void maskedInput(byte[] frame) {
        super.maskedInput(frame);
        masked.incrementAndGet();
      }

      @Override
      public void unmask(UnmaskAnswer answer) {
        super.unmask(answer);
        unmasked.incrementAndGet();
      }
    };
  }

  /** A transport that passes every message on to another; a test overrides what it changes. */
  abstract static class Forwarding implements RoundTransport {
    private final RoundTransport t;

    Forwarding(RoundTransport t) {
      this.t = t;
    }

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
      t.maskedInput(frame);
    }

    @Override
    public UnmaskQuery unmaskQuery() {
      return t.unmaskQuery();
    }

    @Override
    public void unmask(UnmaskAnswer answer) {
      t.unmask(answer);
    }
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
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.8),
        new RoundRules(0.5, 3, 100, Duration.ofMillis(100), Duration.ofSeconds(5)),
        RoundPacing.defaults(),
        clock,
        8.0);
    RoundDevice lone = devices(1).get(0);
    Http http = new Http(server.baseUri());
    int answered = 0;
    for (int i = 0; i < 25; i++) { // 2.5 s of the server's clock, every recruiting window passing
      var r =
          http.send(
              "POST",
              "/v1/devices/" + lone.id + "/check-in?wait=0",
              lone.token,
              "{\"deviceId\":\"" + lone.id + "\",\"modelVersion\":-1}");
      answered += r.statusCode() == 200 ? 1 : 0;
      clock.advance(Duration.ofMillis(100));
      server.rounds().tick();
    }
    assertThat(answered).isGreaterThanOrEqualTo(5);
    assertThat(roundsOpened()).as("one device is short of any cohort: no round opens").isZero();
    assertThat(server.ledger().spent(Purpose.TRAINING).epsilon()).isZero();
    assertThat(trainingSpends()).isZero();
    assertThat(server.models().latestVersion()).contains(0L);
  }

  /** One check-in with wait=0 over raw HTTP: the seconds the server asks to wait. */
  long checkInNow(RoundDevice d) {
    var r =
        new Http(server.baseUri())
            .send(
                "POST",
                "/v1/devices/" + d.id + "/check-in?wait=0",
                d.token,
                "{\"deviceId\":\"" + d.id + "\",\"modelVersion\":-1}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    CheckInResponse answer = dev.tacit.protocol.Json.read(r.body(), CheckInResponse.class);
    return answer.retryAfterSeconds() == null ? 0 : answer.retryAfterSeconds();
  }

  int roundsOpened() {
    return server.rounds().store().rounds().size();
  }

  @Test
  void roundsShortOfDevices_chargeNothing_andTheNextOpensAfterABackoffThatDoubles()
      throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.8),
        new RoundRules(1.0, 3, 10, Duration.ofMillis(150), Duration.ofSeconds(5)),
        new RoundPacing(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(40)),
        clock,
        8.0);
    // Four devices hold training consent, so a round may open (4 x q = 4 >= 3); only one comes.
    List<RoundDevice> devices = devices(4);
    RoundDevice lone = devices.get(0);
    long[] expectedWaits = {10, 20, 40, 40};
    for (int i = 0; i < expectedWaits.length; i++) {
      checkInNow(lone);
      assertThat(roundsOpened()).isEqualTo(i + 1);
      clock.advance(Duration.ofMillis(150)); // the recruiting window passes
      server.rounds().tick();
      assertThat(awaitOver(i + 1).status()).isEqualTo("aborted");
      assertThat(checkInNow(lone)).as("wait after shortfall %d", i + 1).isEqualTo(expectedWaits[i]);
      assertThat(roundsOpened()).as("no round opens during the back-off").isEqualTo(i + 1);
      clock.advance(Duration.ofSeconds(expectedWaits[i] - 1));
      assertThat(checkInNow(lone)).isEqualTo(1);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(trainingSpends()).isZero();
    assertThat(server.ledger().spent(Purpose.TRAINING).epsilon()).isZero();
    assertThat(server.rounds().store().rounds())
        .allSatisfy(r -> assertThat(r.ledgerSeq()).isNull());
  }

  @Test
  void roundsOpenAtMostOncePerMinimumInterval() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.5),
        new RoundRules(1.0, 3, 3, Duration.ofSeconds(30), Duration.ofSeconds(30)),
        new RoundPacing(Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO),
        clock,
        8.0);
    List<RoundDevice> devices = devices(3);
    RoundPlan plan = recruit(devices);
    runAll(
        devices,
        plan,
        i -> RoundDevice.honest(plan, i),
        i -> devices.get(i).transport(plan.round()));
    assertThat(awaitOver(1).status()).isEqualTo("completed");
    clock.advance(Duration.ofSeconds(3));
    assertThat(checkInNow(devices.get(0))).isEqualTo(2);
    assertThat(roundsOpened()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    checkInNow(devices.get(0));
    assertThat(roundsOpened()).isEqualTo(2);
  }

  /** A transport that fails (the device goes silent) at the masked input or at the unmasking. */
  static RoundTransport silentFrom(RoundTransport t, boolean atMasked, boolean atUnmask) {
    return new Forwarding(t) {
      @Override
      public void maskedInput(byte[] frame) {
        if (atMasked) {
          throw new IllegalStateException("silent at the masked input");
        }
        super.maskedInput(frame);
      }

      @Override
      public void unmask(UnmaskAnswer answer) {
        if (atUnmask) {
          throw new IllegalStateException("silent at the unmasking");
        }
        super.unmask(answer);
      }
    };
  }

  @Test
  void aRoundAbortedBeforeItsRelease_chargesNothing_oneAbortedAfter_keepsItsCharge()
      throws Exception {
    PrivacySettings privacy = PrivacySettings.distributed(1.0, 1.0, 0.8); // all 4 must count
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    start(
        privacy,
        new RoundRules(1.0, 3, 4, Duration.ofSeconds(30), Duration.ofSeconds(2)),
        RoundPacing.none(),
        clock,
        8.0);
    List<RoundDevice> devices = devices(4);
    // Round 1: one device never sends its masked input; 3 < 4 inputs: nothing is released.
    RoundPlan one = recruit(devices);
    AtomicInteger masked = new AtomicInteger();
    CompletableFuture<List<Throwable>> runOne =
        runAllAsync(
            devices,
            one,
            i -> RoundDevice.honest(one, i),
            i ->
                counting(
                    silentFrom(devices.get(i).transport(one.round()), i == 0, false),
                    masked,
                    new AtomicInteger()));
    awaitCount(masked, 3);
    clock.advance(Duration.ofSeconds(2)); // the masking phase's deadline passes
    server.rounds().tick();
    runOne.get(60, TimeUnit.SECONDS);
    RoundStatus first = awaitOver(one.round());
    assertThat(first.status()).isEqualTo("aborted");
    assertThat(first.note()).contains("only 3 masked inputs arrived");
    assertThat(trainingSpends()).isZero();
    // Round 2: every masked input arrives, then only one device answers the unmasking (the
    // threshold is 3): the server could have computed the sum, so the release stays charged.
    RoundPlan two = recruit(devices);
    AtomicInteger unmasked = new AtomicInteger();
    CompletableFuture<List<Throwable>> runTwo =
        runAllAsync(
            devices,
            two,
            i -> RoundDevice.honest(two, i),
            i ->
                counting(
                    silentFrom(devices.get(i).transport(two.round()), false, i > 0),
                    new AtomicInteger(),
                    unmasked));
    awaitCount(unmasked, 1);
    clock.advance(Duration.ofSeconds(2)); // the unmasking phase's deadline passes
    server.rounds().tick();
    runTwo.get(60, TimeUnit.SECONDS);
    RoundStatus second = awaitOver(two.round());
    assertThat(second.status()).isEqualTo("aborted");
    assertThat(second.note()).contains("unmasking");
    assertThat(trainingSpends()).isEqualTo(1);

    double independent =
        RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED)
            .compose(new PrivacyEvent.SampledGaussian(1.0, 1.0, 1))
            .guarantee(1e-6)
            .epsilon();
    assertThat(server.ledger().spent(Purpose.TRAINING).epsilon()).isEqualTo(independent);
    assertRowsAgreeWithTheLedger();
    assertThat(server.rounds().store().round(1).orElseThrow().ledgerSeq()).isNull();
    assertThat(server.rounds().store().round(2).orElseThrow().ledgerSeq()).isNotNull();
  }

  /** Every charged round names a training spend of the ledger, with the same ε; no other. */
  void assertRowsAgreeWithTheLedger() {
    List<SqlLedgerStore.Row> ledger =
        new SqlLedgerStore(server.storage(), server.config().budgets())
            .rows().stream().filter(r -> r.purpose() == Purpose.TRAINING).toList();
    List<RoundRow> charged =
        server.rounds().store().rounds().stream().filter(r -> r.ledgerSeq() != null).toList();
    assertThat(charged).hasSameSizeAs(ledger);
    // One spend per charged round: no round names another's spend, no spend is left unnamed.
    assertThat(charged)
        .extracting(RoundRow::ledgerSeq)
        .containsExactlyInAnyOrderElementsOf(ledger.stream().map(SqlLedgerStore.Row::seq).toList());
    for (RoundRow r : charged) {
      SqlLedgerStore.Row spend =
          ledger.stream().filter(l -> l.seq() == r.ledgerSeq()).findFirst().orElseThrow();
      assertThat(r.epsilonAfter()).as("round %d", r.round()).isEqualTo(spend.epsilonAfter());
      assertThat(spend.description()).contains("federated round " + r.round());
    }
  }

  @Test
  void aChargeTheLedgerRefusesAtTheRelease_abortsTheRoundBeforeAnyUnmaskRequest() throws Exception {
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.5),
        new RoundRules(1.0, 3, 4, Duration.ofSeconds(30), Duration.ofSeconds(30)),
        RoundPacing.none(),
        Clock.systemUTC(),
        8.0);
    List<RoundDevice> devices = devices(4);
    RoundPlan plan = recruit(devices);
    CountDownLatch threeSent = new CountDownLatch(3);
    CountDownLatch spentElsewhere = new CountDownLatch(1);
    CompletableFuture<List<Throwable>> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return runAll(
                    devices,
                    plan,
                    i -> RoundDevice.honest(plan, i),
                    i ->
                        i == 0
                            ? around(
                                devices.get(i).transport(plan.round()), () -> {}, spentElsewhere)
                            : around(
                                devices.get(i).transport(plan.round()),
                                threeSent::countDown,
                                new CountDownLatch(0)));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            THREADS);
    assertThat(threeSent.await(30, TimeUnit.SECONDS)).isTrue();
    // Meanwhile the budget is spent (by another process sharing the ledger, say).
    PrivacyEvent round = new PrivacyEvent.SampledGaussian(1.0, 1.0, 1);
    while (server.ledger().epsilonIfSpent(Purpose.TRAINING, round) <= 8.0) {
      assertThat(
              server
                  .ledger()
                  .trySpend(Purpose.TRAINING, PrivacyEvent.pureDp(0.2, 1), "another process")
                  .accepted())
          .isTrue();
    }
    long spendsBefore = trainingSpends();
    spentElsewhere.countDown();
    List<Throwable> errors = run.get(60, TimeUnit.SECONDS);
    RoundStatus status = awaitOver(plan.round());
    assertThat(status.status()).isEqualTo("aborted");
    assertThat(status.note()).contains("was not charged", "no unmask request was sent");
    assertThat(trainingSpends()).isEqualTo(spendsBefore);
    assertThat(server.rounds().store().round(1).orElseThrow().ledgerSeq()).isNull();
    assertThat(server.rounds().paused()).isPresent();
    // No device got an unmask request: each was told the round was aborted.
    assertThat(errors)
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(ServerException.class)
                    .satisfies(
                        x -> assertThat(((ServerException) x).code()).isEqualTo("round_aborted")));
  }

  @Test
  void theOperatorRaisingASpentTrainingBudget_letsRoundsOpenAgain_withinTheNewBudget()
      throws Exception {
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.5),
        new RoundRules(1.0, 3, 4, Duration.ofSeconds(30), Duration.ofSeconds(30)),
        RoundPacing.none(),
        Clock.systemUTC(),
        8.0);
    PrivacyEvent round = new PrivacyEvent.SampledGaussian(1.0, 1.0, 1);
    while (server.ledger().epsilonIfSpent(Purpose.TRAINING, round) <= 8.0) {
      assertThat(
              server
                  .ledger()
                  .trySpend(Purpose.TRAINING, PrivacyEvent.pureDp(0.2, 1), "another process")
                  .accepted())
          .isTrue();
    }
    List<RoundDevice> devices = devices(4);
    assertThat(devices.get(0).checkIn().retryAfterSeconds()).isNotNull();
    assertThat(server.rounds().paused()).isPresent();
    double spent = server.ledger().spent(Purpose.TRAINING).epsilon();
    double raised = server.ledger().epsilonIfSpent(Purpose.TRAINING, round) + 0.01;

    HttpResponse<String> r =
        new Http(server.baseUri())
            .send(
                "POST",
                "/v1/admin/operator/budgets/training",
                admin.reveal(),
                "{\"epsilon\":" + raised + ",\"reason\":\"one more round for the release\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(server.rounds().paused()).isEmpty();
    RoundPlan plan = recruit(devices);
    assertThat(plan.round()).isEqualTo(1);
    List<Throwable> errors =
        runAll(
            devices,
            plan,
            i -> RoundDevice.honest(plan, i),
            i -> devices.get(i).transport(plan.round()));
    assertThat(errors).containsOnlyNulls();
    assertThat(awaitOver(plan.round()).status()).isEqualTo("completed");
    assertThat(server.ledger().spent(Purpose.TRAINING).epsilon())
        .isGreaterThan(spent)
        .isLessThanOrEqualTo(raised);
    // The raise fits exactly one round: the next one is refused again.
    assertThat(devices.get(0).checkIn().retryAfterSeconds()).isNotNull();
    assertThat(server.rounds().paused()).isPresent();
  }

  @Test
  void withoutGrant_namesTheDevicesThatWithdrewOrAreGone_forTheCheckAtMaskingClose() {
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.5),
        new RoundRules(1.0, 3, 4, Duration.ofSeconds(30), Duration.ofSeconds(30)));
    List<RoundDevice> devices = devices(4);
    devices.get(1).consent(Purpose.TRAINING, false);
    devices.get(2).consent(Purpose.TRAINING, false);
    devices.get(2).consent(Purpose.TRAINING, true); // granted again
    var deleted =
        new Http(server.baseUri())
            .send("DELETE", "/v1/devices/" + devices.get(3).id, devices.get(3).token, null);
    assertThat(deleted.statusCode()).isEqualTo(200);

    assertThat(
            server
                .storage()
                .withoutGrant(Purpose.TRAINING, devices.stream().map(d -> d.id).toList()))
        .containsExactlyInAnyOrder(devices.get(1).id, devices.get(3).id);
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
    assertThat(server.storage().audit().entries())
        .filteredOn(e -> e.action().equals("round.rejected"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("round=1", "norm=", "bound="));
    assertThat(server.rounds().store().round(1).orElseThrow().ledgerSeq()).isNotNull();
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
    return new Forwarding(t) {
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
        super.maskedInput(frame);
        afterMasked.run();
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
                          quitter.consent(Purpose.TRAINING, false);
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

    // The ledger charges the release to the three devices counted, not to the one that withdrew,
    // and the dashboard's model tells the operator the same count.
    long seq = server.rounds().store().round(plan.round()).orElseThrow().ledgerSeq();
    List<String> charged =
        new SqlLedgerStore(server.storage(), server.config().budgets())
            .spendsByDevice(Purpose.TRAINING).entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(sp -> sp.sequence() == seq))
                .map(Map.Entry::getKey)
                .toList();
    assertThat(charged).hasSize(3).doesNotContain(quitter.id);
    com.fasterxml.jackson.databind.JsonNode releases =
        getJson("/v1/admin/dashboard", admin.reveal()).path("model").path("releases");
    assertThat(releases).hasSize(1);
    assertThat(releases.get(0).path("round").asLong()).isEqualTo(plan.round());
    assertThat(releases.get(0).path("devicesCounted").asInt()).isEqualTo(charged.size());
  }

  // ------------------------------------------------------------------ finding 4

  /**
   * ε of {@code k} Gaussian releases with noise multiplier z at δ, written apart from the
   * accountant: RDP α/(2z²) per release (Mironov 2017, Proposition 7), summed over the releases,
   * and the improved conversion ε = min over α of RDP(α) + ln(1 − 1/α) − (ln δ + ln α)/(α − 1)
   * (Canonne, Kamath &amp; Steinke 2020), minimized over a fine grid of orders.
   */
  static double independentOwnEpsilon(int k, double z, double delta) {
    double best = Double.POSITIVE_INFINITY;
    for (double a = 1.01; a <= 1024; a *= 1.0005) {
      double eps =
          k * a / (2 * z * z) + Math.log(1 - 1 / a) - (Math.log(delta) + Math.log(a)) / (a - 1);
      best = Math.min(best, eps);
    }
    return Math.max(0, best);
  }

  /** Runs one round with exactly these devices, all honest; returns its row once over. */
  RoundRow honestRound(List<RoundDevice> cohort) throws Exception {
    RoundPlan plan = recruit(cohort);
    runAll(
        cohort, plan, i -> RoundDevice.honest(plan, i), i -> cohort.get(i).transport(plan.round()));
    assertThat(awaitOver(plan.round()).status()).isEqualTo("completed");
    return server.rounds().store().round(plan.round()).orElseThrow();
  }

  com.fasterxml.jackson.databind.JsonNode getJson(String path, String token) {
    var r = new Http(server.baseUri()).send("GET", path, token, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void eachDevicesOwnEpsilonAgainstTheServer_composesTheRoundsItWasCountedIn_withoutAmplification()
      throws Exception {
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.5),
        new RoundRules(1.0, 3, 3, Duration.ofSeconds(30), Duration.ofSeconds(30)),
        RoundPacing.none(),
        Clock.systemUTC(),
        8.0,
        Double.POSITIVE_INFINITY);
    List<RoundDevice> d = devices(4);
    RoundRow one = honestRound(List.of(d.get(0), d.get(1), d.get(2)));
    RoundRow two = honestRound(List.of(d.get(1), d.get(2), d.get(3)));

    double onceEpsilon = independentOwnEpsilon(1, 1.0, 1e-6);
    double twiceEpsilon = independentOwnEpsilon(2, 1.0, 1e-6);
    int[] rounds = {1, 2, 2, 1};
    for (int i = 0; i < 4; i++) {
      var own = getJson("/v1/devices/" + d.get(i).id, d.get(i).token).get("epsilonAgainstServer");
      double expected = rounds[i] == 1 ? onceEpsilon : twiceEpsilon;
      // The accountant's orders are coarser than the grid: it may only be slightly higher.
      assertThat(own.get("epsilon").asDouble())
          .as("device %d", i)
          .isBetween(expected, expected * 1.01);
      assertThat(own.get("delta").asDouble()).isEqualTo(1e-6);
      assertThat(own.get("epsilonBudget").isNull()).isTrue();
      List<Long> seqs = new ArrayList<>();
      own.get("releases").forEach(r -> seqs.add(r.get("ledgerSeq").asLong()));
      List<Long> expectedSeqs = new ArrayList<>();
      if (i < 3) {
        expectedSeqs.add(one.ledgerSeq());
      }
      if (i > 0) {
        expectedSeqs.add(two.ledgerSeq());
      }
      assertThat(seqs).as("device %d", i).isEqualTo(expectedSeqs);
      assertThat(own.get("note").asText()).contains("against the server");
    }
    // At q = 1 there is no amplification, so a device counted in every round has the ledger's ε.
    var twice = getJson("/v1/devices/" + d.get(1).id, d.get(1).token).get("epsilonAgainstServer");
    assertThat(twice.get("epsilon").asDouble())
        .isEqualTo(server.ledger().spent(Purpose.TRAINING).epsilon());

    var training = getJson("/v1/privacy/notice", null).get("purposes");
    com.fasterxml.jackson.databind.JsonNode t = null;
    for (var p : training) {
      if (p.get("purpose").asText().equals("training")) {
        t = p;
      }
    }
    assertThat(t).isNotNull();
    assertThat(t.get("epsilonSpentIsAgainst").asText()).contains("published models");
    assertThat(t.get("deviceEpsilonIsAgainst").asText()).contains("the server");
    assertThat(t.get("deviceEpsilonMax").asDouble()).isEqualTo(twice.get("epsilon").asDouble());
    var once = getJson("/v1/devices/" + d.get(0).id, d.get(0).token).get("epsilonAgainstServer");
    assertThat(t.get("deviceEpsilonMedian").asDouble())
        .isCloseTo(
            (once.get("epsilon").asDouble() + twice.get("epsilon").asDouble()) / 2,
            org.assertj.core.api.Assertions.within(1e-12));

    var againstServer =
        getJson("/v1/admin/dashboard", admin.reveal()).get("privacy").get("againstServer");
    assertThat(againstServer.get("devicesCounted").asInt()).isEqualTo(4);
    assertThat(againstServer.get("maxRounds").asInt()).isEqualTo(2);
    assertThat(againstServer.get("maxEpsilon").asDouble())
        .isEqualTo(twice.get("epsilon").asDouble());
  }

  @Test
  void aDevicePastItsOwnBudgetAgainstTheServer_isNotAdmittedToAnotherRound() throws Exception {
    // The per-device budget fits one release at z = 1 and not two.
    double budget = (independentOwnEpsilon(1, 1.0, 1e-6) + independentOwnEpsilon(2, 1.0, 1e-6)) / 2;
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.5),
        new RoundRules(1.0, 3, 3, Duration.ofSeconds(30), Duration.ofSeconds(30)),
        RoundPacing.none(),
        Clock.systemUTC(),
        8.0,
        budget);
    List<RoundDevice> d = devices(4);
    honestRound(List.of(d.get(0), d.get(1), d.get(2)));
    long spends = trainingSpends();

    // A device counted once is refused before any round opens for it.
    assertThat(checkInNow(d.get(0))).isEqualTo(3600);
    assertThat(roundsOpened()).isEqualTo(1);
    // A fresh device opens the next round; the spent ones are still refused while it recruits.
    checkInNow(d.get(3));
    assertThat(roundsOpened()).isEqualTo(2);
    for (int i = 0; i < 3; i++) {
      assertThat(checkInNow(d.get(i))).as("device %d", i).isEqualTo(3600);
    }
    // Every device with training consent has now decided: recruiting does not wait out its 30 s
    // window for the refused ones, and the round, one device short, ends at once.
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!server.rounds().status(2).map(r -> r.status().equals("aborted")).orElse(false)
        && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(server.rounds().status(2).orElseThrow().status()).isEqualTo("aborted");
    assertThat(trainingSpends()).isEqualTo(spends);
    var own = getJson("/v1/devices/" + d.get(0).id, d.get(0).token).get("epsilonAgainstServer");
    assertThat(own.get("epsilon").asDouble()).isLessThanOrEqualTo(budget);
    assertThat(own.get("epsilonBudget").asDouble()).isEqualTo(budget);
    assertThat(own.get("releases")).hasSize(1);
  }

  @Test
  void deletingADevice_deletesTheRecordOfTheRoundsItWasCountedIn() throws Exception {
    start(
        PrivacySettings.distributed(1.0, 1.0, 0.5),
        new RoundRules(1.0, 3, 3, Duration.ofSeconds(30), Duration.ofSeconds(30)),
        RoundPacing.none(),
        Clock.systemUTC(),
        8.0,
        Double.POSITIVE_INFINITY);
    List<RoundDevice> d = devices(3);
    honestRound(d);
    String url = databaseUrl;
    assertThat(countReleases(d.get(0).id)).isEqualTo(1);

    var r =
        new Http(server.baseUri())
            .send("DELETE", "/v1/devices/" + d.get(0).id, d.get(0).token, null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(countReleases(d.get(0).id)).isZero();
    assertThat(countReleases(d.get(1).id)).isEqualTo(1);
    assertThat(DbDump.dump(url)).doesNotContain(d.get(0).id);
  }

  long countReleases(String deviceId) {
    return new SqlLedgerStore(server.storage(), server.config().budgets())
        .spendsOf(deviceId)
        .size();
  }
}
