package dev.tacit.federated.server.round;

import java.util.Collection;
import java.util.Set;

/**
 * Which devices no longer hold training consent, asked once more when the masking phase closes, for
 * withdrawals that did not reach {@link RoundSession#withdraw} (recorded by another server process,
 * say).
 */
@FunctionalInterface
public interface ConsentCheck {
  /** The devices among {@code devices} that withdrew training, or were deleted. */
  Set<String> withdrawnAmong(Collection<String> devices);

  /** No second check: every withdrawal reaches {@link RoundSession#withdraw}. */
  static ConsentCheck none() {
    return devices -> Set.of();
  }
}
