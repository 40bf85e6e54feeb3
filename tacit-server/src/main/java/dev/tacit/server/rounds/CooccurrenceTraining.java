package dev.tacit.server.rounds;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.server.cooccurrence.CooccurrenceRounds;
import dev.tacit.federated.server.cooccurrence.CooccurrenceServer;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.RoundStore;
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
      store.publishInitialModel(
          frame(p),
          ProvenanceCodec.write(provenance(0, p, null, null)),
          OptimizerStateCodec.empty());
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
  ModelProvenance provenance(
      long version, CooccurrenceFrame.Published p, RoundPlan plan, RoundRow row) {
    ModelProvenance.Release release =
        plan == null || row == null
            ? null
            : new ModelProvenance.Release(
                p.stage() == CooccurrenceFrame.Stage.HEAD ? "popularity" : "cooccurrence",
                plan.noiseMultiplier(),
                row.cohort(),
                row.survivors(),
                1.0,
                row.epsilonAfter(),
                row.delta(),
                row.ledgerSeq());
    return new ModelProvenance(
        ModelProvenance.Algorithm.COOCCURRENCE,
        p.stage().wireName(),
        version,
        row == null ? 0 : row.round(),
        ModelProvenance.Hyperparameters.cooccurrence(
            p.model().head().numItems(),
            p.model().head().size(),
            p.model().rank(),
            0.0,
            p.model().lambda()),
        new ModelProvenance.Noise(
            settings.releases().popularity().noiseMultiplier(),
            settings.releases().cooccurrence().noiseMultiplier(),
            settings.cooccurrence().popularityShare()),
        settings.cooccurrence().asMap(),
        settings.privacy().colludingFraction(),
        release,
        p.model().provenance());
  }
}
