package dev.tacit.server.store;

import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.PrivacyGuarantee;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.protocol.Purpose;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Each device's own training ε against the server: the releases it was counted in ({@code
 * device_releases}), composed without amplification by sampling, since the server sees who takes
 * part in each round ({@link ParticipantBudget}). Read from the privacy ledger at each call.
 */
public final class DeviceEpsilons {
  private final SqlLedgerStore ledger;
  private final ParticipantBudget budget;

  /** The ε of each device from {@code ledger}, against the per-device {@code budget}. */
  public DeviceEpsilons(SqlLedgerStore ledger, ParticipantBudget budget) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  /** The per-device budget against the server. */
  public ParticipantBudget budget() {
    return budget;
  }

  /**
   * One device's account against the server.
   *
   * @param guarantee its ε at the budget's δ (0 before it was counted in any release)
   * @param releases the training releases it was counted in, oldest first
   */
  public record Account(PrivacyGuarantee guarantee, List<Spend> releases) {}

  /** The account of {@code deviceId} (empty for a device never counted, or unknown). */
  public Account of(String deviceId) {
    List<Spend> releases =
        ledger.spendsOf(deviceId).stream().filter(s -> s.purpose() == Purpose.TRAINING).toList();
    return new Account(
        ParticipantBudget.spent(releases.stream().map(Spend::event).toList(), budget.delta()),
        releases);
  }

  /**
   * ε against the server over the devices counted in at least one training release (devices never
   * counted have ε = 0 and are left out).
   *
   * @param devicesCounted how many devices were counted in at least one release
   * @param maxEpsilon the largest ε of one device, 0 if none was counted
   * @param medianEpsilon the median ε of those devices, 0 if none was counted
   * @param maxReleases the most releases one device was counted in
   */
  public record Summary(
      int devicesCounted, double maxEpsilon, double medianEpsilon, int maxReleases) {}

  /** The summary over every device, as of now. */
  public Summary summary() {
    Map<List<PrivacyEvent>, Double> cache = new HashMap<>();
    List<Double> epsilons = new ArrayList<>();
    int maxReleases = 0;
    for (List<Spend> releases : ledger.spendsByDevice(Purpose.TRAINING).values()) {
      // Composition does not depend on order: devices counted in the same releases share one ε.
      List<PrivacyEvent> events =
          releases.stream()
              .map(Spend::event)
              .sorted(Comparator.comparing(PrivacyEvent::toString))
              .toList();
      epsilons.add(
          cache.computeIfAbsent(events, e -> ParticipantBudget.spent(e, budget.delta()).epsilon()));
      maxReleases = Math.max(maxReleases, releases.size());
    }
    if (epsilons.isEmpty()) {
      return new Summary(0, 0, 0, 0);
    }
    epsilons.sort(null);
    int n = epsilons.size();
    double median =
        n % 2 == 1 ? epsilons.get(n / 2) : (epsilons.get(n / 2 - 1) + epsilons.get(n / 2)) / 2;
    return new Summary(n, epsilons.get(n - 1), median, maxReleases);
  }
}
