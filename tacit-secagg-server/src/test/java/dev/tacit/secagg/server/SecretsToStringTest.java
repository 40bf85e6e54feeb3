package dev.tacit.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.secagg.crypto.SecretBytes;
import dev.tacit.secagg.crypto.X25519PrivateKey;
import dev.tacit.secagg.message.PairwiseKey;
import dev.tacit.secagg.message.RevealedShare;
import dev.tacit.secagg.message.UnmaskResponse;
import dev.tacit.secagg.shamir.ShamirShare;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsToStringTest {
  private static final byte[] SECRET =
      HexFormat.of().parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");

  @Test
  void secretTypes_neverPrintTheirContents() {
    assertNoSecret(X25519PrivateKey.of(SECRET).toString(), SECRET);
    assertNoSecret(SecretBytes.copyOf(SECRET).toString(), SECRET);
    assertNoSecret(new PairwiseKey(2, SECRET).toString(), SECRET);
  }

  @Test
  void sharesAndUnmaskResponses_neverPrintShareValues() {
    ManualSession session = ManualSession.small().advertise().share().mask();
    UnmaskResponse response = session.clients[1].unmask(session.requests.get(1));
    List<String> printed = new ArrayList<>();
    printed.add(response.toString());
    for (RevealedShare share : response.selfMaskShares()) {
      printed.add(share.toString());
      printed.add(share.share().toString());
    }
    printed.add(session.clients[1].toString());
    printed.add(session.server.toString());
    printed.add(session.masked.get(1).toString());
    printed.add(session.routed.get(1).toString());
    printed.add(session.shareKeys.get(1).toString());
    printed.add(session.advertised.get(1).toString());

    for (RevealedShare share : response.selfMaskShares()) {
      for (long value : share.share().values()) {
        for (String text : printed) {
          assertThat(text)
              .doesNotContain(Long.toString(value))
              .doesNotContain(Long.toHexString(value));
        }
      }
    }
    for (String text : printed) {
      assertThat(text)
          .doesNotContainPattern("[0-9a-fA-F]{16,}")
          .doesNotContainPattern("\\[-?\\d+, -?\\d+");
    }
  }

  @Test
  void shamirShare_printsOnlyItsCoordinate() {
    ShamirShare share = ShamirShare.of(7, new long[] {123456789012345L, 987654321098765L});

    assertThat(share.toString()).isEqualTo("ShamirShare[x=7, 2 chunks, redacted]");
  }

  private static void assertNoSecret(String text, byte[] secret) {
    assertThat(text)
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret))
        .doesNotContain(Base64.getEncoder().encodeToString(secret))
        .doesNotContain(Arrays.toString(secret))
        .doesNotContain(new BigInteger(1, secret).toString())
        .contains("redacted");
  }
}
