package dev.tacit.client.consent;

import dev.tacit.protocol.Purpose;
import java.util.List;
import java.util.Set;

/**
 * The user's consent, one purpose at a time. No purpose is granted by default; every decision is
 * kept with the policy version the user was shown.
 */
public interface Consent {

  /** The version of the privacy policy the app shows; decisions are recorded against it. */
  String policyVersion();

  /** Grants a purpose under {@link #policyVersion()}. */
  void grant(Purpose purpose);

  /**
   * Withdraws a purpose. Withdrawing {@link Purpose#TRAINING} stops participation at once: no
   * further message of a round in progress is sent.
   */
  void withdraw(Purpose purpose);

  /** Whether the purpose is granted now. */
  boolean isGranted(Purpose purpose);

  /** The purposes granted now. */
  Set<Purpose> granted();

  /** Every decision, oldest first. */
  List<ConsentRecord> history();
}
