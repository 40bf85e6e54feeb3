package dev.tacit.federated.server.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.federated.round.RoundException;
import dev.tacit.federated.round.SecAggWire;
import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.federated.server.Release;
import dev.tacit.federated.server.ReleaseGate;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.SecAggSession;
import dev.tacit.secagg.client.SecAggClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * When a round's sum is released and charged, a device that withdraws its consent mid-round, and a
 * sum that honest devices cannot produce: a round of five devices driven message by message.
 */
class RoundReleaseTest {
  private static final int ITEMS = 20;
  private static final int K = 3;
  private static final int N = 5;

  /** No noise, and a round may lose two of its five devices. */
  private static final PrivacySettings NO_NOISE =
      new PrivacySettings(1e6, 0, PrivacySettings.NoiseAt.DEVICES, 0.6, 0);

  private static FederatedServer server(PrivacySettings privacy) {
    FederatedConfig cfg = FederatedConfig.defaults().withFactors(K).withSeed(3);
    return FederatedServer.create(
        cfg,
        privacy,
        CohortSampler.poisson(1.0),
        ITEMS,
        10,
        privacy.isPrivate() ? 100 : Double.POSITIVE_INFINITY,
        1e-5);
  }

  /** A round of N devices "d0".."d4", driven one message at a time. */
  private static final class Manual {
    final FederatedServer fed;
    final RoundSession s;
    final List<Release> charged = new ArrayList<>();
    final Map<String, SecAggClient> clients = new LinkedHashMap<>();
    final Map<String, SecAggSession> sessions = new LinkedHashMap<>();
    final Map<String, long[]> inputs = new LinkedHashMap<>();

    /** Withdrawals recorded elsewhere (another server process), seen only at masking close. */
    final java.util.Set<String> withdrawnElsewhere = new java.util.HashSet<>();

    Manual(PrivacySettings privacy, boolean refuse) {
      fed = server(privacy);
      s =
          RoundSession.open(
              1,
              fed,
              new RoundRules(1.0, 3, N, Duration.ofSeconds(60), Duration.ofSeconds(60)),
              new SecureRandom(),
              RandomSource.seeded(1),
              () -> 0L, // nothing here waits for a deadline
              () -> N,
              x -> {},
              r -> {
                if (refuse) {
                  throw new BudgetExceededException(9, 8);
                }
                charged.add(r);
              },
              devices -> {
                java.util.Set<String> gone = new java.util.HashSet<>(devices);
                gone.retainAll(withdrawnElsewhere);
                return gone;
              });
      for (int d = 0; d < N; d++) {
        s.checkIn("d" + d);
      }
      Random random = new Random(5);
      for (int d = 0; d < N; d++) {
        String device = "d" + d;
        SecAggSession session = s.session(device);
        sessions.put(device, session);
        clients.put(
            device,
            SecAggClient.create(
                SecAggWire.config(session), session.clientId(), new SecureRandom()));
        int[] items = random.ints(0, ITEMS).distinct().limit(4).sorted().toArray();
        inputs.put(
            device,
            DeviceStep.contribute(fed.model(), items, s.plan(), RandomSource.seeded(d))
                .encodedShared());
      }
    }

    Manual keysAndShares() {
      clients.forEach((d, c) -> s.advertise(d, SecAggWire.advert(c.advertiseKeys())));
      clients.forEach(
          (d, c) ->
              s.shares(
                  d,
                  SecAggWire.shares(
                      c.shareKeys(
                          SecAggWire.neighbours(
                              SecAggWire.config(sessions.get(d)),
                              sessions.get(d).clientId(),
                              s.neighbours(d))))));
      return this;
    }

    void mask(String device) {
      mask(device, inputs.get(device));
    }

    void mask(String device, long[] input) {
      SecAggSession session = sessions.get(device);
      s.maskedInput(
          device,
          SecAggWire.masked(
              clients
                  .get(device)
                  .maskInput(
                      SecAggWire.routed(
                          SecAggWire.config(session), session.clientId(), s.routedShares(device)),
                      input)));
    }

