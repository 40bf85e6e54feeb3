package dev.tacit.client.consent;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.protocol.Purpose;
import java.time.Instant;

/**
 * One decision of the user.
 *
 * @param purpose the purpose
 * @param granted true for a grant, false for a withdrawal
 * @param policyVersion the version of the privacy policy shown to the user
 * @param time when the user decided
 */
public record ConsentRecord(Purpose purpose, boolean granted, String policyVersion, Instant time) {
  /** Validates the record. */
  public ConsentRecord {
    checkArgument(
        purpose != null && policyVersion != null && time != null,
        "purpose, policyVersion and time must be given");
  }
}
