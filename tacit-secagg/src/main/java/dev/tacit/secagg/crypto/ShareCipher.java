package dev.tacit.secagg.crypto;

import dev.tacit.check.Preconditions;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM (NIST SP 800-38D) for Shamir shares, with associated data checked on opening. */
public final class ShareCipher {
  /** Key length in bytes. */
  public static final int KEY_LENGTH = 32;

  /** Nonce length in bytes. */
  public static final int NONCE_LENGTH = 12;

  /** Tag length in bytes. */
  public static final int TAG_LENGTH = 16;

  private ShareCipher() {}

  /** Encrypts {@code plaintext}, authenticating it together with {@code associatedData}. */
  public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
    Preconditions.checkNotNull(plaintext, "plaintext");
    try {
      return cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData).doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts and authenticates {@code ciphertext} (with its tag) under {@code associatedData}.
   *
   * @throws AEADBadTagException if the ciphertext, tag, nonce, key or associated data differ from
   *     those used to seal it
   */
  public static byte[] open(byte[] key, byte[] nonce, byte[] ciphertext, byte[] associatedData)
      throws AEADBadTagException {
    Preconditions.checkNotNull(ciphertext, "ciphertext");
    try {
      return cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData).doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      AEADBadTagException failure = new AEADBadTagException("AES-GCM decryption failed");
      failure.initCause(e);
      throw failure;
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] associatedData)
      throws GeneralSecurityException {
    Preconditions.checkNotNull(key, "key");
    Preconditions.checkNotNull(nonce, "nonce");
    Preconditions.checkNotNull(associatedData, "associatedData");
    Preconditions.checkArgument(
        key.length == KEY_LENGTH, "key must be %d bytes long, was %d", KEY_LENGTH, key.length);
    Preconditions.checkArgument(
        nonce.length == NONCE_LENGTH,
        "nonce must be %d bytes long, was %d",
        NONCE_LENGTH,
        nonce.length);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
    cipher.updateAAD(associatedData);
    return cipher;
  }
}
