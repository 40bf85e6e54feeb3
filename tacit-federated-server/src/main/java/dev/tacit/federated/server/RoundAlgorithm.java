package dev.tacit.federated.server;

import dev.tacit.federated.RoundPlan;
import dev.tacit.privacy.random.RandomSource;
import java.util.Collection;

/**
 * What a round over SecAgg+ needs from the algorithm it trains: a plan for the recruited cohort, a
 * charge when the sum is released, and the step that turns the unmasked sum into the next model.
 * Federated iALS ({@link FederatedServer}) and the two releases of the co-occurrence model ({@code
 * dev.tacit.federated.server.cooccurrence.CooccurrenceRounds}) are the two implementations; {@code
 * dev.tacit.federated.server.round.RoundSession} drives either. Not thread-safe: one coordinator
 * drives it.
 */
public interface RoundAlgorithm {
  /** ε after the next round's release, without changing anything (∞ without noise). */
  double epsilonAfterNextRound();

  /** The ε budget the algorithm's own accountant refuses to pass. */
  double epsilonBudget();

  /** The model version the next round computes on. */
  long modelVersion();

  /**
   * Makes the next planned round number at least {@code round} + 1.
   *
   * @throws IllegalStateException if a round is open
   */
  void advanceRoundNumber(long round);

  /**
   * Plans the next round for a cohort of {@code cohortSize} devices.
   *
   * @throws BudgetExceededException if the round would take ε past the budget (nothing changes)
   * @throws IllegalStateException if a round is already open
   */
  RoundPlan planRound(int cohortSize);

  /**
   * Charges the open round's release of the sum of {@code counted} devices, through {@code gate}
   * and then to the algorithm's own accountant.
   *
   * @param devices the counted devices' ids, or empty
   * @throws IllegalStateException if {@code plan} is not open, was released, or too few are counted
   * @throws BudgetExceededException if the budget or the gate refuses the charge (nothing charged)
   */
  void release(RoundPlan plan, int counted, Collection<String> devices, ReleaseGate gate);

  /**
   * Turns the unmasked sum of the open round into the next model, which is returned.
   *
   * @throws SumRejectedException if the sum is above the bound honest devices imply
   * @throws IllegalStateException if {@code plan} is not the open round
   */
  Object finishRound(RoundPlan plan, long[] sum, int counted, RandomSource serverRandom);

  /**
   * Abandons the open round: nothing is learned; a release already charged keeps its charge.
   *
   * @throws IllegalStateException if {@code plan} is not the open round
   */
  void abortRound(RoundPlan plan);
}
