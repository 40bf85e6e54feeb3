package dev.tacit.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.TestRandom;
import dev.tacit.secagg.client.SecAggClient;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.EncryptedShare;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.UnmaskRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a client refuses in each round, beyond SecAggClientTest, and that it refuses nothing honest.
 */
class SecAggClientChecksTest {

  @Test
  void create_refusesAnIdOutsideTheSession_andAMissingSigningIdentity() {
    SecAggConfig config = SecAggConfig.create("c", 0, 5, 4);
    assertThatThrownBy(() -> SecAggClient.create(config, 0, TestRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clientId must be in [1, 5], was 0");
    assertThatThrownBy(() -> SecAggClient.create(config, 6, TestRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clientId must be in [1, 5], was 6");
    assertThatThrownBy(
            () -> SecAggClient.create(config.withSignatures(true), 2, TestRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("session c requires signed keys, but client 2 has no signing identity");
    SecAggClient five = SecAggClient.create(config, 5, TestRandom.seeded(1));
    assertThat(five.clientId()).isEqualTo(5);
    assertThat(five.config()).isEqualTo(config);
    assertThat(five.state()).isEqualTo(SecAggClient.State.NEW);
    assertThat(five.toString()).isEqualTo("SecAggClient[id=5, session=c, state=NEW]");
  }

  @Test
  void advertisedKeys_areFreshPerClient_andSignedOnlyWithAnIdentity() {
    ManualSession session = ManualSession.small().advertise();
    AdvertiseKeys one = session.advertised.get(1);
    AdvertiseKeys two = session.advertised.get(2);
    assertThat(one.encryptionPublicKey()).isNotEqualTo(one.maskPublicKey());
    assertThat(one.encryptionPublicKey()).isNotEqualTo(two.encryptionPublicKey());
    assertThat(one.maskPublicKey()).isNotEqualTo(two.maskPublicKey());
    assertThat(one.isSigned()).isFalse();
    assertThat(session.clients[1].state()).isEqualTo(SecAggClient.State.KEYS_ADVERTISED);
  }

  private static NeighbourKeys withNeighbours(NeighbourKeys honest, List<AdvertiseKeys> keys) {
    return new NeighbourKeys(honest.sessionId(), honest.round(), honest.recipient(), keys);
  }

  @Test
  void shareKeys_refusesANeighbourOutsideTheSession_aRepeatedOne_orTooMany() {
    ManualSession session = ManualSession.small().advertise();
    NeighbourKeys honest = session.neighbourKeys.get(1);
    AdvertiseKeys two = session.advertised.get(2);

    List<AdvertiseKeys> stranger = new ArrayList<>(honest.neighbours());
    stranger.add(
        new AdvertiseKeys(
            "manual", 3, 6, two.encryptionPublicKey(), two.maskPublicKey(), new byte[0]));
    assertThatThrownBy(() -> session.clients[1].shareKeys(withNeighbours(honest, stranger)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("neighbour id must be in [1, 5], was 6");

    List<AdvertiseKeys> twice = new ArrayList<>(honest.neighbours());
    twice.add(two);
    assertThatThrownBy(() -> session.clients[1].shareKeys(withNeighbours(honest, twice)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("neighbour 2 is listed twice");

    List<AdvertiseKeys> foreign = new ArrayList<>(honest.neighbours());
    foreign.set(
        1,
        new AdvertiseKeys(
            "manual", 4, 2, two.encryptionPublicKey(), two.maskPublicKey(), new byte[0]));
    assertThatThrownBy(() -> session.clients[1].shareKeys(withNeighbours(honest, foreign)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("advertised keys of client 2 belongs to session manual round 4");

    assertThatThrownBy(
            () ->
                session.clients[1].shareKeys(
                    new NeighbourKeys("manual", 3, 2, honest.neighbours())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NeighbourKeys is addressed to client 2, not to client 1");
    assertThat(session.clients[1].state()).isEqualTo(SecAggClient.State.KEYS_ADVERTISED);
    assertThat(session.clients[1].shareKeys(honest).shares()).hasSize(4);
  }

  @Test
  void shareKeys_inASparseGraph_refusesMoreNeighboursThanANeighbourhoodHolds() {
    SecAggConfig config = SecAggConfig.create("sparse", 0, 7, 4).withNeighbourhoodSize(3);
    ManualSession session = new ManualSession(config.withThreshold(2), 5);
    List<AdvertiseKeys> all = new ArrayList<>();
    for (int id = 1; id <= 7; id++) {
      all.add(session.clients[id].advertiseKeys());
    }
    List<AdvertiseKeys> four = all.subList(0, 4);

    assertThatThrownBy(() -> session.clients[1].shareKeys(new NeighbourKeys("sparse", 0, 1, four)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("4 neighbours listed for client 1; a neighbourhood has at most 3");
    assertThat(
            session
                .clients[1]
                .shareKeys(new NeighbourKeys("sparse", 0, 1, all.subList(0, 3)))
                .shares())
        .hasSize(2);
  }

  @Test
  void maskInput_refusesTheWrongLength_aWrongRecipient_andSharesFromNonNeighbours() {
    ManualSession session = ManualSession.small().advertise().share();
    RoutedShares honest = session.routed.get(1);
    long[] input = session.inputs[0];

    assertThatThrownBy(() -> session.clients[1].maskInput(honest, new long[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input length must be 16, was 15");
    assertThatThrownBy(
            () ->
                session.clients[1].maskInput(
                    new RoutedShares("manual", 3, 2, honest.shares()), input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RoutedShares is addressed to client 2, not to client 1");
    EncryptedShare first = honest.shares().get(0);
    EncryptedShare fromItself =
        new EncryptedShare("manual", 3, 1, 1, first.nonce(), first.ciphertext());
    assertThatThrownBy(
            () ->
                session.clients[1].maskInput(
                    new RoutedShares("manual", 3, 1, List.of(fromItself)), input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share from client 1, which is not a neighbour of client 1");
    assertThat(session.clients[1].state()).isEqualTo(SecAggClient.State.KEYS_SHARED);
    assertThat(session.clients[1].maskInput(honest, input).length()).isEqualTo(16);
  }

  @Test
  void maskInput_withExactlyThresholdSharers_isAccepted_withOneFewer_refused() {
    ManualSession session = ManualSession.small().advertise().share();
    RoutedShares honest = session.routed.get(1);
    // Client 1 itself plus two neighbours: exactly t = 3.
    RoutedShares two = new RoutedShares("manual", 3, 1, honest.shares().subList(0, 2));
    RoutedShares one = new RoutedShares("manual", 3, 1, honest.shares().subList(0, 1));

    assertThatThrownBy(() -> session.clients[1].maskInput(one, session.inputs[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only 2 neighbours (client 1 included) shared keys; the threshold is 3");
    assertThat(session.clients[1].maskInput(two, session.inputs[0]).length()).isEqualTo(16);
  }

  @Test
  void unmask_refusesARepeatedClient_aWrongRecipient_andClientsThatDidNotShare() {
    ManualSession session = ManualSession.small().advertise().share();
    // Client 1 masks with shares from 2, 3 and 4 only: 5 did not share keys with it.
    RoutedShares honest = session.routed.get(1);
    List<EncryptedShare> withoutFive = new ArrayList<>();
    for (EncryptedShare share : honest.shares()) {
      if (share.sender() != 5) {
        withoutFive.add(share);
      }
    }
    session.clients[1].maskInput(new RoutedShares("manual", 3, 1, withoutFive), session.inputs[0]);

    assertThatThrownBy(
            () ->
                session.clients[1].unmask(
                    new UnmaskRequest("manual", 3, 1, List.of(1, 2, 2, 3), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the unmask request lists a client twice");
    assertThatThrownBy(
            () ->
                session.clients[1].unmask(
                    new UnmaskRequest("manual", 3, 1, List.of(1, 2, 3), List.of(4, 4))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the unmask request lists a client twice");
    assertThatThrownBy(
            () ->
                session.clients[1].unmask(
                    new UnmaskRequest("manual", 3, 2, List.of(1, 2, 3), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("UnmaskRequest is addressed to client 2, not to client 1");
    assertThatThrownBy(
            () ->
                session.clients[1].unmask(
                    new UnmaskRequest("manual", 3, 1, List.of(1, 2, 5), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("survivor 5 did not share keys with client 1");
    assertThatThrownBy(
            () ->
                session.clients[1].unmask(
                    new UnmaskRequest("manual", 3, 1, List.of(1, 2, 3), List.of(5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dropped client 5 did not share keys with client 1");
    assertThat(session.clients[1].state()).isEqualTo(SecAggClient.State.INPUT_MASKED);
    // Exactly t = 3 survivors, one dropped neighbour: answered, and then the client is finished.
    assertThat(
            session
                .clients[1]
                .unmask(new UnmaskRequest("manual", 3, 1, List.of(1, 2, 3), List.of(4)))
                .pairwiseKeys())
        .hasSize(1);
    assertThat(session.clients[1].state()).isEqualTo(SecAggClient.State.FINISHED);
  }

  @Test
  void shareKeys_sealsEachShareUnderAFreshRandomNonce() {
    ManualSession session = ManualSession.small().advertise();
    List<EncryptedShare> shares =
        session.clients[1].shareKeys(session.neighbourKeys.get(1)).shares();

    java.util.Set<String> nonces = new java.util.HashSet<>();
    for (EncryptedShare share : shares) {
      assertThat(share.nonce()).isNotEqualTo(new byte[12]);
      nonces.add(java.util.Arrays.toString(share.nonce()));
    }
    assertThat(nonces).hasSize(shares.size());
  }
}
