package dev.tacit.federated.server.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.federated.round.DeviceRound;
import dev.tacit.federated.round.RoundException;
import dev.tacit.federated.round.RoundTransport;
import dev.tacit.federated.round.SecAggWire;
import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.federated.server.ReleaseGate;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.SecAggSession;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class RoundSessionTest {
  private static final int ITEMS = 20;
  private static final int K = 3;

  private static FederatedServer server(PrivacySettings privacy, double budget) {
    FederatedConfig cfg = FederatedConfig.defaults().withFactors(K).withModulusBits(64).withSeed(3);
    return FederatedServer.create(
        cfg, privacy, CohortSampler.poisson(1.0), ITEMS, 10, budget, 1e-5);
  }

  private static int[][] data(int n) {
    Random r = new Random(7);
    int[][] items = new int[n][];
    for (int u = 0; u < n; u++) {
      items[u] = r.ints(0, ITEMS).distinct().limit(2 + r.nextInt(5)).sorted().toArray();
    }
    return items;
  }

  /**
   * A transport straight onto the session, waiting like a long poll; may drop at a phase. Counts
   * the messages the session accepted in each phase in {@code sent}.
   */
  private static final class Direct implements RoundTransport {
    private final RoundSession s;
    private final String device;
    private final SessionStatus dropAt;
    private final AtomicIntegerArray sent;

    Direct(RoundSession s, String device, SessionStatus dropAt, AtomicIntegerArray sent) {
      this.s = s;
      this.device = device;
      this.dropAt = dropAt;
      this.sent = sent;
    }

    private void accepted(SessionStatus phase) {
      sent.incrementAndGet(phase.ordinal());
    }

    private void maybeDrop(SessionStatus phase) {
      if (phase == dropAt) {
        throw new IllegalStateException("device " + device + " dropped at " + phase);
      }
    }

    private void await(SessionStatus phase) {
      try {
        s.awaitPast(phase, 10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void advertise(KeyAdvert keys) {
      maybeDrop(SessionStatus.ADVERTISING);
      s.advertise(device, keys);
      accepted(SessionStatus.ADVERTISING);
    }

    @Override
    public NeighbourKeyList neighbours() {
      await(SessionStatus.ADVERTISING);
      return s.neighbours(device);
    }

    @Override
    public void shares(ShareBundle shares) {
      maybeDrop(SessionStatus.SHARING);
      s.shares(device, shares);
      accepted(SessionStatus.SHARING);
    }

    @Override
    public ShareBundle routedShares() {
      await(SessionStatus.SHARING);
      return s.routedShares(device);
    }

    @Override
    public void maskedInput(byte[] frame) {
      maybeDrop(SessionStatus.MASKING);
      s.maskedInput(device, frame);
      accepted(SessionStatus.MASKING);
    }

    @Override
    public UnmaskQuery unmaskQuery() {
      await(SessionStatus.MASKING);
      return s.unmaskQuery(device);
    }

    @Override
    public void unmask(UnmaskAnswer answer) {
      maybeDrop(SessionStatus.UNMASKING);
      s.unmask(device, answer);
      accepted(SessionStatus.UNMASKING);
    }
  }

  /** Waits, in real time, for the device threads to do something; fails after {@code seconds}. */
  private static void awaitProgress(BooleanSupplier done, int seconds, String what)
      throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(1);
    }
  }

  @Test
  @Tag("slow") // 64 devices' key agreements
  void aRoundWithDropoutsAtEveryPhase_releasesExactlyTheSumOfTheCountedDevices() throws Exception {
    int n = 64; // k = 13, t = 9: any neighbourhood survives the four dropouts
    int[][] items = data(n);
    PrivacySettings noNoise =
        new PrivacySettings(1e6, 0, PrivacySettings.NoiseAt.DEVICES, 0.5); // half may drop
    FederatedServer fed = server(noNoise, Double.POSITIVE_INFINITY);
    FederatedServer twin = server(noNoise, Double.POSITIVE_INFINITY);
    List<SessionStatus> seen = new ArrayList<>();
    AtomicLong now = new AtomicLong();
    Duration phaseTimeout = Duration.ofMillis(4000);
    RoundSession s =
        RoundSession.open(
            1,
            fed,
            new RoundRules(1.0, 3, 100, Duration.ofSeconds(5), phaseTimeout),
            new SecureRandom(),
            RandomSource.seeded(1),
            now::get,
            () -> n,
            x -> seen.add(x.status()),
            ReleaseGate.none(),
            ConsentCheck.none());
    for (int d = 0; d < n; d++) {
      assertThat(s.checkIn("d" + d)).isEqualTo(CheckInDecision.SELECTED);
    }
    assertThat(s.status()).isEqualTo(SessionStatus.ADVERTISING);
    assertThat(s.checkIn("late")).isEqualTo(CheckInDecision.CLOSED);
    RoundPlan plan = s.plan();
    // d0 drops before advertising, d1 before sharing, d2 before masking, d3 while unmasking.
    SessionStatus[] dropAt = new SessionStatus[n];
    dropAt[0] = SessionStatus.ADVERTISING;
    dropAt[1] = SessionStatus.SHARING;
    dropAt[2] = SessionStatus.MASKING;
    dropAt[3] = SessionStatus.UNMASKING;
    Map<Integer, long[]> inputs = new ConcurrentHashMap<>();
    AtomicIntegerArray sent = new AtomicIntegerArray(SessionStatus.values().length);
    List<Thread> threads = new ArrayList<>();
    for (int d = 0; d < n; d++) {
      String device = "d" + d;
      SecAggSession session = s.session(device);
      long[] input =
          DeviceStep.contribute(fed.model(), items[d], plan, RandomSource.seeded(100 + d))
              .encodedShared();
      inputs.put(d, input);
      SessionStatus drop = dropAt[d];
      Thread t =
          new Thread(
              () -> {
                try {
                  DeviceRound.run(
                      plan, session, input, new Direct(s, device, drop, sent), new SecureRandom());
                } catch (RuntimeException e) {
                  // a dropout
                }
              });
      t.start();
      threads.add(t);
    }
    // Each phase loses one more device: once the others have sent, its deadline passes on the
    // session's ticker, and the silent device is a dropout.
    for (int p = 0; p < 4; p++) {
      SessionStatus phase = dropAt[p];
      int live = n - 1 - p;
      awaitProgress(() -> sent.get(phase.ordinal()) >= live, 60, live + " messages of " + phase);
      assertThat(s.status()).isEqualTo(phase);
      now.addAndGet(phaseTimeout.toNanos() - 1);
      s.tick();
      assertThat(s.status()).as("before the deadline").isEqualTo(phase);
      now.addAndGet(1);
      s.tick();
    }
    for (Thread t : threads) {
      t.join(10_000);
    }
    assertThat(s.status()).as(s.note()).isEqualTo(SessionStatus.COMPLETED);
    assertThat(seen)
        .containsSubsequence(
            SessionStatus.RECRUITING,
            SessionStatus.ADVERTISING,
            SessionStatus.SHARING,
            SessionStatus.MASKING,
            SessionStatus.UNMASKING,
            SessionStatus.COMPLETED);
    // d3 sent its masked input before dropping: it is counted; d0, d1, d2 are not.
    assertThat(s.survivors()).isEqualTo(n - 3);
    long[] plain = new long[plan.dimension()];
    for (int d = 3; d < n; d++) {
      long[] in = inputs.get(d);
      for (int i = 0; i < plain.length; i++) {
        plain[i] = (plain[i] + in[i]) & plan.mask();
      }
    }
    RoundPlan twinPlan = twin.planRound(n);
    assertThat(twinPlan).isEqualTo(plan);
    ModelSnapshot expected = twin.finishRound(twinPlan, plain, n - 3, RandomSource.seeded(1));
    assertThat(s.result().itemFactors()).isEqualTo(expected.itemFactors());
    assertThat(s.result().version()).isEqualTo(1);
  }

  private static RoundSession openAndRecruit(FederatedServer fed, int n) {
    RoundSession s =
        RoundSession.open(
            1,
            fed,
            new RoundRules(1.0, 3, 100, Duration.ofSeconds(5), Duration.ofSeconds(5)),
            new SecureRandom(),
            RandomSource.seeded(1),
            () -> 0L, // nothing here waits for a deadline
            () -> n,
            x -> {},
            ReleaseGate.none(),
            ConsentCheck.none());
    for (int d = 0; d < n; d++) {
      s.checkIn("d" + d);
    }
    return s;
  }

  @Test
  void replaysWrongPhasesAndStrangersAreRefused_andLeaveTheRoundAsItWas() {
    FederatedServer fed = server(PrivacySettings.none(1e6), Double.POSITIVE_INFINITY);
    RoundSession s = openAndRecruit(fed, 4);
    SecAggSession session = s.session("d0");
    var client =
        dev.tacit.secagg.client.SecAggClient.create(
            SecAggWire.config(session), session.clientId(), new SecureRandom());
    KeyAdvert keys = SecAggWire.advert(client.advertiseKeys());
    s.advertise("d0", keys);
    assertThatThrownBy(() -> s.advertise("d0", keys))
        .isInstanceOf(RoundException.class)
        .hasMessageContaining("replay")
        .extracting(e -> ((RoundException) e).kind())
        .isEqualTo(RoundException.Kind.REPLAY);
    assertThatThrownBy(() -> s.advertise("stranger", keys))
        .extracting(e -> ((RoundException) e).kind())
        .isEqualTo(RoundException.Kind.NOT_MEMBER);
    assertThatThrownBy(() -> s.shares("d0", new ShareBundle(List.of())))
        .extracting(e -> ((RoundException) e).kind())
        .isEqualTo(RoundException.Kind.WRONG_PHASE);
    assertThatThrownBy(() -> s.neighbours("d0"))
        .extracting(e -> ((RoundException) e).kind())
        .isEqualTo(RoundException.Kind.NOT_READY);
    SecAggSession other = s.session("d1");
    KeyAdvert wrongId =
        new KeyAdvert(other.clientId() == 1 ? 2 : 1, keys.encryptionKey(), keys.maskKey(), null);
    assertThatThrownBy(() -> s.advertise("d1", wrongId))
        .extracting(e -> ((RoundException) e).kind())
        .isEqualTo(RoundException.Kind.INVALID);
    assertThat(s.status()).isEqualTo(SessionStatus.ADVERTISING);
  }

  @Test
  void tooFewRecruits_abortsWithoutPlanning_andTheNextRoundCanStart() {
    FederatedServer fed = server(PrivacySettings.none(1e6), Double.POSITIVE_INFINITY);
    AtomicLong now = new AtomicLong(-5); // a ticker's readings may be negative
    RoundSession s =
        RoundSession.open(
            1,
            fed,
            new RoundRules(1.0, 5, 100, Duration.ofMillis(1), Duration.ofSeconds(5)),
            new SecureRandom(),
            RandomSource.seeded(1),
            now::get,
            () -> 100,
            x -> {},
            ReleaseGate.none(),
            ConsentCheck.none());
    s.checkIn("a");
    s.checkIn("b");
    now.addAndGet(Duration.ofMillis(1).toNanos() - 1);
    s.tick();
    assertThat(s.status()).as("the window is still open").isEqualTo(SessionStatus.RECRUITING);
    now.addAndGet(1);
    s.tick();
    assertThat(s.status()).isEqualTo(SessionStatus.ABORTED);
    assertThat(s.note()).contains("only 2 devices");
    assertThatThrownBy(() -> s.session("a"))
        .extracting(e -> ((RoundException) e).kind())
        .isEqualTo(RoundException.Kind.ABORTED);
    RoundSession next = openAndRecruit(fed, 4);
    assertThat(next.status()).isEqualTo(SessionStatus.ADVERTISING);
  }

  @Test
  void aRoundThatWouldExceedTheBudget_doesNotStart() {
    FederatedServer fed = server(PrivacySettings.distributed(1.0, 0.5, 0.8), 0.01);
    assertThatThrownBy(() -> openAndRecruit(fed, 4)).isInstanceOf(BudgetExceededException.class);
  }

  @Test
  void aDeviceRefusesASessionWeakerThanTheDefaults() {
    FederatedServer fed = server(PrivacySettings.none(1e6), Double.POSITIVE_INFINITY);
    RoundSession s = openAndRecruit(fed, 20);
    SecAggSession real = s.session("d0");
    SecAggSession weak =
        new SecAggSession(
            real.sessionId(),
            real.round(),
            real.clientId(),
            real.numClients(),
            real.neighbourhoodSize(),
            2,
            real.modulusBits(),
            real.vectorLength());
    assertThatThrownBy(() -> DeviceRound.checkSession(s.plan(), weak))
        .isInstanceOf(RoundException.class)
        .hasMessageContaining("threshold 2");
    DeviceRound.checkSession(s.plan(), real);
  }

  /**
   * A recruited round of 64 devices (the complete graph: k = 64, t = 43) whose phases may close
   * early at a quorum of half with an idle gap of 100 ms, on the clock {@code now}.
   */
  private static RoundSession quorumRound(AtomicLong now) {
    FederatedServer fed = server(PrivacySettings.none(1e6), Double.POSITIVE_INFINITY);
    int n = 64;
    RoundSession s =
        RoundSession.open(
            1,
            fed,
            new RoundRules(1.0, 3, 100, Duration.ofSeconds(5), Duration.ofSeconds(60))
                .withQuorum(0.5, Duration.ofMillis(100)),
            new SecureRandom(),
            RandomSource.seeded(1),
            now::get,
            () -> n,
            x -> {},
            ReleaseGate.none(),
            ConsentCheck.none());
    for (int d = 0; d < n; d++) {
      s.checkIn("d" + d);
    }
    assertThat(s.status()).isEqualTo(SessionStatus.ADVERTISING);
    return s;
  }

  /** Devices {@code from} (inclusive) to {@code to} (exclusive) advertise their keys. */
  private static void advertise(RoundSession s, int from, int to) {
    for (int d = from; d < to; d++) {
      SecAggSession session = s.session("d" + d);
      var client =
          dev.tacit.secagg.client.SecAggClient.create(
              SecAggWire.config(session), session.clientId(), new SecureRandom());
      s.advertise("d" + d, SecAggWire.advert(client.advertiseKeys()));
    }
  }

  @Test
  void aQuorateQuietPhase_closesEarly_onlyWhenEveryNeighbourhoodKeepsItsThresholdAndOneSpare() {
    AtomicLong now = new AtomicLong();
    RoundSession s = quorumRound(now);
    advertise(s, 0, 40);
    now.addAndGet(Duration.ofSeconds(3).toNanos()); // quorate (40 >= 32) and quiet, but 40 < t
    s.tick();
    assertThat(s.status()).isEqualTo(SessionStatus.ADVERTISING);
    advertise(s, 40, 43);
    // Exactly t: no spare neighbour for later phases, so the phase waits PATIENCE idle gaps.
    now.addAndGet(Duration.ofMillis(500).toNanos());
    s.tick();
    assertThat(s.status()).isEqualTo(SessionStatus.ADVERTISING);
    advertise(s, 43, 44); // t + 1 (PhaseClock.EARLY_CLOSE_MARGIN)
    now.addAndGet(Duration.ofMillis(50).toNanos()); // not quiet long enough yet
    s.tick();
    assertThat(s.status()).isEqualTo(SessionStatus.ADVERTISING);
    now.addAndGet(Duration.ofMillis(60).toNanos());
    s.tick();
    assertThat(s.status()).isEqualTo(SessionStatus.SHARING);
    assertThat(s.neighbours("d0").neighbours()).hasSize(44);
  }

  @Test
  void aQuorumThatTookLongToArrive_givesStragglersHalfAsLongAgain() {
    AtomicLong now = new AtomicLong();
    RoundSession s = quorumRound(now);
    now.addAndGet(Duration.ofSeconds(10).toNanos()); // a cold start: the first keys come late
    advertise(s, 0, 44);

    now.addAndGet(Duration.ofMillis(4_900).toNanos()); // quiet, quorate, viable, but < 10 s / 2
    s.tick();
    assertThat(s.status()).isEqualTo(SessionStatus.ADVERTISING);
    now.addAndGet(Duration.ofMillis(100).toNanos());
    s.tick();
    assertThat(s.status()).isEqualTo(SessionStatus.SHARING);
  }

  @Test
  void aQuoratePhaseAtExactlyTheThreshold_closesAfterPatienceIdleGaps_notAtItsDeadline() {
    AtomicLong now = new AtomicLong();
    RoundSession s = quorumRound(now);
    advertise(s, 0, 43);

    now.addAndGet(Duration.ofMillis(100L * PhaseClock.PATIENCE - 1).toNanos());
    s.tick();
    assertThat(s.status()).isEqualTo(SessionStatus.ADVERTISING);
    now.addAndGet(Duration.ofMillis(1).toNanos());
    s.tick();
    assertThat(s.status()).isEqualTo(SessionStatus.SHARING);
    assertThat(s.neighbours("d0").neighbours()).hasSize(43);
  }
}
