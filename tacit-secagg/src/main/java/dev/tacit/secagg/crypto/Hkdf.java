package dev.tacit.secagg.crypto;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.internal.SecretLedger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869). */
public final class Hkdf {
  private static final String HMAC = "HmacSHA256";
  private static final int HASH_LENGTH = 32;

  private Hkdf() {}

  /**
   * HKDF-Extract: a pseudorandom key from input keying material and an optional salt (RFC 5869,
   * section 2.2); an empty salt stands for {@code HashLen} zero bytes.
   */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    Preconditions.checkNotNull(salt, "salt");
    Preconditions.checkNotNull(ikm, "ikm");
    byte[] key = salt.length == 0 ? new byte[HASH_LENGTH] : salt;
    Mac mac = mac(key);
    return mac.doFinal(ikm);
  }

  /**
   * HKDF-Expand: {@code length} bytes of output keying material (RFC 5869, section 2.3).
   *
   * @throws IllegalArgumentException if {@code length} is not in [1, 8160]
   */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    Preconditions.checkNotNull(prk, "prk");
    Preconditions.checkNotNull(info, "info");
    Preconditions.checkArgument(
        length >= 1 && length <= 255 * HASH_LENGTH,
        "length must be in [1, %d], was %d",
        255 * HASH_LENGTH,
        length);
    Mac mac = mac(prk);
    byte[] okm = new byte[length];
    byte[] previous = new byte[0];
    int offset = 0;
    for (int i = 1; offset < length; i++) {
      mac.update(previous);
      mac.update(info);
      mac.update((byte) i);
      previous = mac.doFinal();
      int n = Math.min(previous.length, length - offset);
      System.arraycopy(previous, 0, okm, offset, n);
      offset += n;
    }
    return okm;
  }

  /** Extract then expand (RFC 5869, section 2). */
  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    byte[] prk = SecretLedger.track(extract(salt, ikm));
    try {
      return expand(prk, info, length);
    } finally {
      java.util.Arrays.fill(prk, (byte) 0);
    }
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("HMAC key rejected: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }
}
