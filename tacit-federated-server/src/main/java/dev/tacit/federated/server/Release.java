package dev.tacit.federated.server;

import dev.tacit.privacy.accounting.PrivacyEvent;
import java.util.List;
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
 * @param devices the ids of the devices whose inputs the aggregate holds, when the caller knows
 *     them (the server's rounds do; a simulation may not), so that each device's own ε against the
 *     server can be composed from the releases it was counted in; empty otherwise
 */
public record Release(
    long round, PrivacyEvent event, int contributors, String description, List<String> devices) {
  /** Validates the release. */
  public Release {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(description, "description");
    devices = List.copyOf(Objects.requireNonNull(devices, "devices"));
    if (round < 1 || contributors < 1) {
      throw new IllegalArgumentException(
          "round and contributors must be >= 1, were " + round + " and " + contributors);
    }
    if (!devices.isEmpty() && devices.size() != contributors) {
      throw new IllegalArgumentException(
          "devices must name every contributor or none: "
              + devices.size()
              + " devices for "
              + contributors
              + " contributors");
    }
  }

  /** A release whose contributors are not named. */
  public Release(long round, PrivacyEvent event, int contributors, String description) {
    this(round, event, contributors, description, List.of());
  }
}
