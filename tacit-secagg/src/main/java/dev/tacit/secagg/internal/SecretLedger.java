package dev.tacit.secagg.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A test hook that records the arrays holding secrets (keys, seeds, shares, plaintexts) which the
 * client and server create, so that a test can check every one of them was zeroised once it was
 * used. Recording is off unless a test starts it; then {@link #track} costs one volatile read.
 */
public final class SecretLedger {
  private static volatile List<Object> recording;

  private SecretLedger() {}

  /** Returns {@code secret} (a byte[] or long[]), recording it when a test asked for that. */
  public static <T> T track(T secret) {
    List<Object> r = recording;
    if (r != null) {
      synchronized (r) {
        r.add(secret);
      }
    }
    return secret;
  }

  /** Starts recording (tests only). */
  public static void start() {
    recording = new ArrayList<>();
  }

  /** Stops recording and returns what was recorded (tests only). */
  public static List<Object> stop() {
    List<Object> r = recording;
    recording = null;
    if (r == null) {
      return List.of();
    }
    synchronized (r) {
      return new ArrayList<>(r);
    }
  }
}
