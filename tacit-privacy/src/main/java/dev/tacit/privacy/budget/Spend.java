package dev.tacit.privacy.budget;

import static dev.tacit.check.Preconditions.checkAtLeast;
import static dev.tacit.check.Preconditions.checkNotNull;

import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.protocol.Purpose;
import java.time.Instant;

/**
 * One recorded use of privacy budget.
 *
 * @param sequence the position in the ledger, from 1
 * @param purpose what it was for
 * @param event the mechanism and its parameters
 * @param recordedAt when the ledger accepted it
 * @param description a free-form label, such as a round or a statistic name
 */
public record Spend(
    long sequence, Purpose purpose, PrivacyEvent event, Instant recordedAt, String description) {
  /** Validates the values. */
  public Spend {
    checkAtLeast(sequence, 1, "sequence");
    checkNotNull(purpose, "purpose");
    checkNotNull(event, "event");
    checkNotNull(recordedAt, "recordedAt");
    checkNotNull(description, "description");
  }
}
