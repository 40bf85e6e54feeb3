package dev.tacit.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.secagg.crypto.KeySchedule;
import dev.tacit.secagg.crypto.MaskPrg;
import dev.tacit.secagg.crypto.SecretBytes;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.PairwiseKey;
import dev.tacit.secagg.message.RevealedShare;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.UnmaskResponse;
import dev.tacit.secagg.shamir.Shamir;
import dev.tacit.secagg.shamir.ShamirShare;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the server holds after round 3, when a device dropped and its neighbours revealed the
 * pairwise keys they share with it, is still not enough to unmask one counted device's input.
 */
class RevealedKeysPrivacyTest {

  @Test
  void selfMaskAndRevealedPairwiseKeys_leaveACountedInputMasked() {
    ManualSession session = ManualSession.small().advertise().share();
    for (RoutedShares shares : session.routed.values()) {
      int id = shares.recipient();
      if (id != 5) { // client 5 drops before sending its masked input
        MaskedInput message = session.clients[id].maskInput(shares, session.inputs[id - 1]);
        session.masked.put(id, message);
        session.server.receive(message);
      }
    }
    session.requests = session.server.finishMasking();
    List<UnmaskResponse> responses = new ArrayList<>();
    for (int id = 1; id <= 4; id++) {
      responses.add(session.clients[id].unmask(session.requests.get(id)));
    }

    // Everything the server learns about client 1: its self-mask seed (from t shares) and the
    // key it shares with the dropped client 5.
    List<ShamirShare> seedShares = new ArrayList<>();
    byte[] key15 = null;
    for (UnmaskResponse response : responses) {
      for (RevealedShare share : response.selfMaskShares()) {
        if (share.owner() == 1) {
          seedShares.add(share.share());
        }
      }
      for (PairwiseKey key : response.pairwiseKeys()) {
        assertThat(key.neighbour()).as("only keys shared with the dropped client").isEqualTo(5);
        if (response.sender() == 1) {
          key15 = key.streamKey();
        }
      }
    }
    int m = session.config.vectorLength();
    SecretBytes seed =
        SecretBytes.copyOf(Shamir.reconstruct(seedShares, session.config.threshold(), 32));
    long[] y = session.masked.get(1).values();
    MaskPrg.addTo(
        KeySchedule.selfMaskStreamKey(seed, "manual", 3, 1, m, 32), y, 32, /* subtract= */ true);
    MaskPrg.addTo(key15, y, 32, /* subtract= */ true); // client 1 added PRG(k_15), as 1 < 5

    long[] x = session.inputs[0];
    int equal = 0;
    for (int i = 0; i < m; i++) {
      equal += (y[i] & 0xffff_ffffL) == x[i] ? 1 : 0;
    }
    assertThat(equal)
        .as(
            "elements of client 1's input the server could read; the masks shared with clients"
                + " 2, 3 and 4 still hide them")
        .isLessThanOrEqualTo(1);
  }
}
