package dev.tacit.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.Phase;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.EncryptedShare;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.ShareKeys;
import dev.tacit.secagg.message.UnmaskResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each message is accepted only in its phase and session, and malformed key shares are refused. */
class SecAggServerPhaseTest {
  private static final SecAggConfig SMALL =
      SecAggConfig.create("manual", 3, 5, 16).withThreshold(3);

  @Test
  void messagesAndClosingCalls_outsideTheirPhase_areRefused() {
    ManualSession session = new ManualSession(SMALL, 71).advertise();
    SecAggServer server = session.server;
    assertThat(server.phase()).isEqualTo(Phase.SHARE_KEYS);
    assertThat(server.config()).isEqualTo(SMALL);
    assertThat(server.graph().size()).isEqualTo(5);
    assertThat(server.isAborted()).isFalse();
    assertThat(server.toString())
        .isEqualTo("SecAggServer[session=manual, phase=SHARE_KEYS, aborted=false]");

    assertThatThrownBy(() -> server.receive(session.advertised.get(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AdvertiseKeys from client 1 arrives in phase SHARE_KEYS")
        .hasMessageContaining("late or replayed message");
    assertThatThrownBy(server::finishAdvertising)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("finishAdvertising arrives in phase SHARE_KEYS");
    assertThatThrownBy(server::finishMasking)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("finishMasking arrives in phase SHARE_KEYS")
        .hasMessageContaining("early message");
    assertThatThrownBy(server::finishUnmasking)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("finishUnmasking arrives in phase SHARE_KEYS");
    session.share();
    assertThatThrownBy(server::finishSharing)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("finishSharing arrives in phase MASKED_INPUT");
    assertThatThrownBy(() -> server.receive(session.shareKeys.get(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ShareKeys from client 1 arrives in phase MASKED_INPUT");
    session.mask();
    UnmaskResponse response = session.clients[1].unmask(session.requests.get(1));
    server.receive(response);
    assertThatThrownBy(() -> server.receive(response))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate UnmaskResponse from client 1: replay refused");
    for (int id = 2; id <= 5; id++) {
      server.receive(session.clients[id].unmask(session.requests.get(id)));
    }
    server.finishUnmasking();
    assertThatThrownBy(() -> server.receive(response))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("session manual has finished; UnmaskResponse refused");
  }

  @Test
  void messagesOfAnotherSessionOrRound_areRefusedInEveryPhase() {
    ManualSession session = new ManualSession(SMALL, 72);
    AdvertiseKeys keys = session.clients[1].advertiseKeys();
    AdvertiseKeys otherRound =
        new AdvertiseKeys(
            "manual", 4, 1, keys.encryptionPublicKey(), keys.maskPublicKey(), new byte[0]);
    assertThatThrownBy(() -> session.server.receive(otherRound))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "AdvertiseKeys from client 1 belongs to session manual round 4, not to session manual"
                + " round 3");
    session.server.receive(keys);
    session.advertised.put(1, keys);
    for (int id = 2; id <= 5; id++) {
      AdvertiseKeys k = session.clients[id].advertiseKeys();
      session.advertised.put(id, k);
      session.server.receive(k);
    }
    session.neighbourKeys = session.server.finishAdvertising();
    ShareKeys honest = session.clients[1].shareKeys(session.neighbourKeys.get(1));
    assertThatThrownBy(() -> session.server.receive(new ShareKeys("other", 3, 1, honest.shares())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ShareKeys from client 1 belongs to session other");
    session.server.receive(honest);
    for (int id = 2; id <= 5; id++) {
      session.server.receive(session.clients[id].shareKeys(session.neighbourKeys.get(id)));
    }
    session.routed = session.server.finishSharing();
    session.mask();
    UnmaskResponse response = session.clients[2].unmask(session.requests.get(2));
    assertThatThrownBy(
            () ->
                session.server.receive(
                    new UnmaskResponse(
                        "manual", 2, 2, response.selfMaskShares(), response.maskKeyShares())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UnmaskResponse from client 2 belongs to session manual round 2");
  }

  @Test
  void shareKeys_fromAStranger_repeated_misattributed_misaddressed_orIncomplete_areRefused() {
    ManualSession session = new ManualSession(SMALL, 73).advertise();
    ShareKeys honest = session.clients[1].shareKeys(session.neighbourKeys.get(1));
    List<EncryptedShare> shares = honest.shares();
    EncryptedShare first = shares.get(0);

    assertThatThrownBy(
            () -> session.server.receive(new ShareKeys("manual", 3, 1, shares.subList(0, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ShareKeys from client 1 has 3 shares, expected one for each of 4 neighbours");
    List<EncryptedShare> repeated = new ArrayList<>(shares);
    repeated.set(1, first);
    assertThatThrownBy(() -> session.server.receive(new ShareKeys("manual", 3, 1, repeated)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unexpected or repeated share for client " + first.recipient());
    List<EncryptedShare> toItself = new ArrayList<>(shares);
    toItself.set(0, new EncryptedShare("manual", 3, 1, 1, first.nonce(), first.ciphertext()));
    assertThatThrownBy(() -> session.server.receive(new ShareKeys("manual", 3, 1, toItself)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unexpected or repeated share for client 1");
    List<EncryptedShare> fromOther = new ArrayList<>(shares);
    fromOther.set(
        0,
        new EncryptedShare("manual", 3, 2, first.recipient(), first.nonce(), first.ciphertext()));
    assertThatThrownBy(() -> session.server.receive(new ShareKeys("manual", 3, 1, fromOther)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ShareKeys from client 1 carries a share from client 2");
    List<EncryptedShare> foreign = new ArrayList<>(shares);
    foreign.set(
        0,
        new EncryptedShare(
            "elsewhere", 3, 1, first.recipient(), first.nonce(), first.ciphertext()));
    assertThatThrownBy(() -> session.server.receive(new ShareKeys("manual", 3, 1, foreign)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a share from client 1 belongs to session elsewhere");

    session.server.receive(honest);
    assertThatThrownBy(() -> session.server.receive(honest))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate ShareKeys from client 1: replay refused");
  }

  @Test
  void shareKeys_fromAClientLeftOutInRoundZero_isRefused() {
    ManualSession session = new ManualSession(SMALL, 74);
    for (int id = 1; id <= 4; id++) {
      session.server.receive(session.clients[id].advertiseKeys());
    }
    session.clients[5].advertiseKeys();
    NeighbourKeys forOne = session.server.finishAdvertising().get(1);
    assertThat(forOne.neighbours()).hasSize(4);
    ShareKeys fromFive = new ShareKeys("manual", 3, 5, List.of());

    assertThatThrownBy(() -> session.server.receive(fromFive))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ShareKeys from client 5, which is not in the session after round 0");
  }

  @Test
  void unmaskResponse_fromAClientThatWasNotAsked_isRefused_andAnAbortIsReported() {
    ManualSession session = new ManualSession(SMALL, 75).advertise().share();
    for (int id = 1; id <= 4; id++) {
      session.server.receive(
          session.clients[id].maskInput(session.routed.get(id), session.inputs[id - 1]));
    }
    session.requests = session.server.finishMasking();
    UnmaskResponse fromFive = new UnmaskResponse("manual", 3, 5, List.of(), List.of());
    assertThatThrownBy(() -> session.server.receive(fromFive))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("UnmaskResponse from client 5, which was not asked");
    session.server.receive(session.clients[1].unmask(session.requests.get(1)));
    assertThatThrownBy(session.server::finishUnmasking)
        .isInstanceOf(dev.tacit.secagg.SecAggAbortedException.class);
    assertThat(session.server.isAborted()).isTrue();
    assertThat(session.server.toString()).endsWith("aborted=true]");
  }
}
