package dev.tacit.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Random identifiers and tokens, and their SHA-256 hashes (FIPS 180-4). */
public final class Tokens {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");
  private static final HexFormat HEX = HexFormat.of();

  private Tokens() {}

  /** A random 256-bit token, base64url without padding (43 characters). */
  public static Secret newToken(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** A random 128-bit identifier, hex with the given prefix. */
  public static String newId(String prefix, SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return prefix + HEX.formatHex(bytes);
  }

  /** SHA-256 of the UTF-8 bytes of {@code value}, lower-case hex. */
  public static String hash(String value) {
    return HEX.formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
  }

  /** SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Whether {@code value} has the shape of a token: base64url characters only. */
  public static boolean isTokenShaped(String value) {
    return value != null && TOKEN.matcher(value).matches();
  }
}
