package dev.tacit.secagg.message;

import dev.tacit.check.Preconditions;
import java.util.List;

/** Round 1, client to server: one encrypted share for each of the sender's other neighbours. */
public record ShareKeys(String sessionId, long round, int sender, List<EncryptedShare> shares)
    implements SecAggMessage {

  /** Validates the fields and copies the list. */
  public ShareKeys {
    SecAggMessage.checkHeader(sessionId, round, sender, "sender");
    Preconditions.checkNotNull(shares, "shares");
    shares = List.copyOf(shares);
  }

  @Override
  public long encodedSize() {
    return SecAggMessage.sizeWithList(sessionId, shares, EncryptedShare::encodedSize);
  }

  @Override
  public String toString() {
    return SecAggMessage.describe(
        "ShareKeys", sessionId, round, "sender", sender, "shares", shares.size());
  }
}
