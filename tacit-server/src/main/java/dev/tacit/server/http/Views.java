package dev.tacit.server.http;

import java.time.Instant;
import java.util.List;

/** The JSON bodies the API answers with, beside the protocol's own messages. */
public final class Views {
  private Views() {}

  /** One consent decision as the server holds it. */
  public record ConsentView(
      String purpose,
      boolean granted,
      String policyVersion,
      Instant decidedAt,
      Instant recordedAt) {}

  /** An audit entry about a device, as the device may see it. */
  public record AuditEntryView(long seq, Instant time, String action, String detail) {}

  /** Everything the server holds about a device. */
  public record DeviceView(
      String deviceId,
      Instant registeredAt,
      String tokenHash,
      String auditReference,
      List<ConsentView> consentEvents,
      List<AuditEntryView> auditEntries,
      String note,
      DeviceEpsilonView epsilonAgainstServer) {}

  /**
   * A device's own training ε against the server: the releases it was counted in, composed without
   * amplification by sampling (the server sees who takes part in each round).
   *
   * @param epsilon ε so far, at {@code delta}
   * @param delta the training budget's δ
   * @param epsilonBudget the ε past which the server admits the device to no more rounds, null for
   *     no limit
   * @param releases the training releases (rounds) the device was counted in, oldest first
   * @param note which adversary this ε is against, in words
   */
  public record DeviceEpsilonView(
      double epsilon,
      double delta,
      Double epsilonBudget,
      List<DeviceReleaseView> releases,
      String note) {}

  /** One release a device was counted in: its privacy-ledger entry. */
  public record DeviceReleaseView(long ledgerSeq, String description, Instant recordedAt) {}

  /** The outcome of a deletion. */
  public record DeletionView(boolean deleted, Instant requestedAt, Instant completedAt) {}

  /** The result of checking the audit chain. */
  public record AuditView(boolean valid, long rows, Long firstBadRow, String problem) {}

  /**
   * The newest row of the audit log, to anchor elsewhere: a later {@code tacit audit verify
   * --anchor SEQ:HASH} checks that row {@code seq} still has {@code hash}.
   */
  public record AuditHeadView(long seq, String hash, Instant time) {}

  /** One entry of the privacy ledger. */
  public record LedgerEntryView(
      long seq,
      String purpose,
      String mechanism,
      double samplingRateOrScale,
      double noiseMultiplierOrSensitivity,
      long repetitions,
      double epsilonAfter,
      double delta,
      String description,
      Instant recordedAt) {}

  /** The privacy ledger. */
  public record LedgerView(List<LedgerEntryView> entries) {}

  /**
   * A purpose in the privacy notice.
   *
   * @param colludingFraction for training: κ, the fraction of the devices counted in a round that
   *     may add no noise while ε still holds; null for the other purposes
   * @param trustAssumption for training: the assumption under which ε holds, in words; null for the
   *     other purposes
   * @param epsilonSpentIsAgainst for training: whom {@code epsilonSpent} protects against, in words
   *     (observers of the published models only: it is amplified by sampling); null otherwise
   * @param deviceEpsilonBudget for training: the ε each device may reach against the server, null
   *     for no limit or for the other purposes
   * @param deviceEpsilonMax for training: the largest ε of one device against the server so far
   * @param deviceEpsilonMedian for training: the median ε against the server of the devices counted
   *     in at least one round
   * @param deviceEpsilonIsAgainst for training: whom the per-device ε is against, in words
   */
  public record PurposeView(
      String purpose,
      String description,
      boolean grantedByDefault,
      String whatLeavesTheDevice,
      Double epsilonBudget,
      Double delta,
      Double epsilonSpent,
      Double colludingFraction,
      String trustAssumption,
      String epsilonSpentIsAgainst,
      Double deviceEpsilonBudget,
      Double deviceEpsilonMax,
      Double deviceEpsilonMedian,
      String deviceEpsilonIsAgainst) {}

  /** The categories of data, by where they live. */
  public record DataCategories(List<String> onDevice, List<String> onServer) {}

  /** The public privacy notice. */
  public record PrivacyNoticeView(
      String policyVersion,
      Instant generatedAt,
      List<PurposeView> purposes,
      DataCategories dataCategories,
      List<String> retention,
      List<String> rights) {}

  /** The health of the server. */
  public record HealthView(String status, String database) {}
}
