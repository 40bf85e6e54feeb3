package dev.tacit.secagg.message;

import dev.tacit.check.Preconditions;
import java.util.List;

/**
 * Round 1 result, server to one client: the shares its neighbours encrypted for it. Their senders
 * are the neighbours that completed round 1, with whom the client masks its input.
 */
public record RoutedShares(String sessionId, long round, int recipient, List<EncryptedShare> shares)
    implements SecAggMessage {

  /** Validates the fields and copies the list. */
  public RoutedShares {
    SecAggMessage.checkHeader(sessionId, round, recipient, "recipient");
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
        "RoutedShares", sessionId, round, "recipient", recipient, "shares", shares.size());
  }
}
