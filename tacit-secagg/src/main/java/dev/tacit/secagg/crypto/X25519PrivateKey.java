package dev.tacit.secagg.crypto;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.internal.SecretLedger;
import java.util.Arrays;

/** An X25519 private key (RFC 7748): 32 scalar bytes that never appear in {@link #toString()}. */
public final class X25519PrivateKey {
  private final byte[] scalar;

  private X25519PrivateKey(byte[] scalar) {
    this.scalar = SecretLedger.track(scalar);
  }

  /**
   * The key with these 32 scalar bytes (copied; clamping happens inside X25519).
   *
   * @throws IllegalArgumentException if {@code scalar} is not 32 bytes long
   */
  public static X25519PrivateKey of(byte[] scalar) {
    return new X25519PrivateKey(Preconditions.copyOfLength(scalar, X25519.KEY_LENGTH, "scalar"));
  }

  /** A copy of the 32 scalar bytes; the caller should overwrite it after use. */
  public byte[] scalar() {
    return scalar.clone();
  }

  /** Overwrites the scalar with zeros. */
  public void destroy() {
    Arrays.fill(scalar, (byte) 0);
  }

  /** The scalar itself, not a copy: for the provider call only. */
  byte[] scalarView() {
    return scalar;
  }

  @Override
  public String toString() {
    return "X25519PrivateKey[redacted]";
  }
}
