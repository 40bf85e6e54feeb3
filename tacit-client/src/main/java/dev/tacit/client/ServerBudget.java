package dev.tacit.client;

import dev.tacit.federated.RoundPlan;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.PrivacyGuarantee;
import dev.tacit.privacy.participant.ParticipantBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * This device's own training ε against the server: the rounds it sent a masked update to (their
 * noise multipliers are in the transparency log), composed without amplification by sampling, and
 * the budget past which it declines rounds. Called under the client's lock.
 */
final class ServerBudget {
  private final BudgetAgainstServer given;
  private final ParticipantBudget budget;
  private final LocalState state;

  ServerBudget(BudgetAgainstServer given, LocalState state) {
    this.given = given;
    this.budget = new ParticipantBudget(given.epsilon(), given.delta());
    this.state = state;
  }

  BudgetAgainstServer budget() {
    return given;
  }

  /** ε so far, at the budget's δ. */
  EpsilonAgainstServer spent() {
    PrivacyGuarantee g = epsilonOf(state.roundNoiseMultipliers(), budget.delta());
    return new EpsilonAgainstServer(g.epsilon(), g.delta());
  }

  /** ε after one more round at noise multiplier {@code z}, at the budget's δ. */
  PrivacyGuarantee afterOneMore(double z) {
    List<Double> joined = state.roundNoiseMultipliers();
    joined.add(z);
    return epsilonOf(joined, budget.delta());
  }

  /** Whether one more round at {@code z} (0: no noise of the device's own) stays in the budget. */
  boolean admits(double z) {
    return !budget.limited() || afterOneMore(z).epsilon() <= budget.epsilon();
  }

  /** The noise multiplier of the last round this device sent an update to, or null. */
  Double lastNoiseMultiplier() {
    List<Double> joined = state.roundNoiseMultipliers();
    return joined.isEmpty() ? null : joined.get(joined.size() - 1);
  }

  /** What a round of {@code plan} costs this device against the server: its z, 0 for ε = ∞. */
  static double costOf(RoundPlan plan) {
    // With central noise the device adds none: the server sees the exact sum of the updates.
    return plan.deviceNoiseSigma() > 0 ? plan.noiseMultiplier() : 0;
  }

  /** The reason given when one more round at {@code z} would pass the budget. */
  String declined(double z) {
    return String.format(
        Locale.ROOT,
        "declined: one more round would take this device's own epsilon against the server to"
            + " %.4g, past its budget of %.4g (delta %.3g); nothing more was sent",
        afterOneMore(z).epsilon(),
        budget.epsilon(),
        budget.delta());
  }

  /** ε of Gaussian releases with these noise multipliers, unamplified; z = 0 is ε = ∞. */
  private static PrivacyGuarantee epsilonOf(List<Double> multipliers, double delta) {
    List<PrivacyEvent> events = new ArrayList<>();
    for (double z : multipliers) {
      if (z == 0) {
        return new PrivacyGuarantee(Double.POSITIVE_INFINITY, delta, Double.NaN);
      }
      events.add(PrivacyEvent.gaussian(z, 1));
    }
    return ParticipantBudget.spent(events, delta);
  }
}
