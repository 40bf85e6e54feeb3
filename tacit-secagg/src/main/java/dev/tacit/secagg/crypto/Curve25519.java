package dev.tacit.secagg.crypto;

import java.security.InvalidKeyException;

/**
 * The two elliptic-curve primitives SecAgg+ needs, over raw bytes: X25519 key agreement (RFC 7748)
 * and Ed25519 signatures (RFC 8032). Two providers pass the same known-answer tests: {@link #jdk()}
 * on the JDK's {@code XDH} and {@code Ed25519} providers (Java 15+, Android 13+), and {@link
 * #tink()} on Tink's pure-Java implementation, which every Android version can run.
 */
public interface Curve25519 {
  /** Length in bytes of scalars, u-coordinates, Ed25519 seeds and Ed25519 public keys. */
  int KEY_LENGTH = 32;

  /** Length in bytes of an Ed25519 signature. */
  int SIGNATURE_LENGTH = 64;

  /**
   * X25519(k, u) of RFC 7748 section 5: the scalar is clamped and the top bit of u masked here.
   *
   * @param scalar 32 bytes, little-endian
   * @param u 32 bytes, little-endian
   * @throws InvalidKeyException if the provider refuses {@code u} (a point of small order)
   */
  byte[] x25519(byte[] scalar, byte[] u) throws InvalidKeyException;

  /** The 32-byte Ed25519 public key A of a 32-byte private key (seed), RFC 8032 section 5.1.5. */
  byte[] ed25519PublicKey(byte[] seed);

  /** The 64-byte Ed25519 signature of {@code message} under {@code seed} (RFC 8032 5.1.6). */
  byte[] ed25519Sign(byte[] seed, byte[] message);

  /**
   * Whether {@code signature} is a valid Ed25519 signature of {@code message} under the 32-byte
   * {@code publicKey} (RFC 8032 section 5.1.7); false for a malformed key or signature.
   */
  boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature);

  /** The JDK's providers; absent on Android before API 33. */
  static Curve25519 jdk() {
    return JdkCurve25519.INSTANCE;
  }

  /** Tink's pure-Java implementation, on every JVM and Android version. */
  static Curve25519 tink() {
    return TinkCurve25519.INSTANCE;
  }

  /**
   * The provider {@link X25519} and {@link Ed25519} use: Tink's, so a device and the server run the
   * same code whatever their platform, and the SDK needs no runtime probe for the JDK's.
   */
  static Curve25519 standard() {
    return tink();
  }
}
