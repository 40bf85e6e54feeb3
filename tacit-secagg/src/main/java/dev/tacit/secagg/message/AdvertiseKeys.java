package dev.tacit.secagg.message;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.crypto.KeySchedule;
import dev.tacit.secagg.crypto.X25519;
import dev.tacit.secagg.internal.Encoding;
import java.util.Arrays;
import java.util.Objects;

/**
 * Round 0, client to server and then to the client's neighbours: the client's two fresh X25519
 * public keys, one to agree share-encryption keys (c_u) and one to agree mask seeds (s_u), with an
 * optional Ed25519 signature over {@link #signedPayload()} (empty when unsigned).
 */
public record AdvertiseKeys(
    String sessionId,
    long round,
    int sender,
    byte[] encryptionPublicKey,
    byte[] maskPublicKey,
    byte[] signature)
    implements SecAggMessage {

  /** Validates the fields and copies the arrays. */
  public AdvertiseKeys {
    SecAggMessage.checkHeader(sessionId, round, sender, "sender");
    encryptionPublicKey =
        Preconditions.copyOfLength(encryptionPublicKey, X25519.KEY_LENGTH, "encryptionPublicKey");
    maskPublicKey = Preconditions.copyOfLength(maskPublicKey, X25519.KEY_LENGTH, "maskPublicKey");
    Preconditions.checkNotNull(signature, "signature");
    signature = signature.clone();
  }

  /** The bytes a device signs: protocol, session, round, sender and both public keys. */
  public static byte[] signedPayload(
      String sessionId, long round, int sender, byte[] encryptionPublicKey, byte[] maskPublicKey) {
    return Encoding.create()
        .string(KeySchedule.PROTOCOL)
        .string("advertise-keys")
        .string(sessionId)
        .int64(round)
        .int32(sender)
        .bytes(encryptionPublicKey)
        .bytes(maskPublicKey)
        .toByteArray();
  }

  /** The bytes this message's signature covers. */
  public byte[] signedPayload() {
    return signedPayload(sessionId, round, sender, encryptionPublicKey, maskPublicKey);
  }

  /** Whether the message carries a signature. */
  public boolean isSigned() {
    return signature.length > 0;
  }

  @Override
  public byte[] encryptionPublicKey() {
    return encryptionPublicKey.clone();
  }

  @Override
  public byte[] maskPublicKey() {
    return maskPublicKey.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public long encodedSize() {
    return SecAggMessage.headerSize(sessionId) + 2L * X25519.KEY_LENGTH + 2 + signature.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdvertiseKeys
        && ((AdvertiseKeys) o).sessionId.equals(sessionId)
        && ((AdvertiseKeys) o).round == round
        && ((AdvertiseKeys) o).sender == sender
        && Arrays.equals(((AdvertiseKeys) o).encryptionPublicKey, encryptionPublicKey)
        && Arrays.equals(((AdvertiseKeys) o).maskPublicKey, maskPublicKey)
        && Arrays.equals(((AdvertiseKeys) o).signature, signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sessionId, round, sender, Arrays.hashCode(maskPublicKey));
  }

  @Override
  public String toString() {
    return "AdvertiseKeys[session="
        + sessionId
        + ", round="
        + round
        + ", sender="
        + sender
        + ", signed="
        + isSigned()
        + "]";
  }
}
