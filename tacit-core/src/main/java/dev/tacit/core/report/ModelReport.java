package dev.tacit.core.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model's results: its parameters, each metric over folds, per-group NDCG by attribute (with
 * the key {@code "gap"} for the largest gap), timings, and extra fields (such as {@code epsilon}
 * for a federated model).
 */
public record ModelReport(
    String name,
    Map<String, Object> params,
    Map<String, Summary> metrics,
    Map<String, Map<String, Summary>> groups,
    Summary trainSeconds,
    Summary scoreSeconds,
    Map<String, Object> extra) {
  /** Copies the maps, keeping their order. */
  public ModelReport {
    params = new LinkedHashMap<>(params);
    metrics = new LinkedHashMap<>(metrics);
    groups = new LinkedHashMap<>(groups);
    extra = new LinkedHashMap<>(extra);
  }

  /** The JSON form of the report's {@code models} entry. */
  public Map<String, Object> toJsonMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("params", params);
    Map<String, Object> ms = new LinkedHashMap<>();
    metrics.forEach((k, v) -> ms.put(k, v.toJsonMap()));
    m.put("metrics", ms);
    Map<String, Object> gs = new LinkedHashMap<>();
    groups.forEach(
        (attr, byGroup) -> {
          Map<String, Object> g = new LinkedHashMap<>();
          byGroup.forEach((k, v) -> g.put(k, v.toJsonMap()));
          gs.put(attr, g);
        });
    m.put("groups_ndcg@10", gs);
    m.put("train_seconds", trainSeconds.toJsonMap());
    m.put("score_seconds", scoreSeconds.toJsonMap());
    m.putAll(extra);
    return m;
  }
}
