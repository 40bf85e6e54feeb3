package dev.tacit.core.report;

import static dev.tacit.check.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a parsed JSON value onto an {@link EvaluationReport}, checking every field it reads. */
final class ReportReader {
  private static final String GROUPS = "groups_ndcg@10";
  private static final Summary NONE = new Summary(Double.NaN, Double.NaN, new double[0]);

  private ReportReader() {}

  static EvaluationReport report(Object root) {
    checkArgument(
        root instanceof Map<?, ?>,
        "the top level must be a JSON object with dataset, protocol and models");
    Map<?, ?> r = (Map<?, ?>) root;
    checkArgument(r.get("dataset") instanceof String, "\"dataset\" must be a string");
    checkArgument(r.get("protocol") instanceof Map<?, ?>, "\"protocol\" must be an object");
    checkArgument(
        r.get("models") instanceof List<?> l && !l.isEmpty(),
        "\"models\" must be a non-empty array");
    List<?> models = (List<?>) r.get("models");
    List<ModelReport> out = new java.util.ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      out.add(model(models.get(i), "models[" + i + "]"));
    }
    return new EvaluationReport((String) r.get("dataset"), strings(r.get("protocol")), out);
  }

  private static ModelReport model(Object node, String where) {
    checkArgument(node instanceof Map<?, ?>, where + " must be an object");
    Map<String, Object> m = strings(node);
    checkArgument(m.get("name") instanceof String, where + ".name must be a string");
    Object params = m.getOrDefault("params", Map.of());
    checkArgument(params instanceof Map<?, ?>, where + ".params must be an object");
    checkArgument(m.get("metrics") instanceof Map<?, ?>, where + ".metrics must be an object");
    Map<String, Summary> metrics = new LinkedHashMap<>();
    strings(m.get("metrics"))
        .forEach((k, v) -> metrics.put(k, summary(v, where + ".metrics." + k)));
    Map<String, Map<String, Summary>> groups = new LinkedHashMap<>();
    Object g = m.get(GROUPS);
    if (g != null) {
      checkArgument(g instanceof Map<?, ?>, where + "." + GROUPS + " must be an object");
      strings(g)
          .forEach(
              (attr, byGroup) -> {
                String at = where + "." + GROUPS + "." + attr;
                checkArgument(byGroup instanceof Map<?, ?>, at + " must be an object");
                Map<String, Summary> s = new LinkedHashMap<>();
                strings(byGroup).forEach((k, v) -> s.put(k, summary(v, at + "." + k)));
                groups.put(attr, s);
              });
    }
    Summary train = timing(m.get("train_seconds"), where + ".train_seconds");
    Summary score = timing(m.get("score_seconds"), where + ".score_seconds");
    Map<String, Object> extra = new LinkedHashMap<>(m);
    for (String known :
        List.of("name", "params", "metrics", GROUPS, "train_seconds", "score_seconds")) {
      extra.remove(known);
    }
    return new ModelReport(
        (String) m.get("name"), strings(params), metrics, groups, train, score, extra);
  }

  private static Summary timing(Object node, String where) {
    return node == null ? NONE : summary(node, where);
  }

  /** A summary object, a bare number, or null (a figure that was not finite). */
  private static Summary summary(Object node, String where) {
    String rule =
        where
            + " must be an object with a numeric \"mean\" (a summary {\"mean\": .., \"std\": ..,"
            + " \"folds\": [..]} with a finite mean, or null)";
    if (node == null) {
      return NONE;
    }
    if (node instanceof Number n) {
      checkArgument(Double.isFinite(n.doubleValue()), rule);
      return new Summary(n.doubleValue(), Double.NaN, new double[0]);
    }
    checkArgument(node instanceof Map<?, ?>, rule);
    Map<?, ?> s = (Map<?, ?>) node;
    Object mean = s.get("mean");
    checkArgument(
        (mean == null && s.containsKey("mean"))
            || (mean instanceof Number n && Double.isFinite(n.doubleValue())),
        rule);
    Object std = s.get("std");
    checkArgument(std == null || std instanceof Number, where + ".std must be a number");
    Object folds = s.get("folds");
    checkArgument(folds == null || folds instanceof List<?>, where + ".folds must be an array");
    double[] values = new double[folds == null ? 0 : ((List<?>) folds).size()];
    for (int i = 0; i < values.length; i++) {
      Object v = ((List<?>) folds).get(i);
      checkArgument(v == null || v instanceof Number, where + ".folds must hold numbers");
      values[i] = v == null ? Double.NaN : ((Number) v).doubleValue();
    }
    return new Summary(
        mean == null ? Double.NaN : ((Number) mean).doubleValue(),
        std == null ? Double.NaN : ((Number) std).doubleValue(),
        values);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> strings(Object map) {
    return (Map<String, Object>) map;
  }
}
