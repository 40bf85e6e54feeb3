package dev.tacit.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.Phase;
import dev.tacit.secagg.SecAggAbortedException;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.TestRandom;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.PairwiseKey;
import dev.tacit.secagg.message.RevealedShare;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.UnmaskResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecAggServerTest {

  @Test
  void receive_duplicateAdvertiseKeys_isRefusedAsReplay() {
    SecAggConfig config = SecAggConfig.create("srv", 0, 5, 8);
    SecAggServer server = SecAggServer.create(config, TestRandom.seeded(1));
    ManualSession session = new ManualSession(config, 1);
    AdvertiseKeys keys = session.clients[1].advertiseKeys();
    server.receive(keys);

    assertThatThrownBy(() -> server.receive(keys))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate AdvertiseKeys from client 1: replay refused");
  }

  /** A session whose five clients have all sent their masked inputs, round 2 still open. */
  private static ManualSession allMaskedInputsIn() {
    ManualSession session = ManualSession.small().advertise().share();
    for (RoutedShares shares : session.routed.values()) {
      int id = shares.recipient();
      MaskedInput message = session.clients[id].maskInput(shares, session.inputs[id - 1]);
      session.masked.put(id, message);
      session.server.receive(message);
    }
    return session;
  }

  @Test
  void dropMaskedInput_afterItArrived_leavesTheClientOutOfTheSum_asADropout() {
    ManualSession session = allMaskedInputsIn();

    assertThat(session.server.dropMaskedInput(2)).isTrue();
    assertThat(session.server.countedClients()).containsExactly(1, 3, 4, 5);
    session.requests = session.server.finishMasking();
    assertThat(session.requests).doesNotContainKey(2);
    // Its neighbours reveal its mask-key share, never its self-mask share.
    assertThat(session.requests.get(1).dropped()).containsExactly(2);
    assertThat(session.requests.get(1).survivors()).doesNotContain(2);
    for (int id : List.of(1, 3, 4, 5)) {
      session.server.receive(session.clients[id].unmask(session.requests.get(id)));
    }

    AggregateSum sum = session.server.finishUnmasking();

    assertThat(sum.countedClients()).containsExactly(1, 3, 4, 5);
    assertThat(sum.sum())
        .isEqualTo(TestRandom.expectedSum(session.inputs, List.of(1, 3, 4, 5), 32));
  }

  @Test
  void dropMaskedInput_beforeItArrived_refusesTheInputLater() {
    ManualSession session = ManualSession.small().advertise().share();

    assertThat(session.server.dropMaskedInput(4)).isFalse();
    MaskedInput late = session.clients[4].maskInput(session.routed.get(4), session.inputs[3]);

    assertThatThrownBy(() -> session.server.receive(late))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MaskedInput from client 4, which was left out of the session");
    assertThat(session.server.countedClients()).isEmpty();
  }

  @Test
  void dropMaskedInput_afterMaskingClosed_isRefused_theCountedSetIsFixed() {
    ManualSession session = ManualSession.small().advertise().share().mask();

    assertThatThrownBy(() -> session.server.dropMaskedInput(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dropMaskedInput from client 2 arrives in phase UNMASK");
  }

  @Test
  void dropMaskedInput_ofAClientOutsideTheSession_isRefused() {
    ManualSession session = ManualSession.small().advertise().share();

    assertThatThrownBy(() -> session.server.dropMaskedInput(9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client 9 is not in the session after round 1");
  }

  @Test
  void receive_maskedInputAfterMaskingClosed_isRefusedAsLate() {
    ManualSession session = ManualSession.small().advertise().share().mask();
    MaskedInput late = session.masked.get(2);

    assertThatThrownBy(() -> session.server.receive(late))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("MaskedInput from client 2 arrives in phase UNMASK")
        .hasMessageContaining("late or replayed");
  }

  @Test
  void receive_messageOfAnotherSession_isRefused() {
    ManualSession session = ManualSession.small().advertise().share();
    MaskedInput foreign = new MaskedInput("elsewhere", 3, 2, 32, new long[16]);

    assertThatThrownBy(() -> session.server.receive(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("belongs to session elsewhere");
  }

  @Test
  void receive_unmaskResponseWithAnUnrequestedShare_isRefused() {
    ManualSession session = ManualSession.small().advertise().share().mask();
    UnmaskResponse honest = session.clients[1].unmask(session.requests.get(1));
    List<RevealedShare> keyShares = new ArrayList<>(honest.selfMaskShares().subList(0, 1));
    UnmaskResponse greedy = new UnmaskResponse("manual", 3, 1, honest.selfMaskShares(), keyShares);

    assertThatThrownBy(() -> session.server.receive(greedy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 1 mask-key shares, 0 were requested");
  }

  @Test
  void finishUnmasking_withFewerThanThresholdAnswers_abortsAndReleasesNothing() {
    ManualSession session = ManualSession.small().advertise().share().mask();
    session.server.receive(session.clients[1].unmask(session.requests.get(1)));
    session.server.receive(session.clients[2].unmask(session.requests.get(2)));

    assertThatThrownBy(session.server::finishUnmasking)
        .isInstanceOf(SecAggAbortedException.class)
        .hasMessageContaining("only 2 neighbours of client 1 answered")
        .satisfies(e -> assertThat(((SecAggAbortedException) e).phase()).isEqualTo(Phase.UNMASK));
    assertThat(session.server.isAborted()).isTrue();
    assertThatThrownBy(session.server::finishUnmasking)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has aborted");
  }

  @Test
  void finishUnmasking_withThresholdAnswers_returnsSumOfAllCounted() {
    ManualSession session = ManualSession.small().advertise().share().mask();
    for (int id = 1; id <= 3; id++) {
      session.server.receive(session.clients[id].unmask(session.requests.get(id)));
    }

    AggregateSum sum = session.server.finishUnmasking();

    assertThat(sum.countedClients()).containsExactly(1, 2, 3, 4, 5);
    assertThat(sum.sum())
        .isEqualTo(TestRandom.expectedSum(session.inputs, List.of(1, 2, 3, 4, 5), 32));
  }

  @Test
  void finishUnmasking_withRevealedPairwiseKeys_removesTheDroppedClientsMasks() {
    ManualSession session = maskedWithoutClient5();
    for (int id = 1; id <= 4; id++) {
      UnmaskResponse response = session.clients[id].unmask(session.requests.get(id));
      assertThat(response.pairwiseKeys()).extracting(PairwiseKey::neighbour).containsExactly(5);
      session.server.receive(response);
    }

    AggregateSum sum = session.server.finishUnmasking();

    assertThat(sum.countedClients()).containsExactly(1, 2, 3, 4);
    assertThat(sum.sum())
        .isEqualTo(TestRandom.expectedSum(session.inputs, List.of(1, 2, 3, 4), 32));
  }

  @Test
  void finishUnmasking_whenSomePairwiseKeysAreMissing_rebuildsThemFromTheMaskKeyShares() {
    ManualSession session = maskedWithoutClient5();
    for (int id = 1; id <= 4; id++) {
      UnmaskResponse response = session.clients[id].unmask(session.requests.get(id));
      if (id % 2 == 0) { // a device that sends shares only
        response =
            new UnmaskResponse(
                response.sessionId(),
                response.round(),
                id,
                response.selfMaskShares(),
                response.maskKeyShares());
      }
      session.server.receive(response);
    }

    AggregateSum sum = session.server.finishUnmasking();

    assertThat(sum.sum())
        .isEqualTo(TestRandom.expectedSum(session.inputs, List.of(1, 2, 3, 4), 32));
  }

  @Test
  void finishUnmasking_whenASurvivorDoesNotAnswer_rebuildsTheKeyItWouldHaveRevealed() {
    ManualSession session = maskedWithoutClient5();
    for (int id = 1; id <= 3; id++) { // client 4 counted, then silent in unmasking
      session.server.receive(session.clients[id].unmask(session.requests.get(id)));
    }

    AggregateSum sum = session.server.finishUnmasking();

    assertThat(sum.countedClients()).containsExactly(1, 2, 3, 4);
    assertThat(sum.sum())
        .isEqualTo(TestRandom.expectedSum(session.inputs, List.of(1, 2, 3, 4), 32));
  }

  @Test
  void receive_pairwiseKeyForASurvivor_isRefused() {
    ManualSession session = maskedWithoutClient5();
    UnmaskResponse honest = session.clients[1].unmask(session.requests.get(1));
    UnmaskResponse greedy =
        new UnmaskResponse(
            "manual",
            3,
            1,
            honest.selfMaskShares(),
            honest.maskKeyShares(),
            List.of(new PairwiseKey(2, new byte[32])));

    assertThatThrownBy(() -> session.server.receive(greedy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unrequested or repeated pairwise key with client 2");
  }

  /** The small session with client 5 dropped after sharing keys, before its masked input. */
  private static ManualSession maskedWithoutClient5() {
    ManualSession session = ManualSession.small().advertise().share();
    for (RoutedShares shares : session.routed.values()) {
      int id = shares.recipient();
      if (id != 5) {
        MaskedInput message = session.clients[id].maskInput(shares, session.inputs[id - 1]);
        session.masked.put(id, message);
        session.server.receive(message);
      }
    }
    session.requests = session.server.finishMasking();
    return session;
  }

  @Test
  void create_withGraphOfOtherSize_isRefused() {
    SecAggConfig config = SecAggConfig.create("srv", 0, 5, 8);

    assertThatThrownBy(
            () -> SecAggServer.create(config, dev.tacit.secagg.graph.NeighbourGraph.complete(6), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match n = 5");
  }
}
