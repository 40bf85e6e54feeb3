package dev.tacit.federated.server;

/** A round was refused because its privacy cost would take ε past the budget. */
public final class BudgetExceededException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final double epsilonAfter;
  private final double budget;

  /** The round would bring ε to {@code epsilonAfter}, above {@code budget}. */
  public BudgetExceededException(double epsilonAfter, double budget) {
    super(
        "the next round would bring epsilon to "
            + epsilonAfter
            + ", above the budget of "
            + budget
            + "; no round was started");
    this.epsilonAfter = epsilonAfter;
    this.budget = budget;
  }

  /** ε after the refused round. */
  public double epsilonAfter() {
    return epsilonAfter;
  }

  /** The budget. */
  public double budget() {
    return budget;
  }
}
