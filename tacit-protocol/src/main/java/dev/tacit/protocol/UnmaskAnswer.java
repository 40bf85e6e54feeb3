package dev.tacit.protocol;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.List;

/**
 * SecAgg+ round 3, a device's answer to an {@link UnmaskQuery}.
 *
 * @param selfMaskShares shares of the self-mask seeds of surviving neighbours
 * @param maskKeyShares shares of the mask keys of dropped neighbours
 * @param pairwiseKeys the pairwise mask keys shared with dropped neighbours; an answer in the first
 *     version of this message has none, and reads as an empty list
 */
public record UnmaskAnswer(
    List<ShareReveal> selfMaskShares,
    List<ShareReveal> maskKeyShares,
    @JacksonInject(value = Json.ABSENT_IN_V1, useInput = OptBoolean.TRUE)
        List<PairwiseKeyReveal> pairwiseKeys) {
  /** Validates and copies the lists. */
  public UnmaskAnswer {
    selfMaskShares = Checks.list(selfMaskShares, "selfMaskShares");
    maskKeyShares = Checks.list(maskKeyShares, "maskKeyShares");
    pairwiseKeys = pairwiseKeys == null ? List.of() : Checks.list(pairwiseKeys, "pairwiseKeys");
    Checks.require(
        selfMaskShares.size() + maskKeyShares.size() <= Protocol.MAX_COHORT,
        "an answer has at most " + Protocol.MAX_COHORT + " shares");
    Checks.require(
        pairwiseKeys.size() <= maskKeyShares.size(),
        "an answer has at most one pairwise key per dropped neighbour ("
            + maskKeyShares.size()
            + "), had "
            + pairwiseKeys.size());
  }
}
