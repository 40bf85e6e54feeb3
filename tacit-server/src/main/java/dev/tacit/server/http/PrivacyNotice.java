package dev.tacit.server.http;

import dev.tacit.federated.PrivacySettings;
import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.http.Views.DataCategories;
import dev.tacit.server.http.Views.PrivacyNoticeView;
import dev.tacit.server.http.Views.PurposeView;
import dev.tacit.server.store.DeviceEpsilons;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The public privacy notice, generated from the running configuration and the privacy ledger. */
public final class PrivacyNotice {
  private final ServerConfig config;
  private final BudgetLedger ledger;
  private final PrivacySettings training;
  private final double samplingRate;
  private final DeviceEpsilons devices;
  private final String evaluation;
  private final String algorithm;

  /**
   * The notice of a server with this configuration, ledger and training privacy (whose κ, the trust
   * assumption, the notice states next to ε), the sampling rate q its training ε is amplified by,
   * each device's own ε against the server, and what federated evaluation sends and keeps, in words
   * (the evaluation settings' {@code description()}), and the algorithm it trains ({@code "ials"}
   * or {@code "cooccurrence"}, as {@code TrainingSettings.algorithm()} names it).
   */
  public PrivacyNotice(
      ServerConfig config,
      BudgetLedger ledger,
      PrivacySettings training,
      double samplingRate,
      DeviceEpsilons devices,
      String evaluation,
      String algorithm) {
    this.config = java.util.Objects.requireNonNull(config, "config");
    this.ledger = java.util.Objects.requireNonNull(ledger, "ledger");
    this.training = java.util.Objects.requireNonNull(training, "training");
    this.samplingRate = samplingRate;
    this.devices = java.util.Objects.requireNonNull(devices, "devices");
    this.evaluation = java.util.Objects.requireNonNull(evaluation, "evaluation");
    this.algorithm = java.util.Objects.requireNonNull(algorithm, "algorithm");
  }

  /** The notice as of now. */
  public PrivacyNoticeView now() {
    return of(config, ledger, training, samplingRate, devices.summary(), evaluation, algorithm);
  }

  /**
   * Whom the training ε of the ledger protects against, in words, for a server that trains {@code
   * algorithm} ({@code "cooccurrence"} adds how its releases are made; any other name says nothing
   * about them).
   */
  public static String amplifiedEpsilonIsAgainst(Double samplingRate, String algorithm) {
    if (samplingRate != null && samplingRate >= 1) {
      return "everyone, those who see only the published models and the server alike: every"
          + " device with training consent is asked into every release (q = 1, no sampling, so"
          + " nothing is amplified), so no device's own epsilon against the server exceeds this"
          + " one"
          + ("cooccurrence".equals(algorithm)
              ? "; a private co-occurrence model is trained in two releases (the popularity"
                  + " of every item, then the co-occurrence of the most popular ones), two more"
                  + " at each refresh, all within this budget"
              : "");
    }
    return "those who see only the published models: it is amplified by sampling (each device"
        + " takes part in a round with probability q"
        + (samplingRate == null ? "" : " = " + samplingRate)
        + "), which holds only against someone who does not know who took part. The server sees"
        + " every check-in, so it does not hold against the server: see the per-device epsilon";
  }

  /** Whom each device's own ε protects against, in words. */
  public static final String DEVICE_EPSILON_IS_AGAINST =
      "the server (and anyone who learns who took part in which round): each device's own"
          + " rounds, the ones its update was counted in, composed without amplification; a"
          + " device is admitted to no round that would take it past its budget";

  /**
   * The trust assumption under which training's ε holds, in words: what fraction of the devices
   * counted in a round may add no noise (collude with the server, or be its own).
   */
  public static String trustAssumption(PrivacySettings training) {
    if (!training.isPrivate()) {
      return "training adds no noise: its epsilon is infinite, whoever the devices are";
    }
    if (training.noiseAt() == PrivacySettings.NoiseAt.SERVER) {
      return "the server adds all the noise after unmasking: epsilon holds only if the server"
          + " itself is trusted";
    }
    return String.format(
        Locale.ROOT,
        "epsilon holds even if up to %.0f%% (kappa = %s) of the devices counted in a round add no"
            + " noise, for example because they collude with the server: the other devices' noise"
            + " alone carries what the ledger charges. If more collude, the protection is weaker"
            + " than epsilon says.",
        training.colludingFraction() * 100,
        training.colludingFraction());
  }

