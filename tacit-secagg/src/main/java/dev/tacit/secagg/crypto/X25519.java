package dev.tacit.secagg.crypto;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.internal.SecretLedger;
import java.security.InvalidKeyException;
import java.security.SecureRandom;

/** X25519 Diffie-Hellman (RFC 7748) on the {@link Curve25519#standard()} provider. */
public final class X25519 {
  /** Length in bytes of private keys, public keys and shared secrets. */
  public static final int KEY_LENGTH = 32;

  private static final byte[] BASE_POINT = basePoint();

  private X25519() {}

  /** A fresh private key of 32 random bytes from {@code random}. */
  public static X25519PrivateKey generatePrivateKey(SecureRandom random) {
    Preconditions.checkNotNull(random, "random");
    byte[] scalar = SecretLedger.track(new byte[KEY_LENGTH]);
    random.nextBytes(scalar);
    try {
      return X25519PrivateKey.of(scalar);
    } finally {
      java.util.Arrays.fill(scalar, (byte) 0);
    }
  }

  /** The public key of {@code privateKey}: X25519(k, 9), 32 bytes little-endian (RFC 7748). */
  public static byte[] publicKey(X25519PrivateKey privateKey) {
    return sharedSecret(privateKey, BASE_POINT);
  }

  /**
   * X25519(k, u): the shared secret of {@code privateKey} and a peer's 32-byte public key.
   *
   * @throws IllegalArgumentException if the public key is not 32 bytes or has small order (the
   *     result would be all zeros, RFC 7748 section 6.1)
   */
  public static byte[] sharedSecret(X25519PrivateKey privateKey, byte[] peerPublicKey) {
    Preconditions.checkNotNull(privateKey, "privateKey");
    Preconditions.checkNotNull(peerPublicKey, "peerPublicKey");
    Preconditions.checkArgument(
        peerPublicKey.length == KEY_LENGTH,
        "X25519 public key must be %d bytes long, was %d",
        KEY_LENGTH,
        peerPublicKey.length);
    byte[] secret;
    try {
      secret = Curve25519.standard().x25519(privateKey.scalarView(), peerPublicKey.clone());
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("X25519 public key rejected: " + e.getMessage(), e);
    }
    int any = 0;
    for (byte b : secret) {
      any |= b;
    }
    Preconditions.checkArgument(any != 0, "X25519 public key has small order: all-zero secret");
    return secret;
  }

  private static byte[] basePoint() {
    byte[] u = new byte[KEY_LENGTH];
    u[0] = 9;
    return u;
  }
}
