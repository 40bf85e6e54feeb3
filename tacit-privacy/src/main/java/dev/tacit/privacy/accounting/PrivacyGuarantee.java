package dev.tacit.privacy.accounting;

/**
 * An (ε, δ)-DP guarantee and the Rényi order at which the conversion attained it.
 *
 * @param epsilon ε >= 0, possibly infinite when no order gives a finite bound
 * @param delta δ in [0, 1)
 * @param optimalOrder the minimizing order α > 1, NaN if there is none
 */
public record PrivacyGuarantee(double epsilon, double delta, double optimalOrder) {
  /** Validates the values. */
  public PrivacyGuarantee {
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("epsilon must be >= 0, was " + epsilon);
    }
    if (!(delta >= 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in [0, 1), was " + delta);
    }
  }
}
