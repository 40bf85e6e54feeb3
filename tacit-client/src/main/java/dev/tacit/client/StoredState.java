package dev.tacit.client;

import dev.tacit.client.consent.ConsentRecord;
import java.util.List;

/**
 * The snapshot of a client's state, as JSON inside the encrypted store.
 *
 * @param format the state format, 1
 * @param events the events
 * @param consent the consent decisions
 * @param outbound the transparency log
 * @param deviceId the pseudonymous id, or null before registration
 * @param token the bearer token, or null
 * @param userFactor the last user factor, or null
 * @param userFactorModelVersion the model version of the factor, or -1
 */
record StoredState(
    int format,
    List<Event> events,
    List<ConsentRecord> consent,
    List<OutboundRecord> outbound,
    String deviceId,
    String token,
    float[] userFactor,
    long userFactorModelVersion) {
  /** The empty state of a new store. */
  static StoredState empty() {
    return new StoredState(1, List.of(), List.of(), List.of(), null, null, null, -1);
  }

  @Override
  public String toString() {
    return "StoredState[" + events.size() + " events]";
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
