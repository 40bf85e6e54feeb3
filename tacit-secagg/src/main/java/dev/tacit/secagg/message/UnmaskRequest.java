package dev.tacit.secagg.message;

import dev.tacit.check.Preconditions;
import java.util.List;

/**
 * Round 3, server to one client: which of its neighbours delivered masked inputs (survivors, whose
 * self-mask shares it should reveal) and which dropped after sharing keys (whose mask-key shares it
 * should reveal). Lists are sorted copies.
 */
public record UnmaskRequest(
    String sessionId, long round, int recipient, List<Integer> survivors, List<Integer> dropped)
    implements SecAggMessage {

  /** Validates the fields and copies the lists in ascending order. */
  public UnmaskRequest {
    SecAggMessage.checkHeader(sessionId, round, recipient, "recipient");
    Preconditions.checkNotNull(survivors, "survivors");
    Preconditions.checkNotNull(dropped, "dropped");
    survivors = survivors.stream().sorted().toList();
    dropped = dropped.stream().sorted().toList();
  }

  @Override
  public long encodedSize() {
    return SecAggMessage.headerSize(sessionId) + 8 + 4L * (survivors.size() + dropped.size());
  }

  @Override
  public String toString() {
    return "UnmaskRequest[session="
        + sessionId
        + ", round="
        + round
        + ", recipient="
        + recipient
        + ", survivors="
        + survivors
        + ", dropped="
        + dropped
        + "]";
  }
}
