package dev.tacit.server.dashboard;

import static dev.tacit.server.error.Invalid.Kind.REPORT;

import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.report.Summary;
import dev.tacit.server.dashboard.DashboardView.BaselineView;
import dev.tacit.server.dashboard.DashboardView.GroupAttribute;
import dev.tacit.server.dashboard.DashboardView.GroupValue;
import dev.tacit.server.dashboard.DashboardView.ModelFairness;
import dev.tacit.server.dashboard.DashboardView.RerankEffect;
import dev.tacit.server.error.Invalid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A validated simulation or evaluation report: the JSON of {@code tacit simulate --out} or {@code
 * tacit evaluate --out}, read by {@link EvaluationReport#read} into the figures the fairness audit
 * shows.
 *
 * <p>The federated model is the first one whose name starts with {@code federated}; the central
 * baseline is {@code ials} when present, else the first other model. A model named {@code
 * BASE+SUFFIX} (for example {@code federated+mmr}) where {@code BASE} is another model of the
 * report is a re-ranked variant of it.
 */
public final class SimulationReport {
  /** The largest report accepted, in characters. */
  public static final int MAX_CHARS = 16 << 20;

  private static final String GAP = "gap";

  private final String dataset;
  private final Map<String, Model> models;

  /** One model of the report: metric means and per-group NDCG@10 means. */
  private record Model(
      String name, Map<String, Double> metrics, Map<String, Map<String, Double>> groups) {}

  private SimulationReport(String dataset, Map<String, Model> models) {
    this.dataset = dataset;
    this.models = models;
  }

  /**
   * Reads and validates a report.
   *
   * @throws Invalid REPORT naming what is wrong, if {@code json} is not such a report
   */
  public static SimulationReport parse(String json) {
    Invalid.check(
        json != null && !json.isBlank(), REPORT, "the report must be a JSON object, was empty");
    Invalid.check(
        !(json.length() > MAX_CHARS),
        REPORT,
        "the report must be at most %s characters, was %s",
        MAX_CHARS,
        json.length());
    EvaluationReport report;
    try {
      report = EvaluationReport.read(json);
    } catch (IllegalArgumentException e) {
      throw new Invalid(REPORT, "the report is not an evaluation report: " + e.getMessage(), e);
    }
    Map<String, Model> out = new LinkedHashMap<>();
    for (int i = 0; i < report.models().size(); i++) {
      ModelReport m = report.models().get(i);
      String where = "models[" + i + "]";
      Invalid.check(!m.name().isBlank(), REPORT, "%s.name must be a non-empty string", where);
      Invalid.check(
          !(m.name().length() > 200), REPORT, "%s.name must be at most 200 characters", where);
      Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
      m.groups().forEach((attr, byGroup) -> groups.put(attr, means(byGroup)));
      if (out.put(m.name(), new Model(m.name(), means(m.metrics()), groups)) != null) {
        throw new Invalid(
            REPORT, "the report names model \"" + m.name() + "\" twice; names must be unique");
      }
    }
    return new SimulationReport(report.dataset(), out);
  }

  /**
   * The means of the figures that have one (the report writes null for one that was not finite).
   */
  private static Map<String, Double> means(Map<String, Summary> figures) {
    Map<String, Double> out = new LinkedHashMap<>();
    figures.forEach(
        (name, s) -> {
          if (!Double.isNaN(s.mean())) {
            out.put(name, s.mean());
          }
        });
    return out;
  }

  /** The dataset the report was computed on. */
  public String dataset() {
    return dataset;
  }

  /** The model names, in the report's order. */
  public List<String> modelNames() {
    return List.copyOf(models.keySet());
  }

  private Model federated() {
    for (Model m : models.values()) {
      if (m.name().startsWith("federated") && rerankBase(m.name()) == null) {
        return m;
      }
    }
    return null;
  }

  private Model baselineModel() {
    Model ials = models.get("ials");
    if (ials != null) {
      return ials;
    }
    for (Model m : models.values()) {
      if (!m.name().startsWith("federated") && rerankBase(m.name()) == null) {
        return m;
      }
    }
    return null;
  }

  /** The base model's name if {@code name} is {@code BASE+SUFFIX} of another model, else null. */
  private String rerankBase(String name) {
    int plus = name.lastIndexOf('+');
    if (plus <= 0 || plus == name.length() - 1) {
      return null;
    }
    String base = name.substring(0, plus);
    return models.containsKey(base) ? base : null;
  }

  /** The central baseline's quality, or null when the report has none. */
  public BaselineView baseline() {
    Model b = baselineModel();
    if (b == null || b.metrics().get("ndcg@10") == null) {
      return null;
    }
    return new BaselineView(
        b.name(), b.metrics().get("ndcg@10"), b.metrics().get("hitrate@10"), dataset);
  }

  /** The fairness figures of the federated model, or null when the report has none. */
  public ModelFairness federatedFairness(double threshold) {
    Model f = federated();
    return f == null ? null : fairness(f, threshold);
  }

  /** The fairness figures of the central baseline, or null when the report has none. */
  public ModelFairness baselineFairness(double threshold) {
    Model b = baselineModel();
    return b == null ? null : fairness(b, threshold);
  }

  private static ModelFairness fairness(Model m, double threshold) {
    List<GroupAttribute> attrs = new ArrayList<>();
    Double largest = null;
    for (Map.Entry<String, Map<String, Double>> a : m.groups().entrySet()) {
      List<GroupValue> values = new ArrayList<>();
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (Map.Entry<String, Double> g : a.getValue().entrySet()) {
        if (g.getKey().equals(GAP)) {
          continue;
        }
        values.add(new GroupValue(g.getKey(), g.getValue()));
        min = Math.min(min, g.getValue());
        max = Math.max(max, g.getValue());
      }
      Double stated = a.getValue().get(GAP);
      double gap = stated != null ? stated : values.isEmpty() ? 0 : max - min;
      attrs.add(new GroupAttribute(a.getKey(), gap, gap > threshold, values));
      largest = largest == null ? gap : Math.max(largest, gap);
    }
    return new ModelFairness(
        m.name(),
        m.metrics().get("ndcg@10"),
        m.metrics().get("coverage@10"),
        m.metrics().get("gini@10"),
        m.metrics().get("arp@10"),
        largest,
        attrs);
  }

  /** A sentence per attribute whose gap passes {@code threshold}, for the two audited models. */
  public List<String> warnings(double threshold) {
    List<String> out = new ArrayList<>();
    for (ModelFairness m :
        new ModelFairness[] {federatedFairness(threshold), baselineFairness(threshold)}) {
      if (m == null) {
        continue;
      }
      for (GroupAttribute a : m.groups()) {
        if (a.aboveThreshold()) {
          out.add(
              String.format(
                  Locale.ROOT,
                  "%s: the NDCG@10 gap between %s groups is %.4f, above the threshold %.4f",
                  m.name(),
                  a.attribute(),
                  a.largestGap(),
                  threshold));
        }
      }
    }
    return out;
  }

  /** The re-ranked variants against their base models. */
  public List<RerankEffect> reranking() {
    List<RerankEffect> out = new ArrayList<>();
    for (Model m : models.values()) {
      String base = rerankBase(m.name());
      if (base == null) {
        continue;
      }
      Model b = models.get(base);
      ModelFairness fm = fairness(m, Double.POSITIVE_INFINITY);
      ModelFairness fb = fairness(b, Double.POSITIVE_INFINITY);
      out.add(
          new RerankEffect(
              m.name(),
              base,
              delta(fm.ndcgAt10(), fb.ndcgAt10()),
              delta(fm.coverage(), fb.coverage()),
              delta(fm.gini(), fb.gini()),
              delta(fm.arp(), fb.arp()),
              delta(fm.largestGap(), fb.largestGap())));
    }
    return out;
  }

  private static Double delta(Double a, Double b) {
    return a == null || b == null ? null : a - b;
  }
}
