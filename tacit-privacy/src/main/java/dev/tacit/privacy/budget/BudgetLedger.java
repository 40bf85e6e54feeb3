package dev.tacit.privacy.budget;

import static dev.tacit.check.Preconditions.checkNotNull;

import dev.tacit.privacy.accounting.Accountant;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.PrivacyGuarantee;
import dev.tacit.protocol.Purpose;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A ledger of privacy spends per purpose that refuses any spend that would take a purpose past its
 * budget. ε is computed by an RDP accountant (improved conversion) over every spend of the purpose,
 * at the budget's δ.
 *
 * <p>Thread-safe: {@link #trySpend} is atomic, and a refusal (or a failure of the store) changes
 * nothing. Atomicity holds within one ledger instance; processes sharing a store need the store to
 * serialize them.
 */
public final class BudgetLedger {
  private final LedgerStore store;
  private final Map<Purpose, PrivacyBudget> budgets; // guarded by lock: raised by raiseBudget
  private final Clock clock;
  private final Map<Purpose, Accountant> accountants = new EnumMap<>(Purpose.class);
  private final List<Spend> spends = new ArrayList<>();
  private final Object lock = new Object();
  private long lastSequence;

  private BudgetLedger(LedgerStore store, Map<Purpose, PrivacyBudget> budgets, Clock clock) {
    this.store = store;
    this.budgets = new EnumMap<>(budgets);
    this.clock = clock;
    for (Purpose purpose : budgets.keySet()) {
      accountants.put(purpose, Accountant.rdp());
    }
  }

  /**
   * Opens a ledger over {@code store}, replaying the spends it already holds.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the store holds a spend for a purpose without a budget
   */
  public static BudgetLedger open(
      LedgerStore store, Map<Purpose, PrivacyBudget> budgets, Clock clock) {
    checkNotNull(store, "store");
    checkNotNull(budgets, "budgets");
    checkNotNull(clock, "clock");
    BudgetLedger ledger = new BudgetLedger(store, budgets, clock);
    for (Spend spend : store.readAll()) {
      ledger.accountant(spend.purpose()).compose(spend.event());
      ledger.spends.add(spend);
      ledger.lastSequence = Math.max(ledger.lastSequence, spend.sequence());
    }
    return ledger;
  }

  /**
   * Recomputes ε per purpose from the spends in {@code store}, at each budget's δ.
   *
   * @throws IllegalArgumentException if the store holds a spend for a purpose without a budget
   */
  public static Map<Purpose, PrivacyGuarantee> replay(
      LedgerStore store, Map<Purpose, PrivacyBudget> budgets) {
    checkNotNull(store, "store");
    checkNotNull(budgets, "budgets");
    Map<Purpose, Accountant> accountants = new EnumMap<>(Purpose.class);
    for (Purpose purpose : budgets.keySet()) {
      accountants.put(purpose, Accountant.rdp());
    }
    for (Spend spend : store.readAll()) {
      Accountant accountant = accountants.get(spend.purpose());
      if (accountant == null) {
        throw new IllegalArgumentException("no budget for purpose " + spend.purpose());
      }
      accountant.compose(spend.event());
    }
    Map<Purpose, PrivacyGuarantee> out = new EnumMap<>(Purpose.class);
    accountants.forEach((p, a) -> out.put(p, a.guarantee(budgets.get(p).delta())));
    return out;
  }

  /**
   * Records {@code event} against {@code purpose} if the purpose's ε, with it, stays within budget;
   * otherwise refuses and changes nothing.
   *
   * @throws IllegalArgumentException if {@code purpose} has no budget
   * @throws RuntimeException if the store fails, in which case nothing is recorded
   */
  public SpendDecision trySpend(Purpose purpose, PrivacyEvent event, String description) {
    return trySpend(purpose, event, description, List.of());
  }

  /**
   * As {@link #trySpend(Purpose, PrivacyEvent, String)}, and records the {@code participants}
   * counted in the release with the spend, atomically ({@link LedgerStore#append(Spend,
   * Collection)}), so that each participant's own ε can be composed from the spends it was counted
   * in ({@link dev.tacit.privacy.participant.ParticipantBudget}).
   *
   * @throws IllegalArgumentException if {@code purpose} has no budget
   * @throws UnsupportedOperationException if participants are given and the store keeps no
   *     per-participant records (nothing is recorded)
   * @throws RuntimeException if the store fails, in which case nothing is recorded
   */
  public SpendDecision trySpend(
      Purpose purpose, PrivacyEvent event, String description, Collection<String> participants) {
    checkNotNull(purpose, "purpose");
    checkNotNull(event, "event");
    checkNotNull(description, "description");
    checkNotNull(participants, "participants");
    synchronized (lock) {
      PrivacyBudget budget = budget(purpose);
      Accountant current = accountant(purpose);
      double before = current.guarantee(budget.delta()).epsilon();
      Accountant candidate = current.copy().compose(event);
      double requested = candidate.guarantee(budget.delta()).epsilon();
      if (requested > budget.epsilon()) {
        return new SpendDecision(Optional.empty(), purpose, budget, before, requested);
      }
      Spend spend = new Spend(lastSequence + 1, purpose, event, clock.instant(), description);
      store.append(spend, participants);
      accountants.put(purpose, candidate);
      spends.add(spend);
      lastSequence = spend.sequence();
      return new SpendDecision(Optional.of(spend), purpose, budget, before, requested);
    }
  }

  /**
   * The ε {@code purpose} would have spent with {@code event} recorded, at its budget's δ, without
   * recording anything: a cheap check before work that may later spend it with {@link #trySpend}
   * (which alone is binding: other spends may come in between).
   *
   * @throws IllegalArgumentException if {@code purpose} has no budget
   */
  public double epsilonIfSpent(Purpose purpose, PrivacyEvent event) {
    checkNotNull(purpose, "purpose");
    checkNotNull(event, "event");
    synchronized (lock) {
      PrivacyBudget budget = budget(purpose);
      return accountant(purpose).copy().compose(event).guarantee(budget.delta()).epsilon();
    }
  }

  /**
   * The (ε, δ) spent so far by {@code purpose}, at its budget's δ.
   *
   * @throws IllegalArgumentException if {@code purpose} has no budget
   */
  public PrivacyGuarantee spent(Purpose purpose) {
    synchronized (lock) {
      return accountant(purpose).guarantee(budget(purpose).delta());
    }
  }

  /**
   * The ε still available to {@code purpose}, never negative.
   *
   * @throws IllegalArgumentException if {@code purpose} has no budget
   */
  public double remainingEpsilon(Purpose purpose) {
    synchronized (lock) {
      return Math.max(0, budget(purpose).epsilon() - spent(purpose).epsilon());
    }
  }

  /**
   * The budget of {@code purpose}.
   *
   * @throws IllegalArgumentException if {@code purpose} has no budget
   */
  public PrivacyBudget budget(Purpose purpose) {
    checkNotNull(purpose, "purpose");
    synchronized (lock) {
      PrivacyBudget budget = budgets.get(purpose);
      if (budget == null) {
        throw new IllegalArgumentException("no budget for purpose " + purpose);
      }
      return budget;
    }
  }

  /**
   * Raises the ε budget of {@code purpose} to {@code epsilon}, keeping its δ. A budget is only ever
   * raised: since no spend takes a purpose past its budget, the new budget is also above what is
   * spent. {@code record} is called with the new budget, under the ledger's lock, before it takes
   * effect: it must store the change durably (with its audit entry, in one transaction); if it
   * throws, the budget stays as it was and the exception propagates. Later spends are checked
   * against the raised budget.
   *
   * @return the new budget
   * @throws IllegalArgumentException if {@code purpose} has no budget, or {@code epsilon} is not
   *     finite or not greater than the current budget's ε
   */
  public PrivacyBudget raiseBudget(
      Purpose purpose, double epsilon, Consumer<PrivacyBudget> record) {
    checkNotNull(purpose, "purpose");
    checkNotNull(record, "record");
    synchronized (lock) {
      PrivacyBudget current = budget(purpose);
      if (!Double.isFinite(epsilon) || epsilon <= current.epsilon()) {
        throw new IllegalArgumentException(
            "the "
                + purpose.name().toLowerCase(java.util.Locale.ROOT)
                + " budget can only be raised: epsilon must be finite and greater than the"
                + " current budget "
                + current.epsilon()
                + ", was "
                + epsilon);
      }
      PrivacyBudget raised = new PrivacyBudget(epsilon, current.delta());
      record.accept(raised);
      budgets.put(purpose, raised);
      return raised;
    }
  }

  /**
   * The recorded spends {@code participant} was counted in, in sequence order, read from the store.
   *
   * @throws UnsupportedOperationException if the store keeps no per-participant records
   */
  public List<Spend> spendsOf(String participant) {
    checkNotNull(participant, "participant");
    return store.spendsOf(participant);
  }

  /** Every recorded spend, in sequence order. */
  public List<Spend> spends() {
    synchronized (lock) {
      return List.copyOf(spends);
    }
  }

  private Accountant accountant(Purpose purpose) {
    Accountant accountant = accountants.get(purpose);
    if (accountant == null) {
      throw new IllegalArgumentException("no budget for purpose " + purpose);
    }
    return accountant;
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "BudgetLedger[budgets=" + budgets + "]";
    }
  }
}
