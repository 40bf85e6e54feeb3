package dev.tacit.server.http;

import dev.tacit.protocol.Purpose;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where withdrawals of consent are announced, right after they are recorded (no polling): the
 * rounds listen to drop a device mid-round.
 */
public final class Withdrawals {
  private static final Logger LOG = LoggerFactory.getLogger(Withdrawals.class);

  /** Told when a device withdraws a purpose, once the withdrawal is recorded. */
  @FunctionalInterface
  public interface Listener {
    /** {@code deviceId} withdrew {@code purpose} (a deleted device withdraws every purpose). */
    void withdrawn(String deviceId, Purpose purpose);
  }

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /** Tells {@code listener} of every withdrawal of consent and every deletion from now on. */
  public void listen(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Tells every listener that {@code deviceId} withdrew {@code purpose}. */
  void announce(String deviceId, Purpose purpose) {
    for (Listener l : listeners) {
      try {
        l.withdrawn(deviceId, purpose);
      } catch (RuntimeException e) { // the withdrawal is recorded; a listener cannot undo it
        LOG.error("a withdrawal listener failed", e);
      }
    }
  }
}
