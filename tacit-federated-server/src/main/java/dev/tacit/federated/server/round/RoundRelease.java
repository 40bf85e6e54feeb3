package dev.tacit.federated.server.round;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.ReleaseGate;
import dev.tacit.federated.server.RoundAlgorithm;
import dev.tacit.federated.server.SumRejectedException;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.secagg.server.AggregateSum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The round's dealings with its {@link RoundAlgorithm}, and what they produce: the plan made when
 * recruiting closes, the release charged when the masking phase closes (of the inputs of devices
 * that still hold training consent, and only when enough of them arrived), the result of the
 * unmasked sum (a model, or a rejection), and the plan given back when the round fails. Not
 * thread-safe: the session calls it under its lock.
 */
final class RoundRelease {
  private final long round;
  private final RoundAlgorithm algorithm;
  private final ReleaseGate gate;
  private final ConsentCheck consents;
  private final RandomSource serverRandom;
  private RoundPlan plan;
  private boolean planOpen;
  private boolean released;
  private int survivors;
  private Object result;
  private SumRejectedException rejection;

  /**
   * The dealings of round {@code round} with {@code algorithm}.
   *
   * @param gate what the release is charged to, beside the algorithm's own accountant
   * @param consents asked, when the masking phase closes, which devices whose masked input arrived
   *     no longer hold training consent
   */
  RoundRelease(
      long round,
      RoundAlgorithm algorithm,
      ReleaseGate gate,
      ConsentCheck consents,
      RandomSource serverRandom) {
    this.round = round;
    this.algorithm = algorithm;
    this.gate = gate;
    this.consents = consents;
    this.serverRandom = serverRandom;
  }

  /**
   * Plans the round for a cohort of {@code n}.
   *
   * @throws AbortRoundException if the round would take ε past the budget ({@link
   *     BudgetExceededException}'s message)
   */
  RoundPlan plan(int n) throws AbortRoundException {
    try {
      algorithm.advanceRoundNumber(round - 1);
      plan = algorithm.planRound(n);
    } catch (BudgetExceededException e) {
      throw new AbortRoundException(e.getMessage());
    }
    planOpen = true;
    return plan;
  }

  /**
   * Closes the masking phase of {@code secAgg}: the inputs of devices that no longer hold training
   * consent are taken out and marked withdrawn in {@code recruits}, the counted inputs are fixed,
   * and the release of their sum is charged before any unmask request can be fetched.
   *
   * @return the clients asked to unmask
   * @throws AbortRoundException if fewer inputs were counted than the plan's noise was scaled for,
   *     or the charge was refused or failed: nothing was released or charged, and no unmask request
   *     is handed out
   */
  Set<Integer> release(SecAggPhases secAgg, Recruitment recruits) throws AbortRoundException {
    Map<String, Integer> senders = recruits.membersAmong(secAgg.countedClients());
    for (String device : consents.withdrawnAmong(senders.keySet())) {
      Integer id = senders.get(device);
      if (id != null && recruits.withdraw(device, false)) {
        secAgg.dropMaskedInput(id);
      }
    }
    int counted = secAgg.countedClients().size();
    if (counted < plan.minSurvivors()) {
      String arrived = "only " + counted + " masked inputs arrived";
      throw new AbortRoundException(
          arrived
              + ", fewer than the "
              + plan.minSurvivors()
              + " the noise was scaled for: nothing was released or charged");
    }
    List<String> devices = new ArrayList<>(recruits.membersAmong(secAgg.countedClients()).keySet());
    Set<Integer> unmaskers = secAgg.finishMasking();
    try {
      algorithm.release(plan, counted, devices, gate);
    } catch (RuntimeException e) { // refused by the budget, or the ledger failed: nothing charged
      secAgg.withholdUnmasking();
      throw new AbortRoundException(
          "the release of the sum was not charged ("
              + (e.getMessage() == null ? e.toString() : e.getMessage())
              + "): no unmask request was sent, nothing was released");
    }
    released = true;
    return unmaskers;
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
