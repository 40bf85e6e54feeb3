package dev.tacit.protocol;

/**
 * SecAgg+ round 1: one device's Shamir shares for one neighbour, encrypted (AES-GCM) to that
 * neighbour so that the server that routes them cannot read them.
 *
 * @param sender the id of the device that made the shares
 * @param recipient the id of the device they are for
 * @param nonce the 12-byte nonce
 * @param ciphertext the ciphertext with its tag, at most 64 KiB
 */
public record SealedShare(int sender, int recipient, byte[] nonce, byte[] ciphertext) {
  /** Validates and copies. */
  public SealedShare {
    Checks.atLeast(sender, 1, "sender");
    Checks.atLeast(recipient, 1, "recipient");
    nonce = Checks.bytes(nonce, "nonce", 12, 12);
    ciphertext = Checks.bytes(ciphertext, "ciphertext", 16, 65536);
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedShare s
        && s.sender == sender
        && s.recipient == recipient
        && java.util.Arrays.equals(s.nonce, nonce)
        && java.util.Arrays.equals(s.ciphertext, ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * sender + recipient) + java.util.Arrays.hashCode(nonce);
  }

  @Override
  public String toString() {
    return "SealedShare[" + sender + " -> " + recipient + ", " + ciphertext.length + " bytes]";
  }
}
