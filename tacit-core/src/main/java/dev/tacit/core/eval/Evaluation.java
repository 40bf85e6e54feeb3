package dev.tacit.core.eval;

import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.model.Recommender;
import dev.tacit.core.model.Trainer;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.report.Summary;
import dev.tacit.core.split.Split;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every trainer on every split, scores each with {@link Evaluator}, and summarizes over splits
 * (mean and sample standard deviation) into an {@link EvaluationReport}.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Evaluates the trainers on the splits.
   *
   * @param dataset the dataset's name for the report
   * @param protocol how the splits were made, for the report
   * @throws IllegalArgumentException when there is no split or no trainer
   */
  public static EvaluationReport run(
      String dataset,
      Map<String, Object> protocol,
      List<Split> splits,
      List<Trainer> trainers,
      UserAttributes attributes,
      Progress progress) {
    if (splits.isEmpty() || trainers.isEmpty()) {
      throw new IllegalArgumentException("need at least one split and one model");
    }
    int total = splits.size() * trainers.size();
    int done = 0;
    List<ModelReport> reports = new ArrayList<>();
    for (Trainer trainer : trainers) {
      List<FoldResult> folds = new ArrayList<>();
      double[] train = new double[splits.size()];
      double[] score = new double[splits.size()];
      Recommender last = null;
      for (int f = 0; f < splits.size(); f++) {
        Split split = splits.get(f);
        String label = "training on " + split.name();
        progress.update(label, done, total);
        long t0 = System.nanoTime();
        Recommender model =
            trainer.fit(
                split.train(), new TrainingSteps(progress, label, done, total, System::nanoTime));
        train[f] = (System.nanoTime() - t0) / 1e9;
        progress.update(model.name() + " on " + split.name(), done, total);
        FoldResult r = Evaluator.evaluate(model, split, attributes);
        score[f] = r.scoreSeconds();
        folds.add(r);
        last = model;
        progress.update(model.name() + " on " + split.name(), ++done, total);
      }
      reports.add(summarize(last.name(), last.params(), folds, train, score, Map.of()));
    }
    return new EvaluationReport(dataset, protocol, reports);
  }

  /** Summarizes one model's fold results into a report entry. */
  public static ModelReport summarize(
      String name,
      Map<String, Object> params,
      List<FoldResult> folds,
      double[] trainSeconds,
      double[] scoreSeconds,
      Map<String, Object> extra) {
    Map<String, Summary> metrics = new LinkedHashMap<>();
    for (String metric : folds.get(0).metrics().keySet()) {
      metrics.put(
          metric, Summary.of(folds.stream().mapToDouble(r -> r.metrics().get(metric)).toArray()));
    }
    Map<String, Map<String, Summary>> groups = new LinkedHashMap<>();
    for (String attr : folds.get(0).groupNdcg().keySet()) {
      Map<String, Summary> byGroup = new LinkedHashMap<>();
      for (String g : folds.get(0).groupNdcg().get(attr).keySet()) {
        double[] v =
            folds.stream()
                .mapToDouble(r -> r.groupNdcg().get(attr).getOrDefault(g, Double.NaN))
                .toArray();
        byGroup.put(g, Summary.of(v));
      }
      groups.put(attr, byGroup);
    }
    return new ModelReport(
        name, params, metrics, groups, Summary.of(trainSeconds), Summary.of(scoreSeconds), extra);
  }
}
