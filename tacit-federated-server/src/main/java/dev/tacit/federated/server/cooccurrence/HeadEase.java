package dev.tacit.federated.server.cooccurrence;

import dev.tacit.core.linalg.SymmetricEigen;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's post-processing of the two released sums (free for privacy): the head from the noisy
 * popularity, and EASE over the head from the noisy co-occurrence triangle, both by the rule of
 * {@link CooccurrenceConfig}.
 */
final class HeadEase {
  private HeadEase() {}

  /**
   * The head: every item whose noisy popularity is at least τ times {@code sigma}, the noise
   * deviation z₂·C of the co-occurrence release, and above zero; at least 2 and at most {@code
   * maxHead} items.
   */
  static Head head(double[] popularity, CooccurrenceConfig config, double sigma) {
    double threshold = config.headThreshold() * sigma;
    int n = 0;
    for (double p : popularity) {
      n += p >= threshold && p > 0 ? 1 : 0;
    }
    n = Math.max(2, Math.min(Math.min(config.maxHead(), popularity.length), n));
    return Head.top(popularity, n);
  }

  /**
   * The noise deviation of one decoded entry of a release's sum: every counted device's share and
   * rounding (variance at most 1/4), plus the server's, in units of the plan's scale.
   */
  static double entrySigma(RoundPlan plan, int counted) {
    double variance =
        counted * (plan.deviceNoiseSigma() * plan.deviceNoiseSigma() + 0.25)
            + plan.serverNoiseSigma() * plan.serverNoiseSigma();
    return Math.sqrt(variance) / plan.scale();
  }

  /**
   * The model from the decoded co-occurrence triangle over {@code head}: mirrors it into G, keeps
   * the eigen-components above the noise edge 2σ√N (the edge of the noise's semicircle) and solves
   * EASE in closed form with λ the edge, at least {@code minLambda}.
   *
   * @param sigma the noise deviation of one entry of G (0 without noise)
   * @param about how the releases were made (noise, ε, devices), appended to the provenance
   */
  static CooccurrenceModel solve(
      Head head,
      double[] triangle,
      double sigma,
      CooccurrenceConfig config,
      Map<String, Object> about) {
    int n = head.size();
    double[] g = new double[n * n];
    for (int a = 0; a < n; a++) {
      for (int b = a; b < n; b++) {
        double v = triangle[Head.triangleIndex(n, a, b)];
        g[a * n + b] = v;
        g[b * n + a] = v;
      }
    }
    double edge = 2 * sigma * Math.sqrt(n);
    double lambda = Math.max(edge, config.minLambda());
    SymmetricEigen eigen = SymmetricEigen.of(g, n);
    int r = 0;
    while (r < n && eigen.value(r) > edge) {
      r++;
    }
    double[] values = new double[r];
    for (int k = 0; k < r; k++) {
      values[k] = eigen.value(k);
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("algorithm", "cooccurrence");
    provenance.put("head_size", n);
    provenance.put("rank", r);
    provenance.put("lambda", lambda);
    provenance.put("noise_sigma", sigma);
    provenance.put("noise_edge", edge);
    provenance.putAll(about);
    return CooccurrenceModel.of(head, eigen.topVectors(r), values, lambda, provenance);
  }
}