    void unmask(String device) {
      SecAggSession session = sessions.get(device);
      s.unmask(
          device,
          SecAggWire.answer(
              clients
                  .get(device)
                  .unmask(
                      SecAggWire.query(
                          SecAggWire.config(session), session.clientId(), s.unmaskQuery(device)))));
    }

    /** The model the twin server makes from the plain sum of these devices' inputs. */
    ModelSnapshot expected(PrivacySettings privacy, List<String> counted) {
      FederatedServer twin = server(privacy);
      RoundPlan plan = twin.planRound(N);
      long[] plain = new long[plan.dimension()];
      for (String d : counted) {
        long[] in = inputs.get(d);
        for (int i = 0; i < plain.length; i++) {
          plain[i] = (plain[i] + in[i]) & plan.mask();
        }
      }
      return twin.finishRound(plan, plain, counted.size(), RandomSource.seeded(1));
    }
  }

  private static RoundException.Kind kind(Throwable e) {
    return ((RoundException) e).kind();
  }

  // ------------------------------------------------------------------ when it is charged

  @Test
  void theReleaseIsCharged_onceTheMaskingPhaseCloses_notBefore() {
    PrivacySettings privacy = PrivacySettings.distributed(1.0, 1.0, 0.6);
    Manual m = new Manual(privacy, false).keysAndShares();
    for (String d : List.of("d0", "d1", "d2", "d3")) {
      m.mask(d);
    }
    assertThat(m.charged).isEmpty();
    assertThat(m.fed.spent().epsilon()).isZero();
    m.mask("d4");

    assertThat(m.s.status()).isEqualTo(SessionStatus.UNMASKING);
    assertThat(m.s.released()).isTrue();
    assertThat(m.charged)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.round()).isEqualTo(1);
              assertThat(r.contributors()).isEqualTo(N);
              assertThat(r.event()).isEqualTo(m.fed.nextRoundEvent());
              assertThat(r.devices()).containsExactlyInAnyOrder("d0", "d1", "d2", "d3", "d4");
            });
    assertThat(m.fed.spent().epsilon()).isPositive();
  }

  @Test
  void theRelease_namesExactlyTheCountedDevices_notOneThatWithdrewBeforeItClosed() {
    // Each device's own ε against the server is composed from the releases that name it.
    Manual m = new Manual(PrivacySettings.distributed(1.0, 1.0, 0.6), false).keysAndShares();
    m.mask("d2");
    m.s.withdraw("d2");
    for (String d : List.of("d0", "d1", "d3", "d4")) {
      m.mask(d);
    }

    assertThat(m.s.status()).as(m.s.note()).isEqualTo(SessionStatus.UNMASKING);
    assertThat(m.charged)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.contributors()).isEqualTo(4);
              assertThat(r.devices()).containsExactlyInAnyOrder("d0", "d1", "d3", "d4");
            });
  }

  @Test
  void aRoundAbortedBeforeItsRelease_chargesNothing_oneAbortedAfter_keepsItsCharge() {
    PrivacySettings privacy = PrivacySettings.distributed(1.0, 1.0, 0.6);
    Manual early = new Manual(privacy, false).keysAndShares();
    early.mask("d0");
    early.s.abort("the server stopped");
    assertThat(early.charged).isEmpty();
    assertThat(early.fed.spent().epsilon()).isZero();
    assertThat(early.s.abortedIn()).isEqualTo(SessionStatus.MASKING);

    Manual late = new Manual(privacy, false).keysAndShares();
    late.clients.keySet().forEach(late::mask);
    late.s.abort("the server stopped");
    assertThat(late.charged).hasSize(1);
    assertThat(late.fed.spent().epsilon()).isPositive();
    assertThat(late.s.released()).isTrue();
  }

  @Test
  void tooFewMaskedInputsForTheNoise_abortsAtMaskingClose_withNothingCharged() {
    PrivacySettings privacy = PrivacySettings.distributed(1.0, 1.0, 0.8); // 4 of 5 needed
    Manual m = new Manual(privacy, false).keysAndShares();
    m.mask("d0");
    m.mask("d1");
    m.mask("d2");
    m.s.withdraw("d3");
    m.s.withdraw("d4");

    assertThat(m.s.status()).isEqualTo(SessionStatus.ABORTED);
    assertThat(m.s.note()).contains("only 3 masked inputs arrived, fewer than the 4");
    assertThat(m.charged).isEmpty();
    assertThat(m.fed.spent().epsilon()).isZero();
  }

  @Test
  void aRefusedCharge_abortsTheRoundBeforeAnyUnmaskRequestIsSent() {
    PrivacySettings privacy = PrivacySettings.distributed(1.0, 1.0, 0.6);
    Manual m = new Manual(privacy, true).keysAndShares();
    m.clients.keySet().forEach(m::mask);

    assertThat(m.s.status()).isEqualTo(SessionStatus.ABORTED);
    assertThat(m.s.note()).contains("was not charged").contains("no unmask request was sent");
    assertThat(m.s.released()).isFalse();
    assertThat(m.fed.spent().epsilon()).isZero();
    assertThatThrownBy(() -> m.s.unmaskQuery("d0"))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(RoundException.Kind.ABORTED));
  }

  // ------------------------------------------------------------------ rejected sums

  @Test
  void aSumLargerThanHonestDevicesCanProduce_isRejected_withItsReleaseCharged() {
    PrivacySettings privacy = PrivacySettings.distributed(1.0, 1.0, 0.6);
    Manual m = new Manual(privacy, false).keysAndShares();
    RoundPlan plan = m.s.plan();
    long[] poisoned = m.inputs.get("d0").clone();
    for (int i = 0; i < poisoned.length; i++) {
      poisoned[i] = (poisoned[i] * 1000) & plan.mask();
    }
    m.mask("d0", poisoned);
    for (String d : List.of("d1", "d2", "d3", "d4")) {
      m.mask(d);
    }
    m.clients.keySet().forEach(m::unmask);

    assertThat(m.s.status()).isEqualTo(SessionStatus.REJECTED);
    assertThat(m.s.status().isOver()).isTrue();
    assertThat(m.s.note()).contains("exceeds the bound");
    assertThat(m.s.result()).isNull();
    assertThat(m.fed.model().version()).isZero();
    assertThat(m.charged).hasSize(1);
    assertThat(m.fed.spent().epsilon()).isPositive();
  }

  // ------------------------------------------------------------------ consent withdrawn

  @Test
  void aDeviceThatWithdrawsAfterItsMaskedInput_isTakenOutOfTheSum_andRefused() {
    PrivacySettings privacy = NO_NOISE;
    Manual m = new Manual(privacy, false).keysAndShares();
    m.mask("d2");
    m.s.withdraw("d2");
    assertThatThrownBy(() -> m.s.unmaskQuery("d2"))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(RoundException.Kind.WITHDRAWN));
    for (String d : List.of("d0", "d1", "d3", "d4")) {
      m.mask(d);
    }
    assertThat(m.s.status()).isEqualTo(SessionStatus.UNMASKING);
    for (String d : List.of("d0", "d1", "d3", "d4")) {
      m.unmask(d);
    }

    assertThat(m.s.status()).as(m.s.note()).isEqualTo(SessionStatus.COMPLETED);
    assertThat(m.s.survivors()).isEqualTo(4);
    assertThat(m.s.result().itemFactors())
        .isEqualTo(m.expected(privacy, List.of("d0", "d1", "d3", "d4")).itemFactors());
  }

  @Test
  void aWithdrawalRecordedElsewhere_isFoundWhenMaskingCloses_andTheInputIsLeftOut() {
    PrivacySettings privacy = NO_NOISE;
    Manual m = new Manual(privacy, false).keysAndShares();
    m.mask("d0");
    m.withdrawnElsewhere.add("d0"); // recorded by another server process: no withdraw() here
    for (String d : List.of("d1", "d2", "d3", "d4")) {
      m.mask(d);
    }
    assertThat(m.s.status()).isEqualTo(SessionStatus.UNMASKING);
    assertThatThrownBy(() -> m.s.unmaskQuery("d0"))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(RoundException.Kind.WITHDRAWN));
    for (String d : List.of("d1", "d2", "d3", "d4")) {
      m.unmask(d);
    }

    assertThat(m.s.status()).as(m.s.note()).isEqualTo(SessionStatus.COMPLETED);
    assertThat(m.s.survivors()).isEqualTo(4);
    assertThat(m.s.released()).isTrue();
    assertThat(m.s.result().itemFactors())
        .isEqualTo(m.expected(privacy, List.of("d1", "d2", "d3", "d4")).itemFactors());
  }

  @Test
  void aDeviceThatWithdrawsBeforeAnyMessage_isRefusedAtEveryStep_andIsADropout() {
    PrivacySettings privacy = NO_NOISE;
    Manual m = new Manual(privacy, false);
    m.s.withdraw("d1");
    SecAggClient c = m.clients.get("d1");

    assertThatThrownBy(() -> m.s.advertise("d1", SecAggWire.advert(c.advertiseKeys())))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(RoundException.Kind.WITHDRAWN));
    assertThatThrownBy(() -> m.s.session("d1"))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(RoundException.Kind.WITHDRAWN));
    assertThat(m.s.checkIn("d1")).isEqualTo(CheckInDecision.CLOSED);
    // The others' phase closes without waiting for it.
    for (String d : List.of("d0", "d2", "d3", "d4")) {
      SecAggClient other = m.clients.get(d);
      m.s.advertise(d, SecAggWire.advert(other.advertiseKeys()));
    }
    assertThat(m.s.status()).isEqualTo(SessionStatus.SHARING);
    assertThatThrownBy(() -> m.s.neighbours("d1"))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(RoundException.Kind.WITHDRAWN));
  }

  @Test
  void aDeviceThatWithdrawsAfterTheMaskingPhaseClosed_staysCounted_butIsRefused() {
    PrivacySettings privacy = NO_NOISE;
    Manual m = new Manual(privacy, false).keysAndShares();
    m.clients.keySet().forEach(m::mask);
    assertThat(m.s.status()).isEqualTo(SessionStatus.UNMASKING);
    m.s.withdraw("d4");

    assertThatThrownBy(() -> m.unmask("d4"))
        .satisfies(e -> assertThat(kind(e)).isEqualTo(RoundException.Kind.WITHDRAWN));
    for (String d : List.of("d0", "d1", "d2", "d3")) {
      m.unmask(d);
    }
    // Its input was fixed with the release: its neighbours revealed its self-mask shares.
    assertThat(m.s.status()).as(m.s.note()).isEqualTo(SessionStatus.COMPLETED);
    assertThat(m.s.survivors()).isEqualTo(N);
    assertThat(m.s.result().itemFactors())
        .isEqualTo(m.expected(privacy, List.of("d0", "d1", "d2", "d3", "d4")).itemFactors());
  }

  @Test
  void aDeviceThatWithdrawsWhileRecruiting_leavesTheCohort() {
    FederatedServer fed = server(NO_NOISE);
    RoundSession s =
        RoundSession.open(
            1,
            fed,
            new RoundRules(1.0, 3, 10, Duration.ofSeconds(60), Duration.ofSeconds(60)),
            new SecureRandom(),
            RandomSource.seeded(1),
            () -> 0L, // nothing here waits for a deadline
            () -> 10,
            x -> {},
            ReleaseGate.none(),
            ConsentCheck.none());
    s.checkIn("a");
    s.checkIn("b");
    s.withdraw("a");
    assertThat(s.cohortSize()).isEqualTo(1);
    assertThat(s.checkIn("a")).isEqualTo(CheckInDecision.CLOSED);
  }
}
