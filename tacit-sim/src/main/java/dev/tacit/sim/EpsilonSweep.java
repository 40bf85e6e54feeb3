package dev.tacit.sim;

import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.eval.Progress;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.report.Summary;
import dev.tacit.core.split.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * The privacy-utility curve: one federated run per target ε on the same splits, beside the central
 * references.
 */
public final class EpsilonSweep {
  private static final int STEPS = 100; // progress steps per point, whatever its rounds

  private EpsilonSweep() {}

  /**
   * One point of the curve.
   *
   * @param epsilon the target ε (∞ for no noise)
   * @param report the federated model's report entry over the splits
   */
  public record Point(double epsilon, ModelReport report) {
    /** Mean NDCG@10 over the splits. */
    public Summary ndcg() {
      return report.metrics().get("ndcg@10");
    }

    /** Mean Recall@20 over the splits. */
    public Summary recall() {
      return report.metrics().get("recall@20");
    }

    /** The algorithm of the point ({@code ials} for reports that do not say). */
    public String algorithm() {
      Object a = report.extra().get("algorithm");
      return a == null ? Algorithm.IALS.label() : a.toString();
    }

    /** The noise multiplier used. */
    public double noiseMultiplier() {
      return ((Number) report.extra().get("noise_multiplier")).doubleValue();
    }

    /** The rounds that finished. */
    public int rounds() {
      return ((Number) report.extra().get("rounds")).intValue();
    }

    /** ε spent (∞ without noise). */
    public double epsilonSpent() {
      Object e = report.extra().get("epsilon");
      return e instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
    }
  }

  /**
   * The curve and its reference lines.
   *
   * @param points one per target ε, in the order asked
   * @param references central iALS and MostPopular on the same splits
   */
  public record Result(List<Point> points, List<ModelReport> references) {
    /** Copies the lists. */
    public Result {
      points = List.copyOf(points);
      references = List.copyOf(references);
    }

    /** The algorithms of the points, in order of first appearance. */
    public List<String> algorithms() {
      return points.stream().map(Point::algorithm).distinct().toList();
    }

    /**
     * A Markdown table: algorithm, ε, NDCG@10, Recall@20, noise multiplier, rounds (releases for
     * the co-occurrence model); then the references.
     */
    public String toMarkdown() {
      StringBuilder sb = new StringBuilder();
      sb.append("| model | ε | NDCG@10 | Recall@20 | noise multiplier | rounds | ε spent |\n");
      sb.append("|---|---|---|---|---|---|---|\n");
      for (Point p : points) {
        sb.append(
            String.format(
                Locale.ROOT,
                "| federated (%s) | %s | %s | %s | %.4f | %d | %s |%n",
                p.algorithm(),
                label(p.epsilon()),
                fmt(p.ndcg()),
                fmt(p.recall()),
                p.noiseMultiplier(),
                p.rounds(),
                Double.isInfinite(p.epsilonSpent())
                    ? "∞"
                    : String.format(Locale.ROOT, "%.4f", p.epsilonSpent())));
      }
      for (ModelReport r : references) {
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s (central) | - | %s | %s | - | - | - |%n",
                r.name(),
                fmt(r.metrics().get("ndcg@10")),
                fmt(r.metrics().get("recall@20"))));
      }
      return sb.toString();
    }

    /** The table as JSON-ready maps. */
    public List<Map<String, Object>> toJsonRows() {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Point p : points) {
        rows.add(
            Map.of(
                "algorithm", p.algorithm(),
                "epsilon", Double.isInfinite(p.epsilon()) ? "inf" : p.epsilon(),
                "ndcg@10", p.ndcg().toJsonMap(),
                "recall@20", p.recall().toJsonMap(),
                "noise_multiplier", p.noiseMultiplier(),
                "rounds", p.rounds()));
      }
      return rows;
    }

    /** The mean NDCG@10 of the reference called {@code name}, or NaN. */
    public double referenceNdcg(String name) {
      return references.stream()
          .filter(r -> r.name().equals(name))
          .mapToDouble(r -> r.metrics().get("ndcg@10").mean())
          .findFirst()
          .orElse(Double.NaN);
    }
  }

  /**
   * Runs the sweep.
   *
   * @param configFor the settings of the run for a target ε
   * @param references the reference entries (see {@link Experiment#references})
   */
  public static Result run(
      List<Double> epsilons,
      DoubleFunction<SimulationConfig> configFor,
      List<Split> splits,
      UserAttributes attributes,
      List<ModelReport> references,
      Progress progress) {
    if (epsilons.isEmpty()) {
      throw new IllegalArgumentException("need at least one epsilon");
    }
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < epsilons.size(); i++) {
      double eps = epsilons.get(i);
      int index = i;
      Progress p =
          (what, done, total) ->
              progress.update(
                  "ε = " + label(eps) + ": " + what,
                  index * STEPS + done * STEPS / Math.max(1, total),
                  epsilons.size() * STEPS);
      points.add(
          new Point(eps, Experiment.federated(splits, attributes, configFor.apply(eps), p, null)));
    }
    return new Result(points, references);
  }

  /** ε as a label: "∞" for infinity, otherwise the shortest decimal. */
  public static String label(double epsilon) {
    if (Double.isInfinite(epsilon)) {
      return "∞";
    }
    return epsilon == Math.rint(epsilon) ? Long.toString((long) epsilon) : Double.toString(epsilon);
  }

  private static String fmt(Summary s) {
    return s == null ? "-" : s.format(4);
  }
}
