package dev.tacit.server.rounds;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.CooccurrenceRounds;
import dev.tacit.federated.cooccurrence.CooccurrenceServer;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.RoundStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server's side of the private co-occurrence model: the pair of releases in progress, if any,
 * and how their models are published (a {@link CooccurrenceFrame} with its provenance). Model
 * version 0 is the {@linkplain CooccurrenceFrame.Stage#INITIAL initial} model; each pair publishes
 * two versions, the head and then the complete model. A server that restarts resumes with a new
 * pair unless the latest version is complete (a pair cut in the middle starts again: its first
 * release stays charged in the ledger). A refresh ({@link #refresh}) starts another pair on the
 * latest complete version; the ledger bounds what all pairs together cost. Driven under the lock of
 * {@link RoundService}.
 */
final class CooccurrenceTraining {
  private final TrainingSettings settings;
  private final RoundStore store;
  private double epsilonBudget; // raised by the operator: the next pairs are planned against it
  private final double delta;
  private int numItems;
  private CooccurrenceRounds pair;

  CooccurrenceTraining(
      TrainingSettings settings, RoundStore store, double epsilonBudget, double delta) {
    this.settings = settings;
    this.store = store;
    this.epsilonBudget = epsilonBudget;
    this.delta = delta;
  }

  /**
   * The operator raised the training budget to {@code epsilon}: the pairs started from now on are
   * planned against it (a pair already running keeps the budget it started with).
   */
  void raiseBudget(double epsilon) {
    if (epsilon > epsilonBudget) {
      epsilonBudget = epsilon;
    }
  }

  /** Publishes version 0 if there is none, and starts a pair unless the latest is complete. */
  void load(int numItems) {
    this.numItems = numItems;
    if (store.models().latestVersion().isEmpty()) {
      CooccurrenceModel initial =
          CooccurrenceFrame.initial(numItems, settings.cooccurrence().minLambda());
      CooccurrenceFrame.Published p =
          new CooccurrenceFrame.Published(CooccurrenceFrame.Stage.INITIAL, initial);
      store.publishInitialModel(frame(p), provenance(0, p, null, null), RoundService.noState());
    }
    long latest = store.models().latestVersion().orElseThrow();
    pair = stageOf(latest) == CooccurrenceFrame.Stage.COMPLETE ? null : newPair(latest);
  }

  /**
   * Starts another pair of releases on the latest version, if none is running.
   *
   * @return whether one was started
   */
  boolean refresh() {
    if (pair != null && !pair.done()) {
      return false;
    }
    pair = newPair(store.models().latestVersion().orElseThrow());
    return true;
  }

  private CooccurrenceRounds newPair(long version) {
    CooccurrenceServer server =
        CooccurrenceServer.create(
            settings.cooccurrence(),
            settings.releases(),
            numItems,
            settings.population(),
            epsilonBudget,
            delta);
    return new CooccurrenceRounds(server, version, 0);
  }

  /** The pair in progress, if one is. */
  Optional<CooccurrenceRounds> running() {
    return pair == null || pair.done() ? Optional.empty() : Optional.of(pair);
  }

  /** What the next release will be charged, or null without noise. */
  PrivacyEvent nextEvent() {
    return settings.privacy().isPrivate() && running().isPresent() ? pair.nextEvent() : null;
  }

  /**
   * What the releases still to come of the running pair cost together, as one event, or null
   * without noise or without a pair: Gaussian releases compose in RDP to the Gaussian of 1/z² = Σ
   * 1/z_i², so before the popularity release it is the combined z of the settings, after it the
   * co-occurrence release's own. A pair whose releases do not both fit the budget does not start.
   */
  PrivacyEvent remainingEvent() {
    if (!settings.privacy().isPrivate() || running().isEmpty()) {
      return null;
    }
    return pair.server().popularityNext()
        ? PrivacyEvent.gaussian(settings.privacy().noiseMultiplier(), 1)
        : pair.nextEvent();
  }

  private CooccurrenceFrame.Stage stageOf(long version) {
    byte[] f = store.models().get(version).orElseThrow().frame();
    return CooccurrenceFrame.decode(TensorFrame.decode(f)).stage();
  }

  /** The wire form of a published model. */
  static byte[] frame(CooccurrenceFrame.Published p) {
    return CooccurrenceFrame.encode(p).encode();
  }

  /**
   * The provenance of a published version: the algorithm and its stage, the model's own record (N,
   * r, λ, the noise), and the release that made it (its round, z, ε after it, ledger entry).
   */
  String provenance(long version, CooccurrenceFrame.Published p, RoundPlan plan, RoundRow row) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "federated");
    m.put("algorithm", "cooccurrence");
    m.put("stage", p.stage().wireName());
    m.put("version", version);
    m.put("num_items", p.model().head().numItems());
    m.put("head_size", p.model().head().size());
    m.put("rank", p.model().rank());
    m.put("lambda", p.model().lambda());
    m.put("alpha", 0.0);
    m.put("round", row == null ? 0 : row.round());
    m.put("config", settings.cooccurrence().asMap());
    m.put("popularity_noise_multiplier", settings.releases().popularity().noiseMultiplier());
    m.put("cooccurrence_noise_multiplier", settings.releases().cooccurrence().noiseMultiplier());
    m.put("popularity_share", settings.cooccurrence().popularityShare());
    m.put("sampling_rate", 1.0);
    m.put("colluding_fraction", settings.privacy().colludingFraction());
    if (plan != null && row != null) {
      m.put("release", p.stage() == CooccurrenceFrame.Stage.HEAD ? "popularity" : "cooccurrence");
      m.put("noise_multiplier", plan.noiseMultiplier());
      m.put("cohort", row.cohort());
      m.put("survivors", row.survivors());
      m.put("epsilon", Double.isFinite(row.epsilonAfter()) ? row.epsilonAfter() : "infinity");
      m.put("delta", row.delta());
      if (row.ledgerSeq() != null) {
        m.put("ledger_seq", row.ledgerSeq());
      }
    }
    for (Map.Entry<String, Object> e : p.model().provenance().entrySet()) {
      m.putIfAbsent(e.getKey(), e.getValue());
    }
    return Json.write(m);
  }
}
