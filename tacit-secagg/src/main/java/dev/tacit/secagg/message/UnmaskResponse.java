package dev.tacit.secagg.message;

import dev.tacit.check.Preconditions;
import java.util.List;

/**
 * Round 3, client to server: the self-mask-seed shares of the survivors, and the mask-key shares of
 * the dropped neighbours named in the request with the pairwise mask keys the sender shares with
 * them; never a self-mask share and a dropped neighbour's secrets for one neighbour.
 *
 * <p>{@code pairwiseKeys} may be empty (a client that only sends shares): the server then rebuilds
 * those keys from the reconstructed mask key.
 */
public record UnmaskResponse(
    String sessionId,
    long round,
    int sender,
    List<RevealedShare> selfMaskShares,
    List<RevealedShare> maskKeyShares,
    List<PairwiseKey> pairwiseKeys)
    implements SecAggMessage {

  /** Validates the fields and copies the lists. */
  public UnmaskResponse {
    SecAggMessage.checkHeader(sessionId, round, sender, "sender");
    Preconditions.checkNotNull(selfMaskShares, "selfMaskShares");
    Preconditions.checkNotNull(maskKeyShares, "maskKeyShares");
    Preconditions.checkNotNull(pairwiseKeys, "pairwiseKeys");
    selfMaskShares = List.copyOf(selfMaskShares);
    maskKeyShares = List.copyOf(maskKeyShares);
    pairwiseKeys = List.copyOf(pairwiseKeys);
  }

  /** A response with shares only, and no pairwise keys. */
  public UnmaskResponse(
      String sessionId,
      long round,
      int sender,
      List<RevealedShare> selfMaskShares,
      List<RevealedShare> maskKeyShares) {
    this(sessionId, round, sender, selfMaskShares, maskKeyShares, List.of());
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
    for (PairwiseKey key : pairwiseKeys) {
      size += key.encodedSize();
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
        + ", pairwiseKeys="
        + pairwiseKeys.size()
        + "]";
  }
}
