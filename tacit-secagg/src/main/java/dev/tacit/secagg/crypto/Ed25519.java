package dev.tacit.secagg.crypto;

import dev.tacit.check.Preconditions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;

/** Ed25519 signatures (RFC 8032) on the JDK provider, for deployments with a device PKI. */
public final class Ed25519 {
  private Ed25519() {}

  /** A fresh Ed25519 key pair. */
  public static KeyPair generateKeyPair(SecureRandom random) {
    Preconditions.checkNotNull(random, "random");
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(255, random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }

  /** The signature of {@code message} under {@code privateKey}. */
  public static byte[] sign(PrivateKey privateKey, byte[] message) {
    Preconditions.checkNotNull(privateKey, "privateKey");
    Preconditions.checkNotNull(message, "message");
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(privateKey);
      signature.update(message);
      return signature.sign();
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }

  /** Whether {@code signature} is a valid signature of {@code message} under {@code publicKey}. */
  public static boolean verify(PublicKey publicKey, byte[] message, byte[] signature) {
    Preconditions.checkNotNull(publicKey, "publicKey");
    Preconditions.checkNotNull(message, "message");
    Preconditions.checkNotNull(signature, "signature");
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    } catch (SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }
}
