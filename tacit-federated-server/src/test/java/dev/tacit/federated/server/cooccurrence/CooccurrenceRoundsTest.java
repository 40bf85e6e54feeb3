package dev.tacit.federated.server.cooccurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceDevice;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.Release;
import dev.tacit.federated.server.ReleaseGate;
import dev.tacit.privacy.accounting.Conversion;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.Rdp;
import dev.tacit.privacy.accounting.RdpAccountant;
import dev.tacit.privacy.random.RandomSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CooccurrenceRoundsTest {
  private static final int ITEMS = 8;
  private static final int USERS = 6;
  private static final double DELTA = 1e-5;
  private static final double Z = 0.5;

  private static int[] history(int u) {
    int base = (u % 2) * 4;
    return new int[] {base, base + 1, base + 2 + (u / 2) % 2};
  }

  private static CooccurrenceServer server(double budget) {
    CooccurrenceConfig config = CooccurrenceConfig.defaults();
    return CooccurrenceServer.create(
        config,
        config.releases(Z, PrivacySettings.NoiseAt.DEVICES, 0.5, 0),
        ITEMS,
        USERS,
        budget,
        DELTA);
  }

  private static List<String> devices() {
    List<String> d = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      d.add("d" + u);
    }
    return d;
  }

  private static long[] sum(RoundPlan plan, CooccurrenceFrame.Published on) {
    long[] s = new long[plan.dimension()];
    for (int u = 0; u < USERS; u++) {
      long[] c =
          plan.dimension() == ITEMS
              ? CooccurrenceDevice.contributePopularity(
                      history(u), ITEMS, plan, RandomSource.seeded(u))
                  .encoded()
              : CooccurrenceDevice.contributeCooccurrence(
                      history(u), on.model().head(), plan, RandomSource.seeded(u))
                  .encoded();
      for (int j = 0; j < s.length; j++) {
        s[j] = (s[j] + c[j]) & plan.mask();
      }
    }
    return s;
  }

  private static double epsilon(double... z) {
    RdpAccountant a = RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED);
    for (double x : z) {
      a.compose(PrivacyEvent.gaussian(x, 1));
    }
    return a.guarantee(DELTA).epsilon();
  }

  @Test
  void theTwoReleases_areRoundsOnSuccessiveVersions_eachChargedThroughTheGateWithItsOwnZ() {
    CooccurrenceServer server = server(100);
    CooccurrenceRounds rounds = new CooccurrenceRounds(server, 3, 7);
    List<Release> charged = new ArrayList<>();
    ReleaseGate gate = charged::add;
    double z1 = server.privacy().popularity().noiseMultiplier();
    double z2 = server.privacy().cooccurrence().noiseMultiplier();
    assertThat(rounds.nextEvent()).isEqualTo(PrivacyEvent.gaussian(z1, 1));
    assertThat(rounds.epsilonAfterNextRound()).isEqualTo(epsilon(z1, z2));
    assertThat(rounds.epsilonBudget()).isEqualTo(100);
    assertThat(rounds.modelVersion()).isEqualTo(3);

    rounds.advanceRoundNumber(9);
    RoundPlan p1 = rounds.planRound(USERS);
    assertThat(p1.round()).isEqualTo(10);
    assertThat(p1.modelVersion()).isEqualTo(3);
    assertThat(p1.dimension()).isEqualTo(ITEMS);
    assertThat(p1.noiseMultiplier()).isEqualTo(z1);
    rounds.release(p1, USERS, devices(), gate);
    assertThat(charged).hasSize(1);
    assertThat(charged.get(0).event()).isEqualTo(PrivacyEvent.gaussian(z1, 1));
    assertThat(charged.get(0).devices()).containsExactlyElementsOf(devices());
    assertThat(charged.get(0).round()).isEqualTo(10);
    assertThat(charged.get(0).description()).contains("popularity release");
    assertThat(server.spent().epsilon()).isEqualTo(epsilon(z1));
    assertThat(rounds.nextEvent()).isEqualTo(PrivacyEvent.gaussian(z2, 1));

    CooccurrenceFrame.Published head = rounds.finishRound(p1, sum(p1, null), USERS, null);
    assertThat(head.stage()).isEqualTo(CooccurrenceFrame.Stage.HEAD);
    assertThat(head.model().rank()).isZero();
    assertThat(rounds.modelVersion()).isEqualTo(4);
    // Finishing charges nothing more: the release was charged when its sum was released.
    assertThat(server.spent().epsilon()).isEqualTo(epsilon(z1));
    assertThat(rounds.done()).isFalse();

    RoundPlan p2 = rounds.planRound(USERS);
    assertThat(p2.round()).isEqualTo(11);
    assertThat(p2.modelVersion()).isEqualTo(4);
    assertThat(p2.dimension()).isEqualTo(Head.triangleSize(head.model().head().size()));
    assertThat(p2.noiseMultiplier()).isEqualTo(z2);
    rounds.release(p2, USERS, List.of(), gate);
    assertThat(charged.get(1).event()).isEqualTo(PrivacyEvent.gaussian(z2, 1));
    assertThat(charged.get(1).description()).contains("co-occurrence release");
    CooccurrenceFrame.Published done = rounds.finishRound(p2, sum(p2, head), USERS, null);
    assertThat(done.stage()).isEqualTo(CooccurrenceFrame.Stage.COMPLETE);
    assertThat(rounds.modelVersion()).isEqualTo(5);
    assertThat(rounds.done()).isTrue();
    assertThat(server.spent().epsilon()).isEqualTo(epsilon(z1, z2));
    assertThat(server.epsilonAfterRemaining()).isEqualTo(epsilon(z1, z2));
    assertThatThrownBy(() -> rounds.planRound(USERS)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(rounds::nextEvent).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aReleaseAbortedAfterItsCharge_keepsIt_andIsPlannedAgainAsTheSameRelease() {
    CooccurrenceServer server = server(100);
    CooccurrenceRounds rounds = new CooccurrenceRounds(server, 0, 0);
    double z1 = server.privacy().popularity().noiseMultiplier();
    double z2 = server.privacy().cooccurrence().noiseMultiplier();
    RoundPlan p1 = rounds.planRound(USERS);
    rounds.release(p1, USERS, List.of(), ReleaseGate.none());
    assertThat(server.epsilonAfterRemaining()).isEqualTo(epsilon(z1, z2));
    rounds.abortRound(p1);
    assertThat(server.spent().epsilon()).isEqualTo(epsilon(z1));
    assertThat(rounds.modelVersion()).isZero();
    assertThat(rounds.nextEvent()).isEqualTo(PrivacyEvent.gaussian(z1, 1));
    assertThat(server.epsilonAfterRemaining()).isEqualTo(epsilon(z1, z1, z2));
    RoundPlan again = rounds.planRound(USERS);
    assertThat(again.dimension()).isEqualTo(ITEMS);
    assertThat(again.round()).isEqualTo(2);
    assertThatThrownBy(() -> rounds.abortRound(p1)).isInstanceOf(IllegalStateException.class);
    rounds.abortRound(again); // before its charge: nothing more is charged
    assertThat(server.spent().epsilon()).isEqualTo(epsilon(z1));
  }

  @Test
  void aReleaseIsChargedOnce_andNotWithTooFewDevices_orWhenTheGateRefuses() {
    CooccurrenceServer server = server(100);
    CooccurrenceRounds rounds = new CooccurrenceRounds(server, 0, 0);
    RoundPlan p1 = rounds.planRound(USERS);
    assertThatThrownBy(() -> rounds.release(p1, p1.minSurvivors() - 1, List.of(), r -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fewer than");
    assertThatThrownBy(() -> rounds.release(p1, 3, List.of("a", "a", "b"), ReleaseGate.none()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                rounds.release(
                    p1,
                    USERS,
                    List.of(),
                    r -> {
                      throw new BudgetExceededException(9, 8);
                    }))
        .isInstanceOf(BudgetExceededException.class);
    assertThat(server.spent().epsilon()).isZero();
    rounds.release(p1, USERS, List.of(), ReleaseGate.none());
    assertThatThrownBy(() -> rounds.release(p1, USERS, List.of(), ReleaseGate.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already");
    RoundPlan other = new RoundPlan(99, 0, ITEMS, 1, 2, 32, 0, 0, 1, 1, USERS, 1, USERS);
    assertThatThrownBy(() -> rounds.release(other, USERS, List.of(), ReleaseGate.none()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void releasesThatDoNotFitTheBudget_areNotPlanned() {
    CooccurrenceServer server = server(1);
    CooccurrenceRounds rounds = new CooccurrenceRounds(server, 0, 0);
    assertThat(rounds.epsilonAfterNextRound()).isGreaterThan(1);
    assertThatThrownBy(() -> rounds.planRound(USERS)).isInstanceOf(BudgetExceededException.class);
    assertThatThrownBy(() -> new CooccurrenceRounds(null, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CooccurrenceRounds(server, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CooccurrenceRounds(server, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFrame_carriesTheModelAndItsStage_andIsToldApartFromFactorFrames() {
    double[] popularity = {3, 1, 4, 1.5, 9, 2, 6, 5};
    Head head = Head.top(popularity, 4);
    double[] vectors = {0.5, 0.5, -0.5, 0.5, 0.5, -0.5, -0.5, -0.5};
    CooccurrenceModel model =
        CooccurrenceModel.of(head, vectors, new double[] {7, 3}, 12, Map.of("x", 1));
    CooccurrenceFrame.Published p =
        new CooccurrenceFrame.Published(CooccurrenceFrame.Stage.COMPLETE, model);
    dev.tacit.protocol.TensorFrame f = CooccurrenceFrame.encode(p);
    assertThat(CooccurrenceFrame.isCooccurrence(f)).isTrue();
    CooccurrenceFrame.Published back = CooccurrenceFrame.decode(f);
    assertThat(back.stage()).isEqualTo(CooccurrenceFrame.Stage.COMPLETE);
    assertThat(back.model().head().items()).containsExactly(head.items());
    assertThat(back.model().head().popularity()).containsExactly(popularity);
    assertThat(back.model().eigenvalues()).containsExactly(7, 3);
    assertThat(back.model().vectors()).containsExactly(vectors);
    assertThat(back.model().lambda()).isEqualTo(12);
    assertThat(back.model().headScores(new int[] {4, 7}))
        .containsExactly(model.headScores(new int[] {4, 7}));

    dev.tacit.protocol.TensorFrame factors =
        dev.tacit.protocol.TensorFrame.ofFloats(new int[] {3, 2}, new float[6]);
    assertThat(CooccurrenceFrame.isCooccurrence(factors)).isFalse();
    assertThatThrownBy(() -> CooccurrenceFrame.decode(factors))
        .isInstanceOf(IllegalArgumentException.class);
    float[] v = f.floats();
    v[3] = 5; // a head size the frame does not hold
    assertThatThrownBy(
            () ->
                CooccurrenceFrame.decode(
                    dev.tacit.protocol.TensorFrame.ofFloats(new int[] {v.length}, v)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
    float[] w = f.floats();
    w[1] = 3; // no such stage
    assertThatThrownBy(
            () ->
                CooccurrenceFrame.decode(
                    dev.tacit.protocol.TensorFrame.ofFloats(new int[] {w.length}, w)))
        .isInstanceOf(IllegalArgumentException.class);
    float[] h = f.floats();
    h[CooccurrenceFrame.HEADER + 8] = 0.5f; // a head item that is not a whole number
    assertThatThrownBy(
            () ->
                CooccurrenceFrame.decode(
                    dev.tacit.protocol.TensorFrame.ofFloats(new int[] {h.length}, h)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole number");
  }

  @Test
  void theInitialModel_hasNoRelease_andRanksNothingPersonally() {
    CooccurrenceModel initial = CooccurrenceFrame.initial(5, 10);
    assertThat(initial.head().size()).isEqualTo(1);
    assertThat(initial.rank()).isZero();
    assertThat(initial.head().popularity()).containsOnly(0.0);
    CooccurrenceFrame.Published back =
        CooccurrenceFrame.decode(
            CooccurrenceFrame.encode(
                new CooccurrenceFrame.Published(CooccurrenceFrame.Stage.INITIAL, initial)));
    assertThat(back.stage()).isEqualTo(CooccurrenceFrame.Stage.INITIAL);
    assertThat(CooccurrenceFrame.Stage.INITIAL.wireName()).isEqualTo("initial");
    assertThatThrownBy(() -> CooccurrenceFrame.initial(1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CooccurrenceFrame.Published(null, initial))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Head.of(new double[3], new int[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Head.of(new double[] {1, Double.NaN}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Head.of(new double[3], new int[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
