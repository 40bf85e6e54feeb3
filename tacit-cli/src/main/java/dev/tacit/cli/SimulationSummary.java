package dev.tacit.cli;

import dev.tacit.cli.text.Wording;
import dev.tacit.core.report.ModelReport;
import dev.tacit.sim.FederatedRun;
import dev.tacit.sim.SecAggMode;
import dev.tacit.sim.SimulationConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The lines {@code tacit simulate} prints under its table about the federated run. */
final class SimulationSummary {
  private SimulationSummary() {}

  static String summary(SimulationConfig config, ModelReport fed, List<FederatedRun> runs) {
    Map<String, Object> x = fed.extra();
    FederatedRun first = runs.get(0);
    double wall = runs.stream().mapToDouble(FederatedRun::wallSeconds).sum();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "federated: epsilon = %s (delta = %s), %s rounds (%s aborted), noise multiplier %.4f,"
                + " clip %s, secagg %s%s%n",
            epsilon(x),
            Wording.sci(config.delta()),
            x.get("rounds"),
            x.get("aborted_rounds"),
            first.noiseMultiplier(),
            config.clipNorm(),
            config.secAgg().name().toLowerCase(Locale.ROOT),
            first.stoppedAtBudget() ? "; stopped at the budget" : ""));
    sb.append(
        String.format(
            Locale.ROOT,
            "wall time %.1f s over %d split(s), %.3f s per round; bytes per device per round: %d"
                + "%s%n",
            wall,
            runs.size(),
            ((Number) x.get("mean_round_seconds")).doubleValue(),
            ((Number) x.get("bytes_per_device_per_round")).longValue(),
            bytesMeasured(config)));
    return sb.toString();
  }

  static String cooccurrenceSummary(SimulationConfig config, ModelReport fed) {
    Map<String, Object> x = fed.extra();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "federated (cooccurrence): epsilon = %s (delta = %s), 2 releases, noise multipliers"
                + " %.4f (popularity) and %.4f (co-occurrence), secagg %s%n",
            epsilon(x),
            Wording.sci(config.delta()),
            ((Number) x.get("popularity_noise_multiplier")).doubleValue(),
            ((Number) x.get("cooccurrence_noise_multiplier")).doubleValue(),
            config.secAgg().name().toLowerCase(Locale.ROOT)));
    for (Object o : (List<?>) x.get("models")) {
      Map<?, ?> m = (Map<?, ?>) o;
      sb.append(
          String.format(
              Locale.ROOT,
              "  %s: head N = %s, rank r = %s, lambda = %.2f (noise sigma %.4f per entry)%s%n",
              m.get("split"),
              m.get("head_size"),
              m.get("rank"),
              ((Number) m.get("lambda")).doubleValue(),
              ((Number) m.get("noise_sigma")).doubleValue(),
              ((Number) m.get("secagg_sessions_per_release")).intValue() > 1
                  ? String.format(
                      Locale.ROOT,
                      "; %s SecAgg+ cohorts per release, %s aborted; epsilon against a server"
                          + " that keeps the cohort sums %s",
                      m.get("secagg_sessions_per_release"),
                      m.get("aborted_sessions"),
                      m.get("epsilon_against_cohort_sums") instanceof Number e
                          ? String.format(Locale.ROOT, "%.2f", e.doubleValue())
                          : "inf")
                  : ""));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "bytes per device per release: %d%s%n",
            ((Number) x.get("bytes_per_device_per_round")).longValue(),
            bytesMeasured(config)));
    return sb.toString();
  }

  /** The run's ε with four decimals, or "inf" without noise. */
  private static String epsilon(Map<String, Object> extra) {
    return extra.get("epsilon") instanceof Number n
        ? String.format(Locale.ROOT, "%.4f", n.doubleValue())
        : "inf";
  }

  /** What the bytes per device count. */
  private static String bytesMeasured(SimulationConfig config) {
    return config.secAgg() == SecAggMode.REAL
        ? " (measured, all four SecAgg+ messages)"
        : " (the masked vector only; --secagg real measures every message)";
  }
}
