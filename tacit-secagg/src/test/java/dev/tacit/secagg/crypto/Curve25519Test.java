package dev.tacit.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.InvalidKeyException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both {@link Curve25519} providers against the known answers of RFC 7748 (sections 5.2 and 6.1)
 * and RFC 8032 (section 7.1, tests 1, 2, 3 and SHA(abc)), and against tampering.
 */
class Curve25519Test {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<Curve25519> providers() {
    return Stream.of(Curve25519.jdk(), Curve25519.tink());
  }

  /** RFC 8032 section 7.1: secret key, public key, message, signature. */
  static Stream<String[]> rfc8032() {
    return Stream.of(
        new String[] {
          "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
          "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
          "",
          "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        new String[] {
          "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
          "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
          "72",
          "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        new String[] {
          "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
          "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
          "af82",
          "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
        new String[] {
          "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
          "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
          "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
          "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
              + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"
        });
  }

  static Stream<Object[]> providersAndVectors() {
    return providers().flatMap(p -> rfc8032().map(v -> new Object[] {p, v}));
  }

  @ParameterizedTest
  @MethodSource("providers")
  void x25519_rfc7748_section5_2_vectors(Curve25519 curve) throws Exception {
    assertThat(
            x25519(
                curve,
                "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))
        .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    assertThat(
            x25519(
                curve,
                "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))
        .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
  }

  @ParameterizedTest
  @MethodSource("providers")
  void x25519_rfc7748_section5_2_iteratedOnceAndAThousandTimes(Curve25519 curve) throws Exception {
    byte[] k = new byte[32];
    k[0] = 9;
    byte[] u = k.clone();
    String afterOne = null;
    for (int i = 1; i <= 1000; i++) {
      byte[] next = curve.x25519(k, u);
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

  @ParameterizedTest
  @MethodSource("providers")
  void x25519_rfc7748_section6_1_diffieHellman(Curve25519 curve) throws Exception {
    String alice = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    String bob = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    String nine = "0900000000000000000000000000000000000000000000000000000000000000";
    String alicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    String bobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";

    assertThat(x25519(curve, alice, nine)).isEqualTo(alicePublic);
    assertThat(x25519(curve, bob, nine)).isEqualTo(bobPublic);
    String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    assertThat(x25519(curve, alice, bobPublic)).isEqualTo(shared);
    assertThat(x25519(curve, bob, alicePublic)).isEqualTo(shared);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void x25519_readsANonCanonicalUModuloP(Curve25519 curve) throws Exception {
    String alice = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    // p + 9 = 2^255 - 10, little-endian: the same point as u = 9 (RFC 7748 section 5).
    String pPlusNine = "f6" + "ff".repeat(30) + "7f";

    assertThat(x25519(curve, alice, pPlusNine))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  }

  @ParameterizedTest
  @MethodSource("providers")
  void x25519_withThePointOfOrderOne_isRefused(Curve25519 curve) {
    byte[] k = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

    assertThatThrownBy(() -> curve.x25519(k, new byte[32])).isInstanceOf(InvalidKeyException.class);
  }

  @ParameterizedTest
  @MethodSource("providersAndVectors")
  void ed25519_rfc8032_section7_1_vectors(Curve25519 curve, String[] vector) {
    byte[] seed = HEX.parseHex(vector[0]);
    byte[] message = HEX.parseHex(vector[2]);

    assertThat(HEX.formatHex(curve.ed25519PublicKey(seed))).isEqualTo(vector[1]);
    assertThat(HEX.formatHex(curve.ed25519Sign(seed, message))).isEqualTo(vector[3]);
    assertThat(curve.ed25519Verify(HEX.parseHex(vector[1]), message, HEX.parseHex(vector[3])))
        .isTrue();
  }

  @ParameterizedTest
  @MethodSource("providersAndVectors")
  void ed25519_verify_refusesEveryTamperedByteOfTheSignatureAndKey(
      Curve25519 curve, String[] vector) {
    byte[] publicKey = HEX.parseHex(vector[1]);
    byte[] message = HEX.parseHex(vector[2]);
    byte[] signature = HEX.parseHex(vector[3]);

    for (int i = 0; i < signature.length; i++) {
      byte[] tampered = signature.clone();
      tampered[i] ^= 0x01;
      assertThat(curve.ed25519Verify(publicKey, message, tampered)).as("byte %d", i).isFalse();
    }
    for (int i = 0; i < publicKey.length; i++) {
      byte[] tampered = publicKey.clone();
      tampered[i] ^= (byte) 0x80;
      assertThat(curve.ed25519Verify(tampered, message, signature)).as("key byte %d", i).isFalse();
    }
    byte[] longer = java.util.Arrays.copyOf(message, message.length + 1);
    assertThat(curve.ed25519Verify(publicKey, longer, signature)).isFalse();
    assertThat(curve.ed25519Verify(new byte[31], message, signature)).isFalse();
    assertThat(curve.ed25519Verify(publicKey, message, new byte[63])).isFalse();
  }

  @Test
  void providers_nameThemselves_andTheStandardOneIsTink() {
    assertThat(Curve25519.jdk()).hasToString("Curve25519[jdk]");
    assertThat(Curve25519.tink()).hasToString("Curve25519[tink]");
    assertThat(Curve25519.standard()).isSameAs(Curve25519.tink());
  }

  @Test
  void ed25519_facade_signsAndVerifiesWithTheStandardProvider() {
    SecretBytes key =
        SecretBytes.copyOf(
            HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    byte[] publicKey = Ed25519.publicKey(key);
    byte[] signature = Ed25519.sign(key, new byte[0]);

    assertThat(HEX.formatHex(publicKey))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    assertThat(Ed25519.verify(publicKey, new byte[0], signature)).isTrue();
    assertThat(Ed25519.verify(publicKey, new byte[1], signature)).isFalse();
    assertThat(Ed25519.verify(publicKey, new byte[0], new byte[65])).isFalse();
    assertThat(Ed25519.generatePrivateKey(new java.security.SecureRandom()).length()).isEqualTo(32);
  }

  @Test
  void ed25519_facade_refusesKeysOfTheWrongLength() {
    SecretBytes shortKey = SecretBytes.copyOf(new byte[31]);

    assertThatThrownBy(() -> Ed25519.sign(shortKey, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Ed25519 private key must be 32 bytes long, was 31");
    assertThatThrownBy(() -> Ed25519.publicKey(shortKey))
        .hasMessage("Ed25519 private key must be 32 bytes long, was 31");
    assertThatThrownBy(() -> Ed25519.verify(new byte[33], new byte[0], new byte[64]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Ed25519 public key must be 32 bytes long, was 33");
  }

  private static String x25519(Curve25519 curve, String scalar, String u)
      throws InvalidKeyException {
    return HEX.formatHex(curve.x25519(HEX.parseHex(scalar), HEX.parseHex(u)));
  }
}
