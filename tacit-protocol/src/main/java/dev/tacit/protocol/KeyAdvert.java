package dev.tacit.protocol;

/**
 * SecAgg+ round 0: a device's two fresh X25519 public keys for one session (base64 in JSON), and
 * optionally an Ed25519 signature over them.
 *
 * @param clientId the sender's id in the session
 * @param encryptionKey the X25519 public key that shares are encrypted to, 32 bytes
 * @param maskKey the X25519 public key that pairwise mask seeds are agreed with, 32 bytes
 * @param signature an Ed25519 signature (64 bytes), or null without a device PKI
 */
public record KeyAdvert(int clientId, byte[] encryptionKey, byte[] maskKey, byte[] signature) {
  /** Validates the lengths and copies the arrays. */
  public KeyAdvert {
    Checks.atLeast(clientId, 1, "clientId");
    encryptionKey = Checks.bytes(encryptionKey, "encryptionKey", 32, 32);
    maskKey = Checks.bytes(maskKey, "maskKey", 32, 32);
    if (signature != null) {
      signature = Checks.bytes(signature, "signature", 64, 64);
    }
  }

  @Override
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  @Override
  public byte[] maskKey() {
    return maskKey.clone();
  }

  @Override
  public byte[] signature() {
    return signature == null ? null : signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyAdvert k
        && k.clientId == clientId
        && java.util.Arrays.equals(k.encryptionKey, encryptionKey)
        && java.util.Arrays.equals(k.maskKey, maskKey)
        && java.util.Arrays.equals(k.signature, signature);
  }

  @Override
  public int hashCode() {
    return 31 * clientId + java.util.Arrays.hashCode(maskKey);
  }

  @Override
  public String toString() {
    return "KeyAdvert[clientId=" + clientId + ", signed=" + (signature != null) + "]";
  }
}
