package dev.tacit.federated.server.round;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.ReleaseGate;
import dev.tacit.federated.server.RoundAlgorithm;
import dev.tacit.federated.server.SumRejectedException;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.secagg.server.AggregateSum;
import java.util.List;

/**
 * The round's dealings with its {@link RoundAlgorithm}, and what they produce: the plan made when
 * recruiting closes, the release charged when the masking phase closes, the result of the unmasked
 * sum (a model, or a rejection), and the plan given back when the round fails. Not thread-safe: the
 * session calls it under its lock.
 */
final class RoundRelease {
  private final long round;
  private final RoundAlgorithm algorithm;
  private final ReleaseGate gate;
  private final RandomSource serverRandom;
  private RoundPlan plan;
  private boolean planOpen;
  private boolean released;
  private int survivors;
  private Object result;
  private SumRejectedException rejection;

  RoundRelease(long round, RoundAlgorithm algorithm, ReleaseGate gate, RandomSource serverRandom) {
    this.round = round;
    this.algorithm = algorithm;
    this.gate = gate;
    this.serverRandom = serverRandom;
  }

  /**
   * Plans the round for a cohort of {@code n}.
   *
   * @throws BudgetExceededException if the round would take ε past the budget
   */
  RoundPlan plan(int n) {
    algorithm.advanceRoundNumber(round - 1);
    plan = algorithm.planRound(n);
    planOpen = true;
    return plan;
  }

  /**
   * Charges the release of the sum of {@code counted} inputs, from {@code devices}.
   *
   * @throws RuntimeException if the gate refuses it, or fails: nothing was charged
   */
  void release(int counted, List<String> devices) {
    algorithm.release(plan, counted, devices, gate);
    released = true;
  }

  /**
   * Hands the unmasked sum to the algorithm, which closes the plan.
   *
   * @return whether it was accepted; if not, {@link #rejection} says why
   */
  boolean finish(AggregateSum sum) {
    survivors = sum.count();
    planOpen = false; // finishRound closes the plan, also when it refuses
    try {
      result = algorithm.finishRound(plan, sum.sum(), sum.count(), serverRandom);
      return true;
    } catch (SumRejectedException e) {
      rejection = e;
      return false;
    }
  }

  /** The round failed: gives the plan back, if one is open. */
  void abort() {
    if (planOpen) {
      algorithm.abortRound(plan);
      planOpen = false;
    }
  }

  /** The model version the round trains on. */
  long modelVersion() {
    return plan != null ? plan.modelVersion() : algorithm.modelVersion();
  }

  RoundPlan plan() {
    return plan;
  }

  boolean released() {
    return released;
  }

  int survivors() {
    return survivors;
  }

  Object result() {
    return result;
  }

  SumRejectedException rejection() {
    return rejection;
  }
}
