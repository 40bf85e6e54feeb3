package dev.tacit.secagg.message;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.shamir.ShamirShare;

/**
 * A share a client reveals in round 3: its share (x-coordinate = its own id) of a secret of client
 * {@code owner}. The share's values never appear in {@link #toString()}.
 */
public record RevealedShare(int owner, ShamirShare share) {

  /** Validates the fields. */
  public RevealedShare {
    Preconditions.checkArgument(owner >= 1, "owner must be >= 1, was %d", owner);
    Preconditions.checkNotNull(share, "share");
  }

  /** The size in bytes of this share in a compact binary encoding. */
  public long encodedSize() {
    return 4 + 8L * share.chunkCount();
  }
}
