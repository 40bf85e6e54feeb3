package dev.tacit.server.security;

import static dev.tacit.check.Preconditions.checkArgument;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A bearer secret (a device token or the admin token). It never prints its value: {@link
 * #toString()} says only that it is hidden; {@link #reveal()} is the one way to read it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a secret value.
   *
   * @throws IllegalArgumentException if the value is shorter than 16 characters or not URL-safe
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    checkArgument(
        !(value.length() < 16 || value.length() > 128 || !Tokens.isTokenShaped(value)),
        "a secret must be 16 to 128 characters of [A-Za-z0-9_-], was %s characters",
        value.length());
    return new Secret(value);
  }

  /** The value, for the one place that must send or hash it. */
  public String reveal() {
    return value;
  }

  /** SHA-256 of the value, hex. */
  public String hash() {
    return Tokens.hash(value);
  }

  /** Constant-time comparison with a presented value ({@link MessageDigest#isEqual}). */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        Tokens.hash(presented).getBytes(StandardCharsets.US_ASCII),
        hash().getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "Secret[(hidden)]";
  }
}
