package dev.tacit.protocol;

import java.util.List;

/**
 * SecAgg+ round 3, a device's answer to an {@link UnmaskQuery}.
 *
 * @param selfMaskShares shares of the self-mask seeds of surviving neighbours
 * @param maskKeyShares shares of the mask keys of dropped neighbours
 */
public record UnmaskAnswer(List<ShareReveal> selfMaskShares, List<ShareReveal> maskKeyShares) {
  /** Validates and copies the lists. */
  public UnmaskAnswer {
    selfMaskShares = Checks.list(selfMaskShares, "selfMaskShares");
    maskKeyShares = Checks.list(maskKeyShares, "maskKeyShares");
    Checks.require(
        selfMaskShares.size() + maskKeyShares.size() <= Protocol.MAX_COHORT,
        "an answer has at most " + Protocol.MAX_COHORT + " shares");
  }
}
