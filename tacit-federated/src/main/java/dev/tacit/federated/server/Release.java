package dev.tacit.federated.server;

import dev.tacit.privacy.accounting.PrivacyEvent;
import java.util.Objects;

/**
 * One release of an aggregate, charged when the server could first compute it (for SecAgg+, when
 * the masked inputs are fixed and the survivors are asked for what removes the masks), whatever
 * happens next. It carries its own mechanism and parameters, fixed when the release was planned, so
 * that algorithms whose releases use different noise share one ledger.
 *
 * @param round the round that makes the release
 * @param event the mechanism and its parameters, as the accountant composes them
 * @param contributors how many devices' inputs the aggregate holds
 * @param description what was released, for the privacy ledger
 */
public record Release(long round, PrivacyEvent event, int contributors, String description) {
  /** Validates the release. */
  public Release {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(description, "description");
    if (round < 1 || contributors < 1) {
      throw new IllegalArgumentException(
          "round and contributors must be >= 1, were " + round + " and " + contributors);
    }
  }
}
