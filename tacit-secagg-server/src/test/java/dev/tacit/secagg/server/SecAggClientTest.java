package dev.tacit.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.TestRandom;
import dev.tacit.secagg.client.SecAggClient;
import dev.tacit.secagg.client.SigningIdentity;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.EncryptedShare;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.UnmaskRequest;
import dev.tacit.secagg.message.UnmaskResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecAggClientTest {

  @Test
  void unmask_requestListingANeighbourAsSurvivorAndDropped_isRefused() {
    ManualSession session = ManualSession.small().advertise().share().mask();
    UnmaskRequest honest = session.requests.get(1);
    UnmaskRequest both =
        new UnmaskRequest(honest.sessionId(), honest.round(), 1, honest.survivors(), List.of(2));

    assertThatThrownBy(() -> session.clients[1].unmask(both))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client 2 is listed both as survivor and as dropped");
    assertThat(session.clients[1].state()).isEqualTo(SecAggClient.State.INPUT_MASKED);
  }

  @Test
  void unmask_answeredOnce_refusesASecondRequest() {
    ManualSession session = ManualSession.small().advertise().share().mask();
    UnmaskRequest request = session.requests.get(1);
    UnmaskResponse first = session.clients[1].unmask(request);
    UnmaskRequest other =
        new UnmaskRequest(request.sessionId(), request.round(), 1, List.of(1, 3, 4), List.of(2, 5));

    assertThat(first.selfMaskShares()).hasSize(5);
    assertThat(first.maskKeyShares()).isEmpty();
    assertThatThrownBy(() -> session.clients[1].unmask(other))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("never answers twice");
  }

  @Test
  void unmask_listingItselfAsDropped_isRefused() {
    ManualSession session = ManualSession.small().advertise().share().mask();
    UnmaskRequest request = new UnmaskRequest("manual", 3, 1, List.of(2, 3, 4), List.of(1, 5));

    assertThatThrownBy(() -> session.clients[1].unmask(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client 1 is not listed among the survivors");
  }

  @Test
  void unmask_withFewerThanThresholdSurvivors_isRefused() {
    ManualSession session = ManualSession.small().advertise().share().mask();
    UnmaskRequest request = new UnmaskRequest("manual", 3, 1, List.of(1, 2), List.of(3, 4, 5));

    assertThatThrownBy(() -> session.clients[1].unmask(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 2 survivors")
        .hasMessageContaining("threshold is 3");
  }

  @Test
  void advertiseKeys_calledTwice_isRefused() {
    SecAggClient client =
        SecAggClient.create(SecAggConfig.create("s", 0, 5, 4), 1, TestRandom.seeded(1));
    client.advertiseKeys();

    assertThatThrownBy(client::advertiseKeys)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replayed or out-of-order");
  }

  @Test
  void shareKeys_replayed_isRefused() {
    ManualSession session = ManualSession.small().advertise().share();

    assertThatThrownBy(() -> session.clients[2].shareKeys(session.neighbourKeys.get(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot answer NeighbourKeys in state KEYS_SHARED")
        .hasMessageContaining("replayed or out-of-order");
  }

  @Test
  void maskInput_beforeShareKeys_isRefusedAsOutOfOrder() {
    ManualSession session = ManualSession.small().advertise();
    RoutedShares early = new RoutedShares("manual", 3, 2, List.of());

    assertThatThrownBy(() -> session.clients[2].maskInput(early, new long[16]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("an earlier step is missing");
  }

  @Test
  void unmask_beforeMaskInput_isRefusedAsOutOfOrder() {
    ManualSession session = ManualSession.small().advertise().share();
    UnmaskRequest early = new UnmaskRequest("manual", 3, 2, List.of(1, 2, 3), List.of());

    assertThatThrownBy(() -> session.clients[2].unmask(early))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("an earlier step is missing");
  }

  @Test
  void shareKeys_forAnotherSession_isRefused() {
    ManualSession session = ManualSession.small().advertise();
    NeighbourKeys real = session.neighbourKeys.get(1);
    NeighbourKeys other = new NeighbourKeys("other", 3, 1, real.neighbours());

    assertThatThrownBy(() -> session.clients[1].shareKeys(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("belongs to session other round 3, not to session manual round 3");
  }

  @Test
  void shareKeys_whenOwnKeysAreNotEchoedUnchanged_isRefused() {
    ManualSession session = ManualSession.small().advertise();
    List<AdvertiseKeys> keys = new ArrayList<>(session.neighbourKeys.get(1).neighbours());
    AdvertiseKeys own = keys.get(0);
    byte[] swapped = own.maskPublicKey();
    keys.set(
        0,
        new AdvertiseKeys(
            own.sessionId(), own.round(), 1, swapped, own.encryptionPublicKey(), new byte[0]));

    assertThatThrownBy(() -> session.clients[1].shareKeys(new NeighbourKeys("manual", 3, 1, keys)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("were not echoed unchanged");
  }

  @Test
  void shareKeys_withARepeatedPublicKey_isRefused() {
    ManualSession session = ManualSession.small().advertise();
    List<AdvertiseKeys> keys = new ArrayList<>(session.neighbourKeys.get(1).neighbours());
    AdvertiseKeys third = keys.get(2);
    AdvertiseKeys copy =
        new AdvertiseKeys(
            "manual", 3, 4, third.encryptionPublicKey(), third.maskPublicKey(), new byte[0]);
    keys.set(3, copy);

    assertThatThrownBy(() -> session.clients[1].shareKeys(new NeighbourKeys("manual", 3, 1, keys)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys must be unique");
  }

  @Test
  void shareKeys_withFewerThanThresholdNeighbours_isRefused() {
    ManualSession session = ManualSession.small().advertise();
    List<AdvertiseKeys> keys = session.neighbourKeys.get(1).neighbours().subList(0, 2);

    assertThatThrownBy(() -> session.clients[1].shareKeys(new NeighbourKeys("manual", 3, 1, keys)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 2 neighbours")
        .hasMessageContaining("threshold is 3");
  }

  static Stream<Arguments> tamperings() {
    return Stream.of(
        Arguments.of(
            "session id",
            tamper(
                s ->
                    copy(
                        s,
                        "manual2",
                        s.round(),
                        s.sender(),
                        s.recipient(),
                        s.nonce(),
                        s.ciphertext()))),
        Arguments.of(
            "round",
            tamper(
                s ->
                    copy(
                        s,
                        s.sessionId(),
                        s.round() + 1,
                        s.sender(),
                        s.recipient(),
                        s.nonce(),
                        s.ciphertext()))),
        Arguments.of(
            "sender",
            tamper(
                s ->
                    copy(
                        s,
                        s.sessionId(),
                        s.round(),
                        s.sender() == 2 ? 4 : 2,
                        s.recipient(),
                        s.nonce(),
                        s.ciphertext()))),
        Arguments.of(
            "recipient",
            tamper(
                s ->
                    copy(
                        s,
                        s.sessionId(),
                        s.round(),
                        s.sender(),
                        s.recipient() == 2 ? 4 : 2,
                        s.nonce(),
                        s.ciphertext()))),
        Arguments.of(
            "nonce",
            tamper(
                s ->
                    copy(
                        s,
                        s.sessionId(),
                        s.round(),
                        s.sender(),
                        s.recipient(),
                        flip(s.nonce(), 0),
                        s.ciphertext()))),
        Arguments.of(
            "ciphertext",
            tamper(
                s ->
                    copy(
                        s,
                        s.sessionId(),
                        s.round(),
                        s.sender(),
                        s.recipient(),
                        s.nonce(),
                        flip(s.ciphertext(), 0)))),
        Arguments.of(
            "tag",
            tamper(
                s ->
                    copy(
                        s,
                        s.sessionId(),
                        s.round(),
                        s.sender(),
                        s.recipient(),
                        s.nonce(),
                        flip(s.ciphertext(), s.ciphertext().length - 1)))));
  }

  @ParameterizedTest(name = "tampered {0}")
  @MethodSource("tamperings")
  void maskInput_withATamperedShare_isRefused(String field, UnaryOperator<EncryptedShare> change) {
    ManualSession session = ManualSession.small().advertise().share();
    RoutedShares routed = session.routed.get(3);
    List<EncryptedShare> shares = new ArrayList<>(routed.shares());
    shares.set(0, change.apply(shares.get(0)));
    RoutedShares tampered = new RoutedShares("manual", 3, 3, shares);

    assertThatThrownBy(() -> session.clients[3].maskInput(tampered, new long[16]))
        .as("tampered %s", field)
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(session.clients[3].state()).isEqualTo(SecAggClient.State.KEYS_SHARED);
  }

  @Test
  void maskInput_withAShareMeantForAnotherClient_isRefused() {
    ManualSession session = ManualSession.small().advertise().share();
    EncryptedShare forFour =
        session.shareKeys.get(2).shares().stream()
            .filter(s -> s.recipient() == 4)
            .findFirst()
            .orElseThrow();
    List<EncryptedShare> shares = new ArrayList<>(session.routed.get(3).shares());
    shares.replaceAll(s -> s.sender() == 2 ? forFour : s);

    assertThatThrownBy(
            () ->
                session.clients[3].maskInput(
                    new RoutedShares("manual", 3, 3, shares), new long[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share from client 2 is addressed to client 4, not to client 3");
  }

  @Test
  void maskInput_withAShareReaddressedToItself_failsAuthentication() {
    ManualSession session = ManualSession.small().advertise().share();
    EncryptedShare forFour =
        session.shareKeys.get(2).shares().stream()
            .filter(s -> s.recipient() == 4)
            .findFirst()
            .orElseThrow();
    EncryptedShare readdressed =
        new EncryptedShare("manual", 3, 2, 3, forFour.nonce(), forFour.ciphertext());
    List<EncryptedShare> shares = new ArrayList<>(session.routed.get(3).shares());
    shares.replaceAll(s -> s.sender() == 2 ? readdressed : s);

    assertThatThrownBy(
            () ->
                session.clients[3].maskInput(
                    new RoutedShares("manual", 3, 3, shares), new long[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share from client 2 to client 3 failed authentication");
  }

  @Test
  void maskInput_withTwoSharesFromOneSender_isRefused() {
    ManualSession session = ManualSession.small().advertise().share();
    List<EncryptedShare> shares = new ArrayList<>(session.routed.get(3).shares());
    shares.add(shares.get(0));

    assertThatThrownBy(
            () ->
                session.clients[3].maskInput(
                    new RoutedShares("manual", 3, 3, shares), new long[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two shares from client");
  }

  @Test
  void maskInput_withAnInputOutOfRange_isRefused() {
    ManualSession session = ManualSession.small().advertise().share();
    long[] input = new long[16];
    input[5] = 1L << 32;

    assertThatThrownBy(() -> session.clients[3].maskInput(session.routed.get(3), input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input element 5 must be in [0, 2^32)");
  }

  @Test
  void client_withSignatures_refusesAnUnsignedNeighbour() {
    java.security.SecureRandom random = TestRandom.seeded(8);
    SecAggConfig config = SecAggConfig.create("signed", 0, 3, 4).withSignatures(true);
    dev.tacit.secagg.crypto.SecretBytes[] devices = new dev.tacit.secagg.crypto.SecretBytes[4];
    byte[][] directory = new byte[4][];
    for (int i = 1; i <= 3; i++) {
      devices[i] = dev.tacit.secagg.crypto.Ed25519.generatePrivateKey(random);
      directory[i] = dev.tacit.secagg.crypto.Ed25519.publicKey(devices[i]);
    }
    SecAggClient[] clients = new SecAggClient[4];
    List<AdvertiseKeys> keys = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      clients[i] =
          SecAggClient.create(
              config, i, random, SigningIdentity.create(devices[i], id -> directory[id]));
      keys.add(clients[i].advertiseKeys());
    }
    AdvertiseKeys second = keys.get(1);
    List<AdvertiseKeys> forged = new ArrayList<>(keys);
    forged.set(
        1,
        new AdvertiseKeys(
            "signed", 0, 2, second.encryptionPublicKey(), second.maskPublicKey(), new byte[64]));

    assertThat(clients[3].shareKeys(new NeighbourKeys("signed", 0, 3, keys)).shares()).hasSize(2);
    assertThatThrownBy(() -> clients[1].shareKeys(new NeighbourKeys("signed", 0, 1, forged)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("advertised keys of client 2 have a missing or invalid signature");
  }

  private static UnaryOperator<EncryptedShare> tamper(UnaryOperator<EncryptedShare> f) {
    return f;
  }

  private static EncryptedShare copy(
      EncryptedShare s,
      String session,
      long round,
      int sender,
      int recipient,
      byte[] nonce,
      byte[] ciphertext) {
    return new EncryptedShare(session, round, sender, recipient, nonce, ciphertext);
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 1;
    return copy;
  }
}
