package dev.tacit.secagg.crypto;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;

/** {@link Curve25519} on Tink's pure-Java field arithmetic ({@code subtle.X25519}, Ed25519). */
final class TinkCurve25519 implements Curve25519 {
  static final TinkCurve25519 INSTANCE = new TinkCurve25519();

  private TinkCurve25519() {}

  @Override
  public byte[] x25519(byte[] scalar, byte[] u) throws InvalidKeyException {
    return com.google.crypto.tink.subtle.X25519.computeSharedSecret(scalar, u);
  }

  @Override
  public byte[] ed25519PublicKey(byte[] seed) {
    try {
      return Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Ed25519 seed refused: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] ed25519Sign(byte[] seed, byte[] message) {
    try {
      return new Ed25519Sign(seed).sign(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Ed25519 seed refused: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != KEY_LENGTH) {
      return false;
    }
    try {
      new Ed25519Verify(publicKey).verify(signature, message);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "Curve25519[tink]";
  }
}
