package dev.tacit.server.rounds;

import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.privacy.participant.ParticipantBudget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a device may join the next round: its own ε against the server, the releases it was
 * counted in and the next one composed without amplification (the server sees who takes part), must
 * stay within the per-device budget ({@link dev.tacit.server.config.ServerConfig#deviceBudget}).
 * Counts refusals in the metric {@code tacit.checkins.refused.device_budget}. Thread-safe.
 */
final class DeviceAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceAdmission.class);

  /** How long a device past its own budget is asked to wait: it has no round to join here. */
  static final long RETRY_SECONDS = 3600;

  private final ParticipantBudget budget;
  private final BudgetLedger ledger;
  private final Counter refusals;

  DeviceAdmission(ParticipantBudget budget, BudgetLedger ledger, MeterRegistry meters) {
    this.budget = budget;
    this.ledger = ledger;
    this.refusals =
        Counter.builder("tacit.checkins.refused.device_budget")
            .description(
                "Check-ins refused because the round would take the device past its own epsilon"
                    + " against the server")
            .register(meters);
  }

  /**
   * Whether the device may be counted in a release of {@code event}. Always, without noise ({@code
   * event} null: there is no ε to keep) or without a per-device limit.
   */
  boolean admits(String deviceId, PrivacyEvent event) {
    if (event == null || !budget.limited()) {
      return true;
    }
    List<PrivacyEvent> joined = ledger.spendsOf(deviceId).stream().map(Spend::event).toList();
    if (budget.admits(joined, event)) {
      return true;
    }
    refusals.increment();
    LOG.debug("event=check_in status=refused reason=device_budget");
    return false;
  }
}
