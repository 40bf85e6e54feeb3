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
    long size = SecAggMessage.headerSize(sessionId) + 4;
    for (AdvertiseKeys keys : neighbours) {
      size += keys.encodedSize();
    }
    return size;
  }

  @Override
  public String toString() {
    return "NeighbourKeys[session="
        + sessionId
        + ", round="
        + round
        + ", recipient="
        + recipient
        + ", neighbours="
        + neighbours.size()
        + "]";
  }
}
