package dev.tacit.privacy.budget;

import static dev.tacit.check.Preconditions.checkOpenUnit;
import static dev.tacit.check.Preconditions.checkPositive;

/**
 * The total (ε, δ) a purpose may spend.
 *
 * @param epsilon ε > 0 and finite
 * @param delta δ in (0, 1)
 */
public record PrivacyBudget(double epsilon, double delta) {
  /** Validates the values. */
  public PrivacyBudget {
    checkPositive(epsilon, "epsilon");
    checkOpenUnit(delta, "delta");
  }
}
