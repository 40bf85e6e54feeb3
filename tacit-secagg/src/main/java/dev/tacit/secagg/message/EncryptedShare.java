package dev.tacit.secagg.message;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.crypto.KeySchedule;
import dev.tacit.secagg.crypto.ShareCipher;
import dev.tacit.secagg.internal.Encoding;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Shamir shares of one sender's mask key and self-mask seed for one recipient, encrypted with
 * AES-256-GCM under a key only the two can derive; session, round, sender and recipient are bound
 * as associated data ({@link #associatedData}).
 */
public record EncryptedShare(
    String sessionId, long round, int sender, int recipient, byte[] nonce, byte[] ciphertext) {

  /** Validates the fields and copies the arrays. */
  public EncryptedShare {
    SecAggMessage.checkHeader(sessionId, round, sender, "sender");
    Preconditions.checkArgument(recipient >= 1, "recipient must be >= 1, was %d", recipient);
    nonce = Preconditions.copyOfLength(nonce, ShareCipher.NONCE_LENGTH, "nonce");
    Preconditions.checkNotNull(ciphertext, "ciphertext");
    Preconditions.checkArgument(
        ciphertext.length >= ShareCipher.TAG_LENGTH,
        "ciphertext must be at least %d bytes long (the tag), was %d",
        ShareCipher.TAG_LENGTH,
        ciphertext.length);
    ciphertext = ciphertext.clone();
  }

  /** The associated data of a share: protocol, session, round, sender and recipient. */
  public static byte[] associatedData(String sessionId, long round, int sender, int recipient) {
    return Encoding.create()
        .string(KeySchedule.PROTOCOL)
        .string("share")
        .string(sessionId)
        .int64(round)
        .int32(sender)
        .int32(recipient)
        .toByteArray();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** The size in bytes of this share in a compact binary encoding. */
  public long encodedSize() {
    return 4 + 4 + nonce.length + 4 + ciphertext.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptedShare
        && ((EncryptedShare) o).sessionId.equals(sessionId)
        && ((EncryptedShare) o).round == round
        && ((EncryptedShare) o).sender == sender
        && ((EncryptedShare) o).recipient == recipient
        && Arrays.equals(((EncryptedShare) o).nonce, nonce)
        && Arrays.equals(((EncryptedShare) o).ciphertext, ciphertext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sessionId, round, sender, recipient, Arrays.hashCode(nonce));
  }

  @Override
  public String toString() {
    return "EncryptedShare[session="
        + sessionId
        + ", round="
        + round
        + ", sender="
        + sender
        + ", recipient="
        + recipient
        + ", "
        + ciphertext.length
        + " bytes]";
  }
}
