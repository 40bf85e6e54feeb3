package dev.tacit.sim;

import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.eval.Evaluation;
import dev.tacit.core.eval.FoldResult;
import dev.tacit.core.eval.Progress;
import dev.tacit.core.model.Ials;
import dev.tacit.core.model.MostPopular;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import dev.tacit.federated.FederatedConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Federated training on each split of a dataset, scored like {@code tacit evaluate}, beside the
 * references a federated model is judged against: central iALS of the same k and MostPopular.
 */
public final class Experiment {
  /** The name of the federated model in reports. */
  public static final String FEDERATED = "federated";

  private Experiment() {}

  /**
   * One simulated federated model per split, summarized into a report entry named {@value
   * #FEDERATED} whose extra fields carry ε, δ, the rounds, the noise multiplier and the per-round
   * history (every round of every split, each with its split's name).
   *
   * @param runs receives each split's run, in order (may be null)
   */
  public static ModelReport federated(
      List<Split> splits,
      UserAttributes attributes,
      SimulationConfig config,
      Progress progress,
      List<FederatedRun> runs) {
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("need at least one split");
    }
    if (config.algorithm() == Algorithm.COOCCURRENCE) {
      return cooccurrence(splits, attributes, config, progress);
    }
    List<FoldResult> folds = new ArrayList<>();
    double[] train = new double[splits.size()];
    double[] score = new double[splits.size()];
    List<Map<String, Object>> history = new ArrayList<>();
    double epsilon = 0;
    int rounds = 0;
    int aborted = 0;
    long bytes = 0;
    double roundSeconds = 0;
    double z = 0;
    boolean stopped = false;
    for (int f = 0; f < splits.size(); f++) {
      Split split = splits.get(f);
      int fold = f;
      FederatedRun run =
          FederatedSimulation.run(
              config,
              split.train(),
              split,
              (what, done, total) ->
                  progress.update(
                      FEDERATED + " on " + split.name() + ", " + what,
                      fold * total + done,
                      splits.size() * total));
      FoldResult r = FederatedEvaluation.evaluate(run.model(), split, attributes);
      folds.add(r);
      train[f] = run.wallSeconds();
      score[f] = r.scoreSeconds();
      for (Map<String, Object> h : run.history()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("split", split.name());
        m.putAll(h);
        history.add(m);
      }
      epsilon = Math.max(epsilon, run.epsilon());
      rounds = Math.max(rounds, run.completedRounds());
      aborted += run.abortedRounds();
      bytes = Math.max(bytes, run.bytesPerDevicePerRound());
      roundSeconds += run.meanRoundSeconds() / splits.size();
      z = run.noiseMultiplier();
      stopped |= run.stoppedAtBudget();
      if (runs != null) {
        runs.add(run);
      }
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("algorithm", config.algorithm().label());
    extra.put("epsilon", Double.isInfinite(epsilon) ? "inf" : epsilon);
    extra.put("delta", config.delta());
    extra.put("rounds", rounds);
    extra.put("aborted_rounds", aborted);
    extra.put("noise_multiplier", z);
    extra.put("clip_norm", config.clipNorm());
    extra.put("stopped_at_budget", stopped);
    extra.put("bytes_per_device_per_round", bytes);
    extra.put("mean_round_seconds", roundSeconds);
    extra.put("history", history);
    return Evaluation.summarize(FEDERATED, config.asMap(), folds, train, score, extra);
  }

  /**
   * The co-occurrence model on every split, summarized into a report entry named {@value
   * #FEDERATED} (the algorithm is recorded beside it) whose extra fields carry ε, δ, the noise
   * multipliers of both releases, and each split's head size N, rank r and λ.
   */
  private static ModelReport cooccurrence(
      List<Split> splits, UserAttributes attributes, SimulationConfig config, Progress progress) {
    List<FoldResult> folds = new ArrayList<>();
    double[] train = new double[splits.size()];
    double[] score = new double[splits.size()];
    List<Map<String, Object>> history = new ArrayList<>();
    List<Map<String, Object>> models = new ArrayList<>();
    double epsilon = 0;
    long bytes = 0;
    double roundSeconds = 0;
    CooccurrenceSimulation.Run last = null;
    for (int f = 0; f < splits.size(); f++) {
      Split split = splits.get(f);
      int fold = f;
      CooccurrenceSimulation.Run run =
          CooccurrenceSimulation.run(
              config,
              split.train(),
              (what, done, total) ->
                  progress.update(
                      FEDERATED + " (cooccurrence) on " + split.name() + ", " + what,
                      fold * total + done,
                      splits.size() * total));
      FoldResult r = CooccurrenceEvaluation.evaluate(run.model(), split, attributes);
      folds.add(r);
      train[f] = run.wallSeconds();
      score[f] = r.scoreSeconds();
      for (RoundStats s : run.releases()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("split", split.name());
        m.put("release", s.round() == 1 ? "popularity" : "cooccurrence");
        m.putAll(s.toMap());
        history.add(m);
        bytes = Math.max(bytes, s.bytesPerDevice());
        roundSeconds += s.seconds() / (2.0 * splits.size());
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("split", split.name());
      m.putAll(run.model().provenance());
      m.put("secagg_sessions_per_release", run.cohorts());
      m.put("aborted_sessions", run.abortedCohorts());
      double vsServer = run.epsilonAgainstCohortSums();
      m.put("epsilon_against_cohort_sums", Double.isInfinite(vsServer) ? "inf" : vsServer);
      models.add(m);
      epsilon = Math.max(epsilon, run.epsilon());
      last = run;
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("algorithm", Algorithm.COOCCURRENCE.label());
    extra.put("epsilon", Double.isInfinite(epsilon) ? "inf" : epsilon);
    extra.put("delta", config.delta());
    extra.put("rounds", 2);
    extra.put("aborted_rounds", 0);
    extra.put("noise_multiplier", last.noiseMultiplier());
    extra.put("popularity_noise_multiplier", last.popularityNoiseMultiplier());
    extra.put("cooccurrence_noise_multiplier", last.cooccurrenceNoiseMultiplier());
    extra.put("stopped_at_budget", false);
    extra.put("bytes_per_device_per_round", bytes);
    extra.put("mean_round_seconds", roundSeconds);
    extra.put("models", models);
    extra.put("history", history);
    return Evaluation.summarize(FEDERATED, config.asMap(), folds, train, score, extra);
  }

  /** Central iALS with the federated model's k, α and λ, and MostPopular, on every split. */
  public static List<ModelReport> references(
      List<Split> splits,
      UserAttributes attributes,
      FederatedConfig federated,
      long seed,
      Progress progress) {
    Ials ials =
        Ials.trainer(
            Ials.Config.builder()
                .factors(federated.factors())
                .alpha(federated.alpha())
                .lambda(federated.lambda())
                .seed(seed)
                .build());
    return Evaluation.run(
            "references",
            Map.of(),
            splits,
            List.of(ials, MostPopular.trainer()),
            attributes,
            progress)
        .models();
  }
}
