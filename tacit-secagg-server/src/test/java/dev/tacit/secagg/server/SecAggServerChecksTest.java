package dev.tacit.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.TestRandom;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.RevealedShare;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.ShareKeys;
import dev.tacit.secagg.message.UnmaskRequest;
import dev.tacit.secagg.message.UnmaskResponse;
import dev.tacit.secagg.shamir.ShamirShare;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the server refuses (replays, strangers, wrong shapes, reused keys, wrong revealed shares),
 * sessions at exactly the threshold, and the sum with any number of unmasking threads.
 */
class SecAggServerChecksTest {
  private static final SecAggConfig SMALL =
      SecAggConfig.create("manual", 3, 5, 16).withThreshold(3);

  /** Masked inputs of {@code senders} received, round 2 still open. */
  private static ManualSession maskedInputsIn(ManualSession session, List<Integer> senders) {
    for (RoutedShares shares : session.routed.values()) {
      int id = shares.recipient();
      if (senders.contains(id)) {
        MaskedInput message = session.clients[id].maskInput(shares, session.inputs[id - 1]);
        session.masked.put(id, message);
        session.server.receive(message);
      }
    }
    return session;
  }

  /** Closes round 2, lets {@code answering} clients unmask, and returns the sum. */
  private static AggregateSum unmask(ManualSession session, List<Integer> answering) {
    session.requests = session.server.finishMasking();
    for (int id : answering) {
      session.server.receive(session.clients[id].unmask(session.requests.get(id)));
    }
    return session.server.finishUnmasking();
  }

  private static long[] expected(ManualSession session, List<Integer> counted) {
    return TestRandom.expectedSum(session.inputs, counted, session.config.modulusBits());
  }

