package dev.tacit.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.secagg.TestRandom;
import dev.tacit.secagg.internal.SecretLedger;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.UnmaskResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every array that held a secret (private keys, seeds, shared secrets, stream keys, share
 * plaintexts, Shamir coefficients and shares, reconstructed secrets) is zeroised once the client or
 * server is done with it: recorded through {@link SecretLedger}, checked after the session.
 */
class SecretsZeroisedTest {

  @AfterEach
  void stopRecording() {
    SecretLedger.stop();
  }

  private static void assertAllZero(List<Object> secrets) {
    assertThat(secrets).isNotEmpty();
    int index = 0;
    for (Object secret : secrets) {
      if (secret instanceof byte[] bytes) {
        assertThat(bytes).as("secret #%d (%d bytes)", index, bytes.length).containsOnly((byte) 0);
      } else {
        long[] longs = (long[]) secret;
        assertThat(longs).as("secret #%d (%d longs)", index, longs.length).containsOnly(0L);
      }
      index++;
    }
  }

  @Test
  void afterACompleteSession_everySecretOfEveryClientAndOfTheServerIsZeroised() {
    SecretLedger.start();
    ManualSession session = new ManualSession(ManualSession.small().config, 61, 2);
    session.advertise().share().mask();
    for (int id = 1; id <= 5; id++) {
      session.server.receive(session.clients[id].unmask(session.requests.get(id)));
    }
    AggregateSum sum = session.server.finishUnmasking();
    List<Object> secrets = SecretLedger.stop();

    assertThat(sum.sum())
        .isEqualTo(TestRandom.expectedSum(session.inputs, List.of(1, 2, 3, 4, 5), 32));
    // Each client: two private keys, a seed, and per neighbour shared secrets, keys, plaintexts.
    assertThat(secrets.size()).isGreaterThan(5 * 3 + 5 * 4 * 4);
    assertAllZero(secrets);
  }

  @Test
  void withADropout_theRevealedKeysAndTheReconstructedMaskKeyAreZeroisedToo() {
    ManualSession session = new ManualSession(ManualSession.small().config, 62, 2);
    session.advertise().share();
    SecretLedger.start();
    for (RoutedShares shares : session.routed.values()) {
      int id = shares.recipient();
      if (id != 5) { // client 5 drops after sharing keys
        MaskedInput message = session.clients[id].maskInput(shares, session.inputs[id - 1]);
        session.server.receive(message);
      }
    }
    session.requests = session.server.finishMasking();
    for (int id = 1; id <= 4; id++) {
      UnmaskResponse response = session.clients[id].unmask(session.requests.get(id));
      if (id != 4) { // client 4's answer is lost: the server rebuilds 5's mask key from its shares
        session.server.receive(response);
      }
    }
    AggregateSum sum = session.server.finishUnmasking();
    List<Object> secrets = SecretLedger.stop();

    assertThat(sum.sum())
        .isEqualTo(TestRandom.expectedSum(session.inputs, List.of(1, 2, 3, 4), 32));
    assertAllZero(secrets);
  }
}
