package dev.tacit.core.report;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.core.internal.Strings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report written by {@code tacit evaluate} (and, in the same shape, by the simulator and the
 * server): {@code {"dataset": .., "protocol": {..}, "models": [..]}}.
 */
public record EvaluationReport(
    String dataset, Map<String, Object> protocol, List<ModelReport> models) {
  /** Copies the collections. */
  public EvaluationReport {
    protocol = new LinkedHashMap<>(protocol);
    models = List.copyOf(models);
  }

  /**
   * Reads a report from its JSON, as {@link #toJson} writes it: the one reader of the format. A
   * figure is a summary {@code {"mean": .., "std": .., "folds": [..]}} whose mean is a finite
   * number or null (written for a figure that was not finite, read as NaN), or a bare number; a
   * missing {@code std} reads as NaN, missing {@code folds} as none, missing timings as such an
   * empty summary, and a model's fields other than its name, params, metrics, groups and timings as
   * its extra fields.
   *
   * @throws IllegalArgumentException naming the field and the rule, if {@code json} is not JSON or
   *     not such a report
   */
  public static EvaluationReport read(String json) {
    checkArgument(json != null, "the report must be a JSON object, was null");
    Object root;
    try {
      root = JsonReader.read(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
    return ReportReader.report(root);
  }

  /** The report as JSON. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", dataset);
    m.put("protocol", protocol);
    List<Object> ms = new ArrayList<>();
    for (ModelReport r : models) {
      ms.add(r.toJsonMap());
    }
    m.put("models", ms);
    return Json.write(m);
  }

  /** The metric names of all models, in first-seen order. */
  public Set<String> metricNames() {
    Set<String> names = new LinkedHashSet<>();
    for (ModelReport r : models) {
      names.addAll(r.metrics().keySet());
    }
    return names;
  }

  /** A plain-text table: one row per model, mean ± std per metric, and timings. */
  public String toTable() {
    List<String> header = new ArrayList<>();
    header.add("model");
    header.addAll(metricNames());
    header.add("train s");
    header.add("score s");
    List<List<String>> rows = new ArrayList<>();
    for (ModelReport r : models) {
      List<String> row = new ArrayList<>();
      row.add(r.name());
      for (String metric : metricNames()) {
        Summary s = r.metrics().get(metric);
        row.add(s == null ? "-" : fmt(s, 4));
      }
      row.add(fmt(r.trainSeconds(), 3));
      row.add(fmt(r.scoreSeconds(), 3));
      rows.add(row);
    }
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
      for (List<String> row : rows) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    appendRow(sb, header, width);
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append(Strings.repeat("-", w)).append("  ");
    }
    sb.append(Strings.stripTrailing(rule.toString())).append('\n');
    for (List<String> row : rows) {
      appendRow(sb, row, width);
    }
    return sb.toString();
  }

  /** A Markdown report: protocol, the metric table, and per-group NDCG@10 with the largest gap. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Evaluation: ").append(dataset).append("\n\n");
    sb.append("Protocol: ");
    List<String> parts = new ArrayList<>();
    protocol.forEach((k, v) -> parts.add(k + " = " + v));
    sb.append(String.join(", ", parts)).append(".\n\n");
    List<String> header = new ArrayList<>();
    header.add("model");
    header.addAll(metricNames());
    header.add("train s");
    header.add("score s");
    sb.append("| ").append(String.join(" | ", header)).append(" |\n");
    sb.append("|").append(Strings.repeat("---|", header.size())).append('\n');
    for (ModelReport r : models) {
      List<String> row = new ArrayList<>();
      row.add(r.name());
      for (String metric : metricNames()) {
        Summary s = r.metrics().get(metric);
        row.add(s == null ? "-" : fmt(s, 4));
      }
      row.add(fmt(r.trainSeconds(), 3));
      row.add(fmt(r.scoreSeconds(), 3));
      sb.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    for (ModelReport r : models) {
      if (r.groups().isEmpty()) {
        continue;
      }
      sb.append("\n## NDCG@10 by group: ").append(r.name()).append("\n\n");
      r.groups()
          .forEach(
              (attr, byGroup) -> {
                sb.append("- ").append(attr).append(": ");
                List<String> gs = new ArrayList<>();
                byGroup.forEach((g, s) -> gs.add(g + " " + fmt(s, 4)));
                sb.append(String.join(", ", gs)).append('\n');
              });
    }
    return sb.toString();
  }

  private static String fmt(Summary s, int digits) {
    return s.format(digits);
  }

  private static void appendRow(StringBuilder sb, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      line.append(cell).append(Strings.repeat(" ", width[c] - cell.length())).append("  ");
    }
    sb.append(Strings.stripTrailing(line.toString())).append('\n');
  }
}
