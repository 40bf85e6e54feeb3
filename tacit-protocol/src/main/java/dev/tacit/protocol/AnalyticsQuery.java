package dev.tacit.protocol;

import java.util.HashSet;
import java.util.List;

/**
 * An open federated-analytics query, as devices see it ({@code GET /v1/analytics/queries}): which
 * of {@code labels} holds for the device, answered with the ε-LDP frequency oracle the server chose
 * for the query: generalized randomized response for small domains, optimized local hashing for
 * large ones.
 *
 * @param id the query id, sent as the report's metric
 * @param metric what the query asks, an identifier (such as {@code top_category})
 * @param labels the possible answers, 2 to 4,096 distinct labels of 1 to 128 characters without
 *     control characters (readable text, such as {@code Children's}), in the order of the report's
 *     value
 * @param epsilon the local ε of one report
 * @param mechanism the frequency oracle, {@code grr} or {@code olh}
 */
public record AnalyticsQuery(
    String id, String metric, List<String> labels, double epsilon, LdpReport.Mechanism mechanism) {
  /** Validates and copies. */
  public AnalyticsQuery {
    Checks.id(id, "id", 64);
    Checks.id(metric, "metric", 64);
    labels = Checks.list(labels, "labels");
    Checks.require(
        labels.size() >= 2 && labels.size() <= 4096,
        "labels must hold 2 to 4096 labels, had " + labels.size());
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      Checks.require(
          !label.codePoints().allMatch(Character::isWhitespace)
              && label.length() <= 128
              && label.chars().noneMatch(Character::isISOControl),
          "labels[" + i + "] must be 1 to 128 characters, not blank, without control characters");
    }
    Checks.require(new HashSet<>(labels).size() == labels.size(), "labels must be distinct");
    Checks.positive(epsilon, "epsilon");
    Checks.present(mechanism, "mechanism");
  }

  /**
   * The report value of {@code label}: its index in {@link #labels()}.
   *
   * @throws IllegalArgumentException if the query has no such label
   */
  public int valueOf(String label) {
    int value = labels.indexOf(label);
    if (value < 0) {
      throw new IllegalArgumentException(
          "query " + id + " (" + metric + ") has no label " + label + "; its labels: " + labels);
    }
    return value;
  }
}
