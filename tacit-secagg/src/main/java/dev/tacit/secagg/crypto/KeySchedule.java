package dev.tacit.secagg.crypto;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.internal.Encoding;
import dev.tacit.secagg.internal.SecretLedger;
import java.util.Arrays;

/**
 * Derives every symmetric key of a session with HKDF-SHA256 (RFC 5869), binding the protocol
 * version, the purpose, the session id, the round, the client ids and, for masks, the vector length
 * and modulus into the info string.
 */
public final class KeySchedule {
  /** The protocol label in every info string. */
  public static final String PROTOCOL = "tacit-secagg/v1";

  private static final byte[] SALT = new byte[0];

  private KeySchedule() {}

  /** The PRG stream key of client {@code clientId}'s self mask, from its seed b_u. */
  public static byte[] selfMaskStreamKey(
      SecretBytes seed, String sessionId, long round, int clientId, int length, int modulusBits) {
    Preconditions.checkNotNull(seed, "seed");
    byte[] info =
        Encoding.create()
            .string(PROTOCOL)
            .string("self-mask")
            .string(sessionId)
            .int64(round)
            .int32(clientId)
            .int32(length)
            .int32(modulusBits)
            .toByteArray();
    byte[] ikm = SecretLedger.track(seed.bytes());
    try {
      return Hkdf.derive(SALT, ikm, info, MaskPrg.STREAM_KEY_LENGTH);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  /**
   * The PRG stream key of the pairwise mask between clients {@code a} and {@code b} (in either
   * order), from their X25519 shared secret s_uv.
   */
  public static byte[] pairwiseMaskStreamKey(
      byte[] sharedSecret,
      String sessionId,
      long round,
      int a,
      int b,
      int length,
      int modulusBits) {
    Preconditions.checkNotNull(sharedSecret, "sharedSecret");
    byte[] info =
        Encoding.create()
            .string(PROTOCOL)
            .string("pairwise-mask")
            .string(sessionId)
            .int64(round)
            .int32(Math.min(a, b))
            .int32(Math.max(a, b))
            .int32(length)
            .int32(modulusBits)
            .toByteArray();
    return Hkdf.derive(SALT, sharedSecret, info, MaskPrg.STREAM_KEY_LENGTH);
  }

  /**
   * The AES-256-GCM key for shares that {@code sender} encrypts for {@code recipient} (one key per
   * direction), from the X25519 shared secret of their encryption keys.
   */
  public static byte[] shareEncryptionKey(
      byte[] sharedSecret, String sessionId, long round, int sender, int recipient) {
    Preconditions.checkNotNull(sharedSecret, "sharedSecret");
    byte[] info =
        Encoding.create()
            .string(PROTOCOL)
            .string("share-encryption")
            .string(sessionId)
            .int64(round)
            .int32(sender)
            .int32(recipient)
            .toByteArray();
    return Hkdf.derive(SALT, sharedSecret, info, ShareCipher.KEY_LENGTH);
  }
}
