package dev.tacit.server.operator;

import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.error.Conflict;
import dev.tacit.server.error.Invalid;
import dev.tacit.server.rounds.RoundService;
import dev.tacit.server.store.OperatorStore;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's controls over a running server. Every change is validated before anything is
 * written, is stored with its audit entry (naming the operator's reason) in one transaction, and
 * takes effect in memory only once stored; a refused or failed change leaves everything as it was.
 */
public final class OperatorControls {
  /** The longest reason accepted, in characters. */
  public static final int MAX_REASON = 500;

  private final OperatorStore store;
  private final BudgetLedger ledger;
  private final RoundService rounds;
  private final Map<Purpose, PrivacyBudget> configured;

  /**
   * Controls over {@code ledger} and {@code rounds}, stored in {@code store}; {@code configured}
   * are the budgets the server was started with (shown beside the raised ones).
   */
  public OperatorControls(
      OperatorStore store,
      BudgetLedger ledger,
      RoundService rounds,
      Map<Purpose, PrivacyBudget> configured) {
    this.store = Objects.requireNonNull(store, "store");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.rounds = Objects.requireNonNull(rounds, "rounds");
    this.configured = new EnumMap<>(configured);
  }

  /** Holds the rounds again if the operator had paused them before the server last stopped. */
  public void restore() {
    store.pause().ifPresent(p -> rounds.hold(p.reason()));
  }

  /** The budgets the server was started with. */
  public Map<Purpose, PrivacyBudget> configured() {
    return Map.copyOf(configured);
  }

  /** The ledger. */
  BudgetLedger ledger() {
    return ledger;
  }

  /** The store. */
  OperatorStore store() {
    return store;
  }

  /** The operator's pause, or empty. */
  public Optional<OperatorStore.Pause> pause() {
    return store.pause();
  }

  /** Why rounds stop because the training budget is spent, or empty. */
  public Optional<String> budgetPause() {
    return rounds.paused();
  }

  /**
   * Raises {@code purpose}'s ε budget to {@code epsilon}, keeping its δ; the ledger still refuses
   * any spend beyond the raised budget.
   *
   * @throws Invalid REASON if the reason is not valid
   * @throws IllegalArgumentException if the purpose has no budget, or {@code epsilon} is not finite
   * @throws Conflict BUDGET_NOT_RAISED if {@code epsilon} is not greater than the current budget (a
   *     budget is never lowered)
   */
  public synchronized OperatorStore.BudgetRaise raiseBudget(
      Purpose purpose, double epsilon, String reason) {
    String why = reason(reason);
    OperatorStore.BudgetRaise[] stored = new OperatorStore.BudgetRaise[1];
    PrivacyBudget before = ledger.budget(purpose);
    if (!(epsilon > before.epsilon())) {
      throw new Conflict(
          Conflict.Kind.BUDGET_NOT_RAISED,
          String.format(
              Locale.ROOT,
              "a budget can only be raised: the %s budget is epsilon = %s (%.4f spent), the"
                  + " new epsilon must be greater, was %s",
              purpose.name().toLowerCase(Locale.ROOT),
              before.epsilon(),
              ledger.spent(purpose).epsilon(),
              epsilon));
    }
    ledger.raiseBudget(
        purpose, epsilon, after -> stored[0] = store.recordRaise(purpose, before, after, why));
    if (purpose == Purpose.TRAINING) {
      rounds.budgetRaised();
    }
    return stored[0];
  }

  /**
   * Pauses the rounds: no round opens and check-ins are told to come back later; a round already
   * open runs to its end.
   *
   * @throws Invalid REASON if the reason is not valid
   * @throws Conflict ALREADY_PAUSED if the rounds are paused already
   */
  public synchronized OperatorStore.Pause pauseRounds(String reason) {
    OperatorStore.Pause p = store.pauseRounds(reason(reason));
    rounds.hold(p.reason());
    return p;
  }

  /**
   * Resumes the rounds.
   *
   * @return the audit entry's sequence number
   * @throws Invalid REASON if the reason is not valid
   * @throws Conflict NOT_PAUSED if the rounds are not paused
   */
  public synchronized long resumeRounds(String reason) {
    long seq = store.resumeRounds(reason(reason));
    rounds.unhold();
    return seq;
  }

  /**
   * The operator's reason, stripped: required, at most {@value #MAX_REASON} characters, no control
   * characters (it is written to one audit line).
   *
   * @throws Invalid REASON otherwise
   */
  public static String reason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new Invalid(
          Invalid.Kind.REASON, "reason is required: say why, in a sentence, for the audit log");
    }
    String r = reason.strip();
    if (r.length() > MAX_REASON) {
      throw new Invalid(
          Invalid.Kind.REASON,
          "reason must be at most " + MAX_REASON + " characters, was " + r.length());
    }
    if (r.chars().anyMatch(Character::isISOControl)) {
      throw new Invalid(
          Invalid.Kind.REASON,
          "reason must be one line without control characters (it is written to the audit log)");
    }
    return r;
  }

  /** The purpose named {@code name} (its lower-case name), or empty if there is none. */
  public static Optional<Purpose> purpose(String name) {
    for (Purpose p : Purpose.values()) {
      if (p.budgeted() && p.name().toLowerCase(Locale.ROOT).equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
