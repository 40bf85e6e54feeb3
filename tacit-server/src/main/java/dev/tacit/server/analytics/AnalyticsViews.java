package dev.tacit.server.analytics;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.OptBoolean;
import dev.tacit.protocol.Json;
import java.util.List;

/** The JSON bodies of the analytics routes. */
public final class AnalyticsViews {
  private AnalyticsViews() {}

  /**
   * A new query, as the operator posts it.
   *
   * @param metric the metric's name, an identifier
   * @param title a readable name, 1 to 120 printable characters; null for the metric's name
   * @param labels the domain: 2 to 4096 distinct labels, in value order
   * @param epsilon the local ε of each device's report, in (0, 10]
   * @param description what is asked, 1 to 512 characters
   */
  public record QueryRequest(
      String metric,
      @JacksonInject(value = Json.ABSENT_IN_V1, useInput = OptBoolean.TRUE) String title,
      List<String> labels,
      double epsilon,
      String description) {}

  /**
   * The body of a query's closing.
   *
   * @param reason the operator's reason, for the audit log (required)
   */
  public record CloseRequest(String reason) {}

  /**
   * One label's estimated count of devices.
   *
   * @param label the label
   * @param estimate the consistent estimate: the unbiased ones post-processed by Norm-Sub, so that
   *     every estimate is non-negative and they sum to the number of reports
   * @param rawEstimate the unbiased estimate of how many reporting devices hold the label (may be
   *     negative)
   * @param ciLow the lower end of the confidence interval of the unbiased estimate
   * @param ciHigh the upper end of the confidence interval of the unbiased estimate
   * @param standardError the standard error of the unbiased estimate, from the oracle's variance
   */
  public record EstimateView(
      String label,
      double estimate,
      double rawEstimate,
      double ciLow,
      double ciHigh,
      double standardError) {}

  /**
   * A query with its differentially private answer.
   *
   * @param id the query id
   * @param title the query's readable name (its metric's name when none was given)
   * @param metric the metric's name
   * @param description what is asked
   * @param labels the domain
   * @param epsilon the local ε of each report
   * @param mechanism the frequency oracle devices answer with
   * @param status {@code open} or {@code closed}
   * @param reports the number of reports counted
   * @param estimates one estimate per label, highest consistent estimate first
   * @param confidence the confidence level of the intervals
   */
  public record QueryView(
      String id,
      String title,
      String metric,
      String description,
      List<String> labels,
      double epsilon,
      String mechanism,
      String status,
      long reports,
      List<EstimateView> estimates,
      double confidence) {}

  /** Every query, for the operator. */
  public record QueriesView(List<QueryView> queries) {}
}
