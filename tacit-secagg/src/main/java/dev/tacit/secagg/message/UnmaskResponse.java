package dev.tacit.secagg.message;

import dev.tacit.secagg.internal.Preconditions;
import java.util.List;

/**
 * Round 3, client to server: the self-mask-seed shares of the survivors and the mask-key shares of
 * the dropped neighbours named in the request, never both kinds for one neighbour.
 */
public record UnmaskResponse(
    String sessionId,
    long round,
    int sender,
    List<RevealedShare> selfMaskShares,
    List<RevealedShare> maskKeyShares)
    implements SecAggMessage {

  /** Validates the fields and copies the lists. */
  public UnmaskResponse {
    SecAggMessage.checkHeader(sessionId, round, sender, "sender");
    Preconditions.checkNotNull(selfMaskShares, "selfMaskShares");
    Preconditions.checkNotNull(maskKeyShares, "maskKeyShares");
    selfMaskShares = List.copyOf(selfMaskShares);
    maskKeyShares = List.copyOf(maskKeyShares);
  }

  @Override
  public long encodedSize() {
    long size = SecAggMessage.headerSize(sessionId) + 8;
    for (RevealedShare share : selfMaskShares) {
      size += share.encodedSize();
    }
    for (RevealedShare share : maskKeyShares) {
      size += share.encodedSize();
    }
    return size;
  }

  @Override
  public String toString() {
    return "UnmaskResponse[session="
        + sessionId
        + ", round="
        + round
        + ", sender="
        + sender
        + ", selfMaskShares="
        + selfMaskShares.size()
        + ", maskKeyShares="
        + maskKeyShares.size()
        + "]";
  }
}