  /** The notice as of now. */
  static PrivacyNoticeView of(
      ServerConfig config,
      BudgetLedger ledger,
      PrivacySettings training,
      double samplingRate,
      DeviceEpsilons.Summary devices,
      String evaluation,
      String algorithm) {
    ParticipantBudget deviceBudget = config.deviceBudget();
    List<PurposeView> purposes = new ArrayList<>();
    for (Purpose p : Purpose.values()) {
      PrivacyBudget budget = // the ledger's: the operator may have raised it
          !p.budgeted() || !config.budgets().containsKey(p) ? null : ledger.budget(p);
      purposes.add(
          new PurposeView(
              p.wireName(),
              description(p, evaluation),
              false,
              leaves(p),
              budget == null ? null : budget.epsilon(),
              budget == null ? null : budget.delta(),
              budget == null ? null : ledger.spent(p).epsilon(),
              p == Purpose.TRAINING ? training.colludingFraction() : null,
              p == Purpose.TRAINING ? trustAssumption(training) : null,
              p == Purpose.TRAINING ? amplifiedEpsilonIsAgainst(samplingRate, algorithm) : null,
              p == Purpose.TRAINING && deviceBudget.limited() ? deviceBudget.epsilon() : null,
              p == Purpose.TRAINING ? devices.maxEpsilon() : null,
              p == Purpose.TRAINING ? devices.medianEpsilon() : null,
              p == Purpose.TRAINING ? DEVICE_EPSILON_IS_AGAINST : null));
    }
    return new PrivacyNoticeView(
        config.policyVersion(),
        config.clock().instant(),
        purposes,
        new DataCategories(
            List.of(
                "behavioural signals (item, signal type, time), encrypted, with their retention"
                    + " limit",
                "the device's own user factor",
                "consent state and the log of everything sent to the server"),
            List.of(
                "a pseudonymous device id with no link to a person",
                "the SHA-256 hash of the device's token (never the token)",
                "consent events: purpose, granted or withdrawn, policy version, time",
                "the aggregate model (item factors), never a single device's update",
                "the privacy ledger, the deletion log (times only) and a hash-chained audit log"
                    + " that names no device")),
        List.of(
            "device record and consent events: until you ask for deletion (in your app or"
                + " the privacy center), which erases them at once",
            "deletion log: request and completion times, without the device id, kept",
            "audit log: kept; an entry about a device names no device (its subject is"
                + " 'device'): the link from a device to its entries is kept apart and erased"
                + " with the device",
            "duplicate checks: while an analytics query is open or an evaluation not yet"
                + " released, an HMAC of the device id under that query's or version's random key;"
                + " erased when the query closes or the evaluation is released, and with the"
                + " device",
            "models and privacy ledger: kept, they hold no per-device data",
            "what remains after deletion: the audit entries (time, action, purpose), the"
                + " deletion's times, and the aggregates the device contributed to (model"
                + " versions, evaluation sums, analytics counts); nothing in them links to the"
                + " device id, its reference or its token"),
        List.of(
            "see everything this server holds about your device, at any time, in your app's"
                + " privacy settings or in the privacy center",
            "turn each purpose on or off at any time: turning one off takes effect at once, also"
                + " in a training round already under way",
            "download all of it as a file",
            "delete everything about your device from this server, at once"));
  }

  /** The notice as plain text. */
  public static String text(PrivacyNoticeView n) {
    StringBuilder sb = new StringBuilder();
    sb.append("Tacit privacy notice, policy version ")
        .append(n.policyVersion())
        .append(" (generated ")
        .append(n.generatedAt())
        .append(")\n\nPurposes (none is granted by default):\n");
    for (PurposeView p : n.purposes()) {
      sb.append("- ").append(p.purpose()).append(": ").append(p.description()).append('\n');
      sb.append("  leaves the device: ").append(p.whatLeavesTheDevice()).append('\n');
      if (p.epsilonBudget() != null) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  privacy budget: epsilon %.4g at delta %.3g; spent so far: epsilon %.4g%n",
                p.epsilonBudget(),
                p.delta(),
                p.epsilonSpent()));
      }
      if (p.epsilonSpentIsAgainst() != null) {
        sb.append("  that epsilon is against ").append(p.epsilonSpentIsAgainst()).append('\n');
        sb.append(
            String.format(
                Locale.ROOT,
                "  epsilon against the server, per device: at most %s each; so far %.4g at most,"
                    + " %.4g the median of the devices that took part%n",
                p.deviceEpsilonBudget() == null
                    ? "no limit"
                    : String.format(Locale.ROOT, "%.4g", p.deviceEpsilonBudget()),
                p.deviceEpsilonMax(),
                p.deviceEpsilonMedian()));
        sb.append("  that epsilon is against ").append(p.deviceEpsilonIsAgainst()).append('\n');
      }
      if (p.trustAssumption() != null) {
        sb.append("  trust assumption: ").append(p.trustAssumption()).append('\n');
      }
    }
    sb.append("\nKept on the device:\n");
    n.dataCategories().onDevice().forEach(s -> sb.append("- ").append(s).append('\n'));
    sb.append("\nHeld by the server:\n");
    n.dataCategories().onServer().forEach(s -> sb.append("- ").append(s).append('\n'));
    sb.append("\nRetention:\n");
    n.retention().forEach(s -> sb.append("- ").append(s).append('\n'));
    sb.append("\nYour rights:\n");
    n.rights().forEach(s -> sb.append("- ").append(s).append('\n'));
    return sb.toString();
  }

  private static String description(Purpose p, String evaluation) {
    return switch (p) {
      case PERSONALIZATION -> "recommendations computed on the device from its own history";
      case TRAINING -> "federated training of the shared model";
      case ANALYTICS -> "local-DP telemetry reports";
      case EVALUATION -> evaluation;
    };
  }

  private static String leaves(Purpose p) {
    return switch (p) {
      case PERSONALIZATION -> "nothing";
      case TRAINING -> "a clipped, noised, quantized and masked model update";
      case ANALYTICS -> "a randomized (local-DP) report";
      case EVALUATION ->
          "two numbers per model version, at most once per version: how well it ranked your"
              + " next choices (NDCG@10 and hit@10), added into sums released only with noise";
    };
  }
}
