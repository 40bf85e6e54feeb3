package dev.tacit.server.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed marker of "this device already reported": HMAC-SHA256 of the device id under a random
 * key of one query or model version. Enough to refuse a second report; erased with its key when the
 * aggregate is released, and removed when the device is deleted.
 */
final class ReporterHash {
  private static final HexFormat HEX = HexFormat.of();

  private ReporterHash() {}

  /** A new random key, hex. */
  static String newKey(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return HEX.formatHex(key);
  }

  /** HMAC-SHA256(key, device id), hex. */
  static String of(String keyHex, String deviceId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(HEX.parseHex(keyHex), "HmacSHA256"));
      return HEX.formatHex(mac.doFinal(deviceId.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
