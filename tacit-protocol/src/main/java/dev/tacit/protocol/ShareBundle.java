package dev.tacit.protocol;

import java.util.List;

/**
 * SecAgg+ round 1: the encrypted shares a device sends (one per neighbour), or the ones the server
 * routes to it (one from each neighbour that sent).
 *
 * @param shares the encrypted shares, at most {@link Protocol#MAX_COHORT}
 */
public record ShareBundle(List<SealedShare> shares) {
  /** Validates and copies the list. */
  public ShareBundle {
    shares = Checks.list(shares, "shares");
    Checks.require(
        shares.size() <= Protocol.MAX_COHORT,
        "shares must have at most " + Protocol.MAX_COHORT + " entries");
  }
}
