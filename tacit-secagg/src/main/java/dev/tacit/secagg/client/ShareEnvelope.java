package dev.tacit.secagg.client;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.crypto.KeySchedule;
import dev.tacit.secagg.crypto.SecretBytes;
import dev.tacit.secagg.crypto.ShareCipher;
import dev.tacit.secagg.internal.SecretLedger;
import dev.tacit.secagg.message.EncryptedShare;
import dev.tacit.secagg.shamir.Shamir;
import dev.tacit.secagg.shamir.ShamirShare;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * The two shares one client gives another in round 1 (of its self-mask seed and of its mask key),
 * sealed under the key both derive from their encryption key agreement. The plaintext is the
 * owner's id, the holder's id (4 bytes each) and the chunks of the seed share, then of the key
 * share (8 bytes each), big-endian; the session, round, owner and holder are its associated data.
 */
final class ShareEnvelope {
  /** The length of a self-mask seed and of a mask key, in bytes. */
  static final int SEED_LENGTH = 32;

  private static final int CHUNKS = Shamir.chunkCount(SEED_LENGTH);
  private static final int PLAINTEXT_LENGTH = 4 + 4 + 2 * CHUNKS * Long.BYTES;

  private ShareEnvelope() {}

  /**
   * The shares {@code seed} and {@code key} of client {@code owner} for client {@code holder},
   * sealed with a fresh nonce from {@code random}.
   *
   * @param shared the secret of the owner's and the holder's encryption keys
   */
  static EncryptedShare seal(
      SecAggConfig config,
      int owner,
      int holder,
      byte[] shared,
      ShamirShare seed,
      ShamirShare key,
      SecureRandom random) {
    byte[] cipherKey =
        SecretLedger.track(
            KeySchedule.shareEncryptionKey(
                shared, config.sessionId(), config.round(), owner, holder));
    byte[] nonce = new byte[ShareCipher.NONCE_LENGTH];
    random.nextBytes(nonce);
    byte[] plaintext = SecretLedger.track(encode(owner, holder, seed, key));
    byte[] ciphertext =
        ShareCipher.seal(
            cipherKey,
            nonce,
            plaintext,
            EncryptedShare.associatedData(config.sessionId(), config.round(), owner, holder));
    Arrays.fill(plaintext, (byte) 0);
    Arrays.fill(cipherKey, (byte) 0);
    return new EncryptedShare(config.sessionId(), config.round(), owner, holder, nonce, ciphertext);
  }

  /**
   * The seed share and the key share in {@code share}, sealed by its sender for client {@code
   * holder}.
   *
   * @param secret the secret of the sender's and the holder's encryption keys
   * @throws IllegalArgumentException if the share fails authentication or its plaintext is not two
   *     shares of the sender for the holder
   */
  static ShamirShare[] open(
      SecAggConfig config, int holder, SecretBytes secret, EncryptedShare share) {
    int sender = share.sender();
    byte[] shared = SecretLedger.track(secret.bytes());
    byte[] key =
        SecretLedger.track(
            KeySchedule.shareEncryptionKey(
                shared, config.sessionId(), config.round(), sender, holder));
    Arrays.fill(shared, (byte) 0);
    byte[] plaintext;
    try {
      plaintext =
          SecretLedger.track(
              ShareCipher.open(
                  key,
                  share.nonce(),
                  share.ciphertext(),
                  EncryptedShare.associatedData(
                      config.sessionId(), config.round(), sender, holder)));
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException(
          "share from client " + sender + " to client " + holder + " failed authentication", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    try {
      return decode(plaintext, sender, holder);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static ShamirShare[] decode(byte[] plaintext, int sender, int holder) {
    Preconditions.checkArgument(
        plaintext.length == PLAINTEXT_LENGTH,
        "share from client %d has %d bytes of plaintext, expected %d",
        sender,
        plaintext.length,
        PLAINTEXT_LENGTH);
    ByteBuffer buffer = ByteBuffer.wrap(plaintext);
    int owner = buffer.getInt();
    int to = buffer.getInt();
    Preconditions.checkArgument(
        owner == sender && to == holder,
        "share from client %d names owner %d and holder %d",
        sender,
        owner,
        to);
    long[] seedValues = SecretLedger.track(new long[CHUNKS]);
    long[] keyValues = SecretLedger.track(new long[CHUNKS]);
    for (int c = 0; c < CHUNKS; c++) {
      seedValues[c] = buffer.getLong();
    }
    for (int c = 0; c < CHUNKS; c++) {
      keyValues[c] = buffer.getLong();
    }
    ShamirShare[] result = {ShamirShare.of(holder, seedValues), ShamirShare.of(holder, keyValues)};
    Arrays.fill(seedValues, 0);
    Arrays.fill(keyValues, 0);
    return result;
  }

  private static byte[] encode(int owner, int holder, ShamirShare seed, ShamirShare key) {
    ByteBuffer buffer = ByteBuffer.allocate(PLAINTEXT_LENGTH);
    buffer.putInt(owner).putInt(holder);
    for (long v : seed.values()) {
      buffer.putLong(v);
    }
    for (long v : key.values()) {
      buffer.putLong(v);
    }
    return buffer.array();
  }
}
