package dev.tacit.secagg.crypto;

import dev.tacit.check.Preconditions;
import java.security.SecureRandom;

/**
 * Ed25519 signatures (RFC 8032) on the {@link Curve25519#standard()} provider, for deployments with
 * a device PKI. A private key is its 32-byte seed, held as {@link SecretBytes}; a public key is its
 * 32-byte encoding.
 */
public final class Ed25519 {
  private Ed25519() {}

  /** A fresh private key: 32 random bytes from {@code random}. */
  public static SecretBytes generatePrivateKey(SecureRandom random) {
    return SecretBytes.random(Curve25519.KEY_LENGTH, random);
  }

  /**
   * The 32-byte public key of {@code privateKey}.
   *
   * @throws IllegalArgumentException if the private key is not 32 bytes long
   */
  public static byte[] publicKey(SecretBytes privateKey) {
    return Curve25519.standard().ed25519PublicKey(seed(privateKey));
  }

  /**
   * The 64-byte signature of {@code message} under {@code privateKey}.
   *
   * @throws IllegalArgumentException if the private key is not 32 bytes long
   */
  public static byte[] sign(SecretBytes privateKey, byte[] message) {
    Preconditions.checkNotNull(message, "message");
    return Curve25519.standard().ed25519Sign(seed(privateKey), message);
  }

  /**
   * Whether {@code signature} is a valid signature of {@code message} under {@code publicKey}.
   *
   * @throws IllegalArgumentException if the public key is not 32 bytes long
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    Preconditions.checkNotNull(publicKey, "publicKey");
    Preconditions.checkNotNull(message, "message");
    Preconditions.checkNotNull(signature, "signature");
    Preconditions.checkArgument(
        publicKey.length == Curve25519.KEY_LENGTH,
        "Ed25519 public key must be %d bytes long, was %d",
        Curve25519.KEY_LENGTH,
        publicKey.length);
    return signature.length == Curve25519.SIGNATURE_LENGTH
        && Curve25519.standard().ed25519Verify(publicKey, message, signature);
  }

  private static byte[] seed(SecretBytes privateKey) {
    Preconditions.checkNotNull(privateKey, "privateKey");
    Preconditions.checkArgument(
        privateKey.length() == Curve25519.KEY_LENGTH,
        "Ed25519 private key must be %d bytes long, was %d",
        Curve25519.KEY_LENGTH,
        privateKey.length());
    return privateKey.bytes();
  }
}
