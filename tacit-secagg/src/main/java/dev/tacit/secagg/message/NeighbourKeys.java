package dev.tacit.secagg.message;

import dev.tacit.check.Preconditions;
import java.util.List;

/**
 * Round 0 result, server to one client: the advertised keys of the client's neighbours that are
 * still in the session, the client's own keys included (echoed so that it can check them).
 */
public record NeighbourKeys(
    String sessionId, long round, int recipient, List<AdvertiseKeys> neighbours)
    implements SecAggMessage {

  /** Validates the fields and copies the list. */
  public NeighbourKeys {
    SecAggMessage.checkHeader(sessionId, round, recipient, "recipient");
    Preconditions.checkNotNull(neighbours, "neighbours");
    neighbours = List.copyOf(neighbours);
  }

  @Override
  public long encodedSize() {
    return SecAggMessage.sizeWithList(sessionId, neighbours, AdvertiseKeys::encodedSize);
  }

  @Override
  public String toString() {
    return SecAggMessage.describe(
        "NeighbourKeys", sessionId, round, "recipient", recipient, "neighbours", neighbours.size());
  }
}
