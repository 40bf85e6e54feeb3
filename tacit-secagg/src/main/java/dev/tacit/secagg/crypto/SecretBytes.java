package dev.tacit.secagg.crypto;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.internal.SecretLedger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A secret byte string (a self-mask seed, a reconstructed key): its contents never appear in {@link
 * #toString()}, and {@link #destroy()} overwrites them.
 */
public final class SecretBytes {
  private final byte[] bytes;

  private SecretBytes(byte[] bytes) {
    this.bytes = SecretLedger.track(bytes);
  }

  /** A copy of {@code bytes}. */
  public static SecretBytes copyOf(byte[] bytes) {
    Preconditions.checkNotNull(bytes, "bytes");
    return new SecretBytes(bytes.clone());
  }

  /**
   * {@code length} fresh random bytes from {@code random}.
   *
   * @throws IllegalArgumentException if {@code length < 1}
   */
  public static SecretBytes random(int length, SecureRandom random) {
    Preconditions.checkArgument(length >= 1, "length must be >= 1, was %d", length);
    Preconditions.checkNotNull(random, "random");
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return new SecretBytes(bytes);
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** A copy of the secret bytes; the caller should overwrite it after use. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Overwrites the secret with zeros. */
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
  }

  /** Constant-time comparison of the contents. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SecretBytes && MessageDigest.isEqual(bytes, ((SecretBytes) o).bytes);
  }

  @Override
  public int hashCode() {
    return bytes.length;
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes, redacted]";
  }
}
