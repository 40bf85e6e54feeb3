package dev.tacit.server.rounds;

import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.Release;
import dev.tacit.federated.server.ReleaseGate;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.budget.SpendDecision;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.store.Storage;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's privacy ledger as the rounds' {@link ReleaseGate}: charges each round's release to
 * the training budget, atomically, when the round's masking phase closes, right before the unmask
 * requests go out (from then on the server could compute the sum, so the charge is conservative). A
 * round that ends earlier charges nothing, one that ends later keeps its charge, and one whose
 * charge the ledger refuses aborts before any unmask request is sent; training then pauses until
 * the operator raises the budget. Each round's row names the ledger spend that charged it, and the
 * ledger records which devices each release counted ({@code device_releases}), in the same
 * transaction. Thread-safe; takes no lock of {@link RoundService}, since it is called under a
 * session's lock.
 */
final class LedgerGate implements ReleaseGate {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerGate.class);

  private final BudgetLedger ledger;
  private final Storage storage;
  private final TrainingSettings settings;
  private final RoundRecorder recorder;
  private volatile String pausedBecause;

  LedgerGate(
      BudgetLedger ledger, Storage storage, TrainingSettings settings, RoundRecorder recorder) {
    this.ledger = ledger;
    this.storage = storage;
    this.settings = settings;
    this.recorder = recorder;
  }

  /** The training ε budget, with the operator's raises; infinite when training adds no noise. */
  double budgetEpsilon() {
    return budgetEpsilon(settings, ledger);
  }

  /** {@link #budgetEpsilon()} of {@code ledger} under {@code settings}, before a gate is built. */
  static double budgetEpsilon(TrainingSettings settings, BudgetLedger ledger) {
    return settings.privacy().isPrivate()
        ? ledger.budget(Purpose.TRAINING).epsilon()
        : Double.POSITIVE_INFINITY;
  }

  /**
   * Charges a round's release to the privacy ledger, atomically: called when its masking phase
   * closes, under the session's lock. The ledger's spend is recorded with the round ({@link
   * RoundRecorder#charged}).
   *
   * @throws BudgetExceededException if the ledger refuses it (the budget was spent meanwhile, by
   *     another process for example): training pauses, and the round aborts before any unmask
   *     request is sent
   */
  @Override
  public void charge(Release release) {
    SpendDecision d =
        ledger.trySpend(
            Purpose.TRAINING,
            release.event(),
            release.description() + ", " + release.contributors() + " devices counted",
            release.devices());
    if (!d.accepted()) {
      pause(d.epsilonAfter());
      storage.audit(
          "training.paused", "budget exhausted at the release of round " + release.round());
      throw new BudgetExceededException(d.epsilonAfter(), budgetEpsilon());
    }
    recorder.charged(release.round(), d.spend().orElseThrow().sequence());
  }

  /**
   * Whether one more release of {@code next} would fit the training budget, checked before round
   * {@code round} opens; if not, training pauses. A cheap check, not a charge: the charge, binding,
   * comes with the release. Always, when training adds no noise.
   */
  boolean fits(Supplier<PrivacyEvent> next, long round) {
    if (!settings.privacy().isPrivate()) {
      return true;
    }
    double after = ledger.epsilonIfSpent(Purpose.TRAINING, next.get());
    if (after <= budgetEpsilon()) {
      return true;
    }
    pause(after);
    storage.audit("training.paused", "budget exhausted before round " + round);
    return false;
  }

  /** Pauses training: one more round would take ε to {@code epsilonAfter}, past the budget. */
  void pause(double epsilonAfter) {
    pause(
        String.format(
            Locale.ROOT,
            "the training budget is spent: one more round would take ε to %.4f, past the"
                + " budget of %.4f; no round starts",
            epsilonAfter,
            ledger.budget(Purpose.TRAINING).epsilon()));
    LOG.warn(pausedBecause);
  }

  /** Pauses training for {@code reason}. */
  void pause(String reason) {
    pausedBecause = reason;
  }

  /** The budget was raised: training may go on. */
  void resume() {
    pausedBecause = null;
  }

  /** Why training is paused, or empty. */
  Optional<String> paused() {
    return Optional.ofNullable(pausedBecause);
  }
}
