package dev.tacit.protocol;

import java.util.List;

/**
 * The open analytics queries ({@code GET /v1/analytics/queries}).
 *
 * @param queries the open queries, oldest first
 */
public record AnalyticsQueryList(List<AnalyticsQuery> queries) {
  /** Validates and copies. */
  public AnalyticsQueryList {
    queries = Checks.list(queries, "queries");
  }
}
