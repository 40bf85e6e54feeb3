package dev.tacit.privacy.budget;

import static dev.tacit.check.Preconditions.checkNotNull;

import dev.tacit.protocol.Purpose;
import java.util.Optional;

/**
 * The outcome of {@link BudgetLedger#trySpend}.
 *
 * @param spend the recorded spend, empty if refused
 * @param purpose the purpose charged
 * @param budget the purpose's budget
 * @param epsilonBefore ε spent before the request, at the budget's δ
 * @param epsilonRequested ε the purpose would have spent had the request been recorded
 */
public record SpendDecision(
    Optional<Spend> spend,
    Purpose purpose,
    PrivacyBudget budget,
    double epsilonBefore,
    double epsilonRequested) {
  /** Validates the values. */
  public SpendDecision {
    checkNotNull(spend, "spend");
    checkNotNull(purpose, "purpose");
    checkNotNull(budget, "budget");
  }

  /** Whether the spend was recorded. */
  public boolean accepted() {
    return spend.isPresent();
  }

  /** ε spent after the decision: the requested total if accepted, the previous one otherwise. */
  public double epsilonAfter() {
    return accepted() ? epsilonRequested : epsilonBefore;
  }
}
