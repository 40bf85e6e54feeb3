package dev.tacit.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers from RFC 7748, sections 5.2 and 6.1. */
class X25519Test {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void rfc7748_section5_2_vector1() {
    assertThat(
            mul(
                "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))
        .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  }

  @Test
  void rfc7748_section5_2_vector2_withTopBitOfUSet() {
    assertThat(
            mul(
                "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))
        .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
  }

  @Test
  void rfc7748_section5_2_iterated1And1000Times() {
    byte[] k = new byte[32];
    k[0] = 9;
    byte[] u = k.clone();
    String afterOne = null;
    for (int i = 1; i <= 1000; i++) {
      byte[] next = X25519.sharedSecret(X25519PrivateKey.of(k), u);
      u = k;
      k = next;
      if (i == 1) {
        afterOne = HEX.formatHex(k);
      }
    }

    assertThat(afterOne)
        .isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    assertThat(HEX.formatHex(k))
        .isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
  }

  @Test
  void rfc7748_section6_1_diffieHellman() {
    X25519PrivateKey alice =
        X25519PrivateKey.of(
            HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    X25519PrivateKey bob =
        X25519PrivateKey.of(
            HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));

    byte[] alicePublic = X25519.publicKey(alice);
    byte[] bobPublic = X25519.publicKey(bob);

    assertThat(HEX.formatHex(alicePublic))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assertThat(HEX.formatHex(bobPublic))
        .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    assertThat(HEX.formatHex(X25519.sharedSecret(alice, bobPublic))).isEqualTo(shared);
    assertThat(HEX.formatHex(X25519.sharedSecret(bob, alicePublic))).isEqualTo(shared);
  }

  @Test
  void sharedSecret_withSmallOrderPoint_isRefused() {
    X25519PrivateKey key = X25519PrivateKey.of(new byte[32]);
    byte[] zeroPoint = new byte[32];

    assertThatThrownBy(() -> X25519.sharedSecret(key, zeroPoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X25519 public key");
  }

  @Test
  void sharedSecret_withWrongLength_isRefused() {
    X25519PrivateKey key = X25519PrivateKey.of(new byte[32]);

    assertThatThrownBy(() -> X25519.sharedSecret(key, new byte[31]))
        .hasMessage("X25519 public key must be 32 bytes long, was 31");
  }

  private static String mul(String scalar, String u) {
    return HEX.formatHex(
        X25519.sharedSecret(X25519PrivateKey.of(HEX.parseHex(scalar)), HEX.parseHex(u)));
  }
}
