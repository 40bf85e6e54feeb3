package dev.tacit.server.analytics;

import java.util.List;

/** The JSON bodies of the analytics routes. */
public final class AnalyticsViews {
  private AnalyticsViews() {}

  /**
   * A new query, as the operator posts it.
   *
   * @param metric the metric's name, an identifier
   * @param labels the domain: 2 to 4096 distinct labels, in value order
   * @param epsilon the local ε of each device's report, in (0, 10]
   * @param description what is asked, 1 to 512 characters
   */
  public record QueryRequest(
      String metric, List<String> labels, double epsilon, String description) {}

  /**
   * One label's estimated count of devices.
   *
   * @param label the label
   * @param estimate the unbiased estimate of how many reporting devices hold it
   * @param ciLow the lower end of the confidence interval
   * @param ciHigh the upper end of the confidence interval
   */
  public record EstimateView(String label, double estimate, double ciLow, double ciHigh) {}

  /**
   * A query with its differentially private answer.
   *
   * @param id the query id
   * @param metric the metric's name
   * @param description what is asked
   * @param labels the domain
   * @param epsilon the local ε of each report
   * @param status {@code open} or {@code closed}
   * @param reports the number of reports counted
   * @param estimates one estimate per label, in label order
   * @param confidence the confidence level of the intervals
   */
  public record QueryView(
      String id,
      String metric,
      String description,
      List<String> labels,
      double epsilon,
      String status,
      long reports,
      List<EstimateView> estimates,
      double confidence) {}

  /** Every query, for the operator. */
  public record QueriesView(List<QueryView> queries) {}
}
