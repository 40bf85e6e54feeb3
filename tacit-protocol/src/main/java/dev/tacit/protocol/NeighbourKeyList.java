package dev.tacit.protocol;

import java.util.List;

/**
 * SecAgg+ round 0, the server's answer: the keys advertised by the device's neighbours that are
 * still in the session, itself included.
 *
 * @param neighbours the advertisements, at most {@link Protocol#MAX_COHORT}
 */
public record NeighbourKeyList(List<KeyAdvert> neighbours) {
  /** Validates and copies the list. */
  public NeighbourKeyList {
    neighbours = Checks.list(neighbours, "neighbours");
    Checks.require(
        neighbours.size() <= Protocol.MAX_COHORT,
        "neighbours must have at most " + Protocol.MAX_COHORT + " entries");
  }
}
