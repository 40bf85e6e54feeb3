package dev.tacit.secagg.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * {@link Curve25519} on the JDK's {@code XDH} and {@code Ed25519} providers (JEP 324 and 339).
 * Android has them from API 33 only, so the Android signature check skips this class.
 */
final class JdkCurve25519 implements Curve25519 {
  static final JdkCurve25519 INSTANCE = new JdkCurve25519();

  private static final BigInteger P =
      BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  private JdkCurve25519() {}

  @Override
  public byte[] x25519(byte[] scalar, byte[] u) throws InvalidKeyException {
    try {
      KeyFactory factory = KeyFactory.getInstance("XDH");
      KeyAgreement agreement = KeyAgreement.getInstance("XDH");
      agreement.init(
          factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar)));
      agreement.doPhase(
          factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(u))),
          true);
      return agreement.generateSecret();
    } catch (IllegalStateException e) {
      throw new InvalidKeyException(e.getMessage(), e);
    } catch (InvalidKeyException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("XDH is not available in this JDK", e);
    }
  }

  @Override
  public byte[] ed25519PublicKey(byte[] seed) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      return encode(((EdECPublicKey) generator.generateKeyPair().getPublic()).getPoint());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }

  @Override
  public byte[] ed25519Sign(byte[] seed, byte[] message) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(
          KeyFactory.getInstance("Ed25519")
              .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }

  @Override
  public boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != KEY_LENGTH) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(
          KeyFactory.getInstance("Ed25519")
              .generatePublic(
                  new EdECPublicKeySpec(NamedParameterSpec.ED25519, decode(publicKey))));
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** A u-coordinate: little-endian, top bit masked, reduced mod p (RFC 7748 section 5). */
  private static BigInteger decodeU(byte[] u) {
    byte[] bigEndian = reversed(u);
    bigEndian[0] &= 0x7f;
    return new BigInteger(1, bigEndian).mod(P);
  }

  /** An Ed25519 point: y little-endian, the top bit holding x's parity (RFC 8032 5.1.2). */
  private static EdECPoint decode(byte[] encoded) {
    byte[] bigEndian = reversed(encoded);
    boolean xOdd = (bigEndian[0] & 0x80) != 0;
    bigEndian[0] &= 0x7f;
    return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
  }

  private static byte[] encode(EdECPoint point) {
    byte[] y = point.getY().toByteArray();
    byte[] encoded = new byte[KEY_LENGTH];
    for (int i = 0; i < y.length && i < KEY_LENGTH; i++) {
      encoded[i] = y[y.length - 1 - i];
    }
    if (point.isXOdd()) {
      encoded[KEY_LENGTH - 1] |= (byte) 0x80;
    }
    return encoded;
  }

  private static byte[] reversed(byte[] bytes) {
    byte[] reversed = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      reversed[i] = bytes[bytes.length - 1 - i];
    }
    return reversed;
  }

  @Override
  public String toString() {
    return "Curve25519[jdk]";
  }

  /** A source of randomness that yields one given seed: the JDK derives keys only from one. */
  private static final class FixedBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient byte[] bytes;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      System.arraycopy(bytes, 0, out, 0, Math.min(out.length, bytes.length));
    }
  }
}
