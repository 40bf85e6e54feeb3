package dev.tacit.protocol;

import java.util.List;

/**
 * SecAgg+ round 3, the server's request to one device: which of its neighbours delivered a masked
 * input (reveal their self-mask share) and which dropped (reveal their mask-key share). A device
 * refuses a query that lists a neighbour in both.
 *
 * @param survivors neighbours whose masked input was counted
 * @param dropped neighbours that dropped before sending their masked input
 */
public record UnmaskQuery(List<Integer> survivors, List<Integer> dropped) {
  /** Validates and copies the lists. */
  public UnmaskQuery {
    survivors = Checks.list(survivors, "survivors");
    dropped = Checks.list(dropped, "dropped");
    Checks.require(
        survivors.size() + dropped.size() <= Protocol.MAX_COHORT,
        "survivors and dropped must have at most " + Protocol.MAX_COHORT + " entries together");
  }
}
