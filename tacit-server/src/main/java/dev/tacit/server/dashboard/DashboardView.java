package dev.tacit.server.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * The JSON document of {@code GET /v1/admin/dashboard}: everything the operator's page shows.
 *
 * @param generatedAt when the server built it
 * @param sinceRound the {@code sinceRound} of the request (only later rounds are listed), or null
 * @param rounds federated rounds
 * @param quality federated evaluation over model versions, with the central baseline
 * @param privacy ε spent against the budget, and the accountant's parameters
 * @param consent current grants per purpose
 * @param deletions deletion requests and how long they took
 * @param fairness the fairness audit of the loaded simulation report
 * @param model the latest published model: its algorithm and the releases that made it; null before
 *     the first
 */
public record DashboardView(
    Instant generatedAt,
    Long sinceRound,
    ModelView model,
    RoundsView rounds,
    QualityView quality,
    PrivacyView privacy,
    ConsentCountsView consent,
    DeletionsView deletions,
    FairnessView fairness) {

  /**
   * The latest published model version.
   *
   * @param algorithm {@code cooccurrence} or {@code ials} for a federated model, else the kind of
   *     its provenance (for example {@code central})
   * @param stage the co-occurrence model's stage ({@code head} or {@code complete}), null for
   *     others
   * @param headSize the co-occurrence model's head N, null for others
   * @param rank the co-occurrence model's r, or the factors of iALS; null when not recorded
   * @param releases the noisy releases that made it, oldest first: the co-occurrence model's
   *     popularity and co-occurrence releases; for iALS, the round that made this version (the
   *     rounds list has the others)
   */
  public record ModelView(
      long version,
      Instant createdAt,
      String algorithm,
      String stage,
      Integer headSize,
      Integer rank,
      List<ReleaseView> releases) {}

  /**
   * One noisy release of a sum, as the model's provenance records it.
   *
   * @param release what was released ({@code popularity}, {@code cooccurrence} or {@code round})
   * @param noiseMultiplier its z
   * @param devicesCounted the devices whose inputs the sum holds
   * @param modelVersion the version it published
   */
  public record ReleaseView(
      long round, String release, double noiseMultiplier, int devicesCounted, long modelVersion) {}

  /**
   * Rounds: counts over all of them, and the rounds after {@code sinceRound}, oldest first.
   *
   * @param rejected rounds whose unmasked sum was larger than honest devices can produce (charged,
   *     no model)
   * @param latestRound the highest round number, null when no round ran
   */
  public record RoundsView(
      long total,
      long completed,
      long aborted,
      long rejected,
      Long latestRound,
      List<RoundView> items) {}

  /**
   * One round.
   *
   * @param durationSeconds from start to completion or abort; null while it runs
   * @param epsilonAfter the training ε spent after this round
   * @param updateNorm the norm of the applied update, or of the rejected sum
   * @param colludingFraction κ: the fraction of the counted devices that may add no noise
   * @param charged whether the round's release was charged to the privacy ledger (it was if its
   *     masking phase closed, whatever happened after)
   */
  public record RoundView(
      long round,
      String status,
      long modelVersion,
      Long resultVersion,
      int cohort,
      int survivors,
      int dropouts,
      Double durationSeconds,
      double epsilonAfter,
      double noiseMultiplier,
      double samplingRate,
      double delta,
      Double updateNorm,
      Instant startedAt,
      Instant finishedAt,
      String note,
      double colludingFraction,
      boolean charged) {}

  /**
   * Quality: mean NDCG@10 and hit rate@10 of each model version, as reported by the devices that
   * granted {@code evaluation} on their own held-back events.
   *
   * @param baseline the central baseline of the loaded simulation report, or null
   */
  public record QualityView(List<QualityPoint> points, BaselineView baseline, String note) {}

  /**
   * The released federated evaluation of one model version: noisy means.
   *
   * @param round the round that produced this version, or null (the initial model)
   * @param devices the number of reports released
   * @param ndcgAt10 the released mean NDCG@10 (noised, clamped to [0, 1])
   * @param hitRateAt10 the released mean hit rate@10 (noised, clamped to [0, 1])
   * @param noiseSigma the standard deviation of the Gaussian noise on each mean
   * @param updatedAt when it was released
   */
  public record QualityPoint(
      long modelVersion,
      Long round,
      long devices,
      double ndcgAt10,
      double hitRateAt10,
      double noiseSigma,
      Instant updatedAt) {}

  /**
   * The central baseline of the simulation report: the same protocol on the central model.
   *
   * @param hitRateAt10 null when the report has no hit rate
   */
  public record BaselineView(String model, double ndcgAt10, Double hitRateAt10, String dataset) {}

  /**
   * Privacy: the budget of each purpose and what is spent, the accountant, and what happens at the
   * end of the budget.
   */
  public record PrivacyView(
      List<BudgetView> purposes,
      AccountantView accountant,
      String whenExhausted,
      DeviceEpsilonsView againstServer) {}

  /**
   * Training ε against the server, per device: each device's own rounds composed without
   * amplification (the budgets' ε above is amplified by sampling, against observers of the
   * published models only).
   *
   * @param epsilonBudget the ε each device may reach, null for no limit
   * @param delta the δ of every ε here (the training budget's)
   * @param devicesCounted the devices counted in at least one round
   * @param maxEpsilon the largest ε of one device
   * @param medianEpsilon the median ε of the devices counted in at least one round
   * @param maxRounds the most rounds one device was counted in
   * @param amplifiedIsAgainst whom the training budget's ε is against, in words
   * @param perDeviceIsAgainst whom these per-device ε are against, in words
   */
  public record DeviceEpsilonsView(
      Double epsilonBudget,
      double delta,
      int devicesCounted,
      double maxEpsilon,
      double medianEpsilon,
      int maxRounds,
      String amplifiedIsAgainst,
      String perDeviceIsAgainst) {}

  /** ε spent by one purpose against its budget, at the budget's δ. */
  public record BudgetView(
      String purpose,
      double epsilonBudget,
      double delta,
      double epsilonSpent,
      double epsilonRemaining,
      double fractionSpent) {}

  /**
   * The privacy accountant and the parameters of the latest training round.
   *
   * @param noiseMultiplier null before the first round
   * @param samplingRate null before the first round
   * @param delta the δ at which ε is reported (the training budget's)
   * @param colludingFraction κ of the latest round (null before the first): ε holds if at most this
   *     fraction of its counted devices added no noise
   */
  public record AccountantView(
      String method,
      Double noiseMultiplier,
      Double samplingRate,
      Double delta,
      String unit,
      Double colludingFraction) {}

  /** Consent: registered devices and how many currently grant each purpose. */
  public record ConsentCountsView(long devices, List<ConsentCount> purposes) {}

  /** The devices whose latest decision for {@code purpose} is a grant. */
  public record ConsentCount(String purpose, long granted) {}

  /**
   * Deletions: all of them counted, the newest listed.
   *
   * @param medianSeconds over the listed ones; null when there are none
   * @param maxSeconds over the listed ones; null when there are none
   */
  public record DeletionsView(
      long total, Double medianSeconds, Double maxSeconds, List<DeletionItem> recent) {}

  /** One deletion request. */
  public record DeletionItem(
      long seq, Instant requestedAt, Instant completedAt, double durationSeconds) {}

  /**
   * The fairness audit.
   *
   * @param loaded whether a simulation report is loaded
   * @param message what the panel says (and why nothing is shown when no report is loaded)
   * @param federated the federated model of the report, or null
   * @param baseline the central baseline of the report, or null
   * @param warnings every group gap above the threshold, in words
   * @param reranking the effect of each re-ranked variant against its base model
   */
  public record FairnessView(
      boolean loaded,
      String message,
      String source,
      Instant loadedAt,
      String dataset,
      double gapThreshold,
      ModelFairness federated,
      ModelFairness baseline,
      List<String> warnings,
      List<RerankEffect> reranking) {}

  /**
   * One model's quality and fairness figures (means over folds); a missing metric is null.
   *
   * @param largestGap the largest per-group NDCG@10 gap over all attributes, or null
   */
  public record ModelFairness(
      String name,
      Double ndcgAt10,
      Double coverage,
      Double gini,
      Double arp,
      Double largestGap,
      List<GroupAttribute> groups) {}

  /** NDCG@10 per group of one attribute (gender, age band, occupation) and its largest gap. */
  public record GroupAttribute(
      String attribute, double largestGap, boolean aboveThreshold, List<GroupValue> groups) {}

  /** The mean NDCG@10 of one group. */
  public record GroupValue(String group, double ndcgAt10) {}

  /**
   * A re-ranked model against its base: differences (re-ranked minus base); null when a side lacks
   * the metric.
   */
  public record RerankEffect(
      String name,
      String base,
      Double ndcgDelta,
      Double coverageDelta,
      Double giniDelta,
      Double arpDelta,
      Double largestGapDelta) {}

  /** The answer of {@code POST /v1/admin/simulation-report}. */
  public record ReportLoadedView(
      long seq, Instant loadedAt, String sha256, String dataset, List<String> models) {}
}
