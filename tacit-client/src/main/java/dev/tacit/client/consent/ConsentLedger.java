package dev.tacit.client.consent;

import dev.tacit.protocol.Purpose;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The purposes granted now, replayed from the decisions in order. Not thread-safe, except {@link
 * #trainingGranted()}, which a round in progress reads without a lock so that a withdrawal stops it
 * at once.
 */
public final class ConsentLedger {
  private final Set<Purpose> granted = EnumSet.noneOf(Purpose.class);
  private volatile boolean trainingGranted;

  /** A ledger of these decisions, oldest first. */
  public ConsentLedger(List<ConsentRecord> history) {
    for (ConsentRecord c : history) {
      apply(c);
    }
  }

  /** Applies one more decision. */
  public void apply(ConsentRecord decision) {
    if (decision.granted()) {
      granted.add(decision.purpose());
    } else {
      granted.remove(decision.purpose());
    }
    trainingGranted = granted.contains(Purpose.TRAINING);
  }

  /** Stops training at once, before the withdrawal is recorded. */
  public void stopTraining() {
    trainingGranted = false;
  }

  /** Whether {@code training} is granted; safe to read without a lock. */
  public boolean trainingGranted() {
    return trainingGranted;
  }

  /** Whether the purpose is granted now. */
  public boolean isGranted(Purpose purpose) {
    return granted.contains(purpose);
  }

  /** Whether any of the purposes is granted now. */
  public boolean anyGranted(Purpose... purposes) {
    for (Purpose p : purposes) {
      if (granted.contains(p)) {
        return true;
      }
    }
    return false;
  }

  /** The purposes granted now. */
  public Set<Purpose> granted() {
    return granted.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(granted));
  }

  /** The purposes granted now, in the enum's order. */
  public List<Purpose> grantedInOrder() {
    return List.copyOf(granted);
  }

  /** Forgets every decision. */
  public void clear() {
    granted.clear();
    trainingGranted = false;
  }
}
