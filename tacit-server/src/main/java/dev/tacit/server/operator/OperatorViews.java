package dev.tacit.server.operator;

import java.time.Instant;
import java.util.List;

/** The JSON bodies of the operator routes. */
final class OperatorViews {
  private OperatorViews() {}

  /**
   * A change's body: why.
   *
   * @param reason the operator's reason, required, one line of at most 500 characters
   */
  record ReasonRequest(String reason) {}

  /**
   * A budget raise's body.
   *
   * @param epsilon the new ε budget, greater than the current one
   * @param reason the operator's reason
   */
  record RaiseRequest(Double epsilon, String reason) {}

  /**
   * One purpose's budget now.
   *
   * @param purpose the purpose
   * @param epsilon the ε budget in force
   * @param configuredEpsilon the ε budget the server was started with
   * @param delta the δ
   * @param spent the ε spent
   * @param remaining the ε left, never negative
   */
  record BudgetView(
      String purpose,
      double epsilon,
      double configuredEpsilon,
      double delta,
      double spent,
      double remaining) {}

  /**
   * One raise of a budget.
   *
   * @param seq its number
   * @param purpose the purpose
   * @param epsilonBefore the ε budget before
   * @param epsilonAfter the ε budget after
   * @param reason the operator's reason
   * @param auditSeq the audit entry written with it
   * @param raisedAt when
   */
  record RaiseView(
      long seq,
      String purpose,
      double epsilonBefore,
      double epsilonAfter,
      String reason,
      long auditSeq,
      Instant raisedAt) {}

  /**
   * The operator's pause.
   *
   * @param reason why
   * @param auditSeq the audit entry written with it
   * @param pausedAt since when
   */
  record PauseView(String reason, long auditSeq, Instant pausedAt) {}

  /**
   * The state the operator controls.
   *
   * @param paused the operator's pause, or null while rounds run
   * @param budgetPause why no round starts because the training budget is spent, or null
   * @param budgets each purpose's budget
   * @param raises every raise, newest first
   */
  record OperatorView(
      PauseView paused, String budgetPause, List<BudgetView> budgets, List<RaiseView> raises) {}

  /**
   * The answer to a resumption.
   *
   * @param auditSeq the audit entry written with it
   * @param state the state after it
   */
  record ResumedView(long auditSeq, OperatorView state) {}
}