  @Test
  void aReplayedMaskedInput_isRefused_andCountedOnce() {
    ManualSession session = new ManualSession(SMALL, 42).advertise().share();
    maskedInputsIn(session, List.of(1, 2, 3, 4, 5));

    assertThatThrownBy(() -> session.server.receive(session.masked.get(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate MaskedInput from client 2: replay refused");
    AggregateSum sum = unmask(session, List.of(1, 2, 3, 4, 5));

    assertThat(sum.sum()).isEqualTo(expected(session, List.of(1, 2, 3, 4, 5)));
  }

  @Test
  void aMaskedInputFromAClientThatDidNotShareKeys_isRefused_andNotAdded() {
    ManualSession session = new ManualSession(SMALL, 43).advertise();
    for (NeighbourKeys keys : session.neighbourKeys.values()) {
      if (keys.recipient() != 5) {
        session.server.receive(session.clients[keys.recipient()].shareKeys(keys));
      }
    }
    session.routed = session.server.finishSharing();
    maskedInputsIn(session, List.of(1, 2, 3, 4));
    long[] garbage = new long[16];
    java.util.Arrays.fill(garbage, 12345);

    assertThatThrownBy(() -> session.server.receive(new MaskedInput("manual", 3, 5, 32, garbage)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MaskedInput from client 5, which is not in the session after round 1");
    assertThat(session.server.countedClients()).containsExactly(1, 2, 3, 4);
    assertThat(unmask(session, List.of(1, 2, 3, 4)).sum())
        .isEqualTo(expected(session, List.of(1, 2, 3, 4)));
  }

  @Test
  void aMaskedInputOfTheWrongShape_isRefused_andTheRightOneStillCounts() {
    ManualSession session = new ManualSession(SMALL, 44).advertise().share();
    maskedInputsIn(session, List.of(2, 3, 4, 5));

    assertThatThrownBy(
            () -> session.server.receive(new MaskedInput("manual", 3, 1, 32, new long[15])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MaskedInput from client 1 has 15 elements of 32 bits, expected 16 of 32 bits");
    assertThatThrownBy(
            () -> session.server.receive(new MaskedInput("manual", 3, 1, 64, new long[16])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MaskedInput from client 1 has 16 elements of 64 bits, expected 16 of 32 bits");
    maskedInputsIn(session, List.of(1));

    assertThat(unmask(session, List.of(1, 2, 3, 4, 5)).sum())
        .isEqualTo(expected(session, List.of(1, 2, 3, 4, 5)));
  }

  @Test
  void advertisedKeysThatAnotherClientAlreadyUses_areRefused() {
    ManualSession session = new ManualSession(SMALL, 45);
    AdvertiseKeys first = session.clients[1].advertiseKeys();
    session.server.receive(first);
    AdvertiseKeys own = session.clients[2].advertiseKeys();
    byte[] none = new byte[0];

    assertThatThrownBy(
            () ->
                session.server.receive(
                    new AdvertiseKeys(
                        "manual", 3, 2, own.encryptionPublicKey(), first.maskPublicKey(), none)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("client 2 advertised a public key that is already in use: keys must be unique");
    assertThatThrownBy(
            () ->
                session.server.receive(
                    new AdvertiseKeys(
                        "manual", 3, 2, first.encryptionPublicKey(), own.maskPublicKey(), none)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already in use");
    assertThatThrownBy(
            () ->
                session.server.receive(
                    new AdvertiseKeys(
                        "manual", 3, 2, own.maskPublicKey(), own.maskPublicKey(), none)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already in use");
    session.server.receive(own);
  }

  @Test
  void advertisedKeysFromAnIdOutsideTheSession_areRefused() {
    ManualSession session = new ManualSession(SMALL, 46);
    AdvertiseKeys keys = session.clients[1].advertiseKeys();
    AdvertiseKeys six =
        new AdvertiseKeys(
            "manual", 3, 6, keys.encryptionPublicKey(), keys.maskPublicKey(), keys.signature());

    assertThatThrownBy(() -> session.server.receive(six))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("client id must be in [1, 5], was 6");
    session.server.receive(keys);
  }

  private static UnmaskResponse withSelfMaskShares(UnmaskResponse honest, List<RevealedShare> s) {
    return new UnmaskResponse(
        honest.sessionId(),
        honest.round(),
        honest.sender(),
        s,
        honest.maskKeyShares(),
        honest.pairwiseKeys());
  }

  @Test
  void revealedShares_thatRepeatAnOwner_haveTheWrongHolder_orTheWrongLength_areRefused() {
    ManualSession session = new ManualSession(SMALL, 47).advertise().share().mask();
    UnmaskRequest request = session.requests.get(1);
    UnmaskResponse honest = session.clients[1].unmask(request);
    List<RevealedShare> shares = honest.selfMaskShares();
    assertThat(shares).hasSize(5);

    List<RevealedShare> repeated = new ArrayList<>(shares);
    repeated.set(1, shares.get(0));
    assertThatThrownBy(() -> session.server.receive(withSelfMaskShares(honest, repeated)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unrequested or repeated self-mask share of client 1");

    List<RevealedShare> fewer = new ArrayList<>(shares.subList(0, 4));
    assertThatThrownBy(() -> session.server.receive(withSelfMaskShares(honest, fewer)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("UnmaskResponse from client 1 has 4 self-mask shares, 5 were requested");

    List<RevealedShare> otherHolder = new ArrayList<>(shares);
    RevealedShare first = shares.get(0);
    otherHolder.set(0, new RevealedShare(first.owner(), ShamirShare.of(2, first.share().values())));
    assertThatThrownBy(() -> session.server.receive(withSelfMaskShares(honest, otherHolder)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("UnmaskResponse from client 1 has a self-mask share with x = 2 and 5 chunks");

    List<RevealedShare> shorter = new ArrayList<>(shares);
    shorter.set(0, new RevealedShare(first.owner(), ShamirShare.of(1, new long[4])));
    assertThatThrownBy(() -> session.server.receive(withSelfMaskShares(honest, shorter)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("UnmaskResponse from client 1 has a self-mask share with x = 1 and 4 chunks");

    // None of the refused responses was kept: the honest one is still accepted.
    session.server.receive(honest);
    for (int id = 2; id <= 5; id++) {
      session.server.receive(session.clients[id].unmask(session.requests.get(id)));
    }
    assertThat(session.server.finishUnmasking().sum())
        .isEqualTo(expected(session, List.of(1, 2, 3, 4, 5)));
  }

  @Test
  void revealedMaskKeyShares_ofAClientThatWasNotDropped_areRefused() {
    ManualSession session = new ManualSession(SMALL, 48).advertise().share();
    maskedInputsIn(session, List.of(1, 2, 3, 4));
    session.requests = session.server.finishMasking();
    UnmaskResponse honest = session.clients[1].unmask(session.requests.get(1));
    assertThat(honest.maskKeyShares()).extracting(RevealedShare::owner).containsExactly(5);
    RevealedShare keyShare = honest.maskKeyShares().get(0);
    UnmaskResponse wrongOwner =
        new UnmaskResponse(
            "manual",
            3,
            1,
            honest.selfMaskShares(),
            List.of(new RevealedShare(2, keyShare.share())),
            honest.pairwiseKeys());

    assertThatThrownBy(() -> session.server.receive(wrongOwner))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unrequested or repeated mask-key share of client 2");
  }

  /**
   * Five clients, threshold 3, of which only 1, 2 and 3 take part: every neighbourhood has exactly
   * t members in every round, which the server and every client must accept.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void aSessionWithExactlyThresholdClients_completes(int threads) {
    ManualSession session = new ManualSession(SMALL, 49, threads);
    List<Integer> three = List.of(1, 2, 3);
    for (int id : three) {
      session.server.receive(session.clients[id].advertiseKeys());
    }
    Map<Integer, NeighbourKeys> neighbourKeys = session.server.finishAdvertising();
    assertThat(neighbourKeys.keySet()).containsExactly(1, 2, 3);
    for (NeighbourKeys keys : neighbourKeys.values()) {
      assertThat(keys.neighbours()).hasSize(3);
      ShareKeys message = session.clients[keys.recipient()].shareKeys(keys);
      session.server.receive(message);
    }
    session.routed = session.server.finishSharing();
    maskedInputsIn(session, three);

    AggregateSum sum = unmask(session, three);

    assertThat(session.requests.get(1).survivors()).containsExactly(1, 2, 3);
    assertThat(sum.countedClients()).containsExactly(1, 2, 3);
    assertThat(sum.sum()).isEqualTo(expected(session, three));
  }

  /**
   * With t = 3 and client 5 dropped before masking, each of the other four clients' self masks and
   * client 5's pairwise masks are removed by tasks spread over the unmasking threads: any partial
   * sum left out would leave masks in the result.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 8})
  void everyUnmaskingThreadsPartialSumIsCounted(int threads) {
    for (int bits : new int[] {32, 64}) {
      SecAggConfig config =
          SecAggConfig.create("manual", 3, 5, 16).withThreshold(3).withModulusBits(bits);
      ManualSession session = new ManualSession(config, 50 + threads, threads).advertise().share();
      maskedInputsIn(session, List.of(1, 2, 3, 4));
      // Client 4 does not answer: its pairwise key with 5 is rebuilt from 5's mask-key shares.
      AggregateSum sum = unmask(session, List.of(1, 2, 3));

      assertThat(sum.countedClients()).containsExactly(1, 2, 3, 4);
      assertThat(sum.sum())
          .as("%d threads, %d bits", threads, bits)
          .isEqualTo(expected(session, List.of(1, 2, 3, 4)));
    }
  }

  @Test
  void create_withFewerThanOneThread_isRefused() {
    assertThatThrownBy(
            () -> SecAggServer.create(SMALL, dev.tacit.secagg.graph.NeighbourGraph.complete(5), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unmaskingThreads must be >= 1, was 0");
  }
}
