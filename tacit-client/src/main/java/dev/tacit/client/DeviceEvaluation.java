package dev.tacit.client;

import dev.tacit.client.consent.ConsentLedger;
import dev.tacit.client.model.ModelCache;
import dev.tacit.client.server.ServerException;
import dev.tacit.core.metrics.RankingMetrics;
import dev.tacit.protocol.LocalEvaluation;
import dev.tacit.protocol.Purpose;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Federated evaluation on the device: the top 10 as the user would see them, scored against items
 * the app held back with core's {@link RankingMetrics} (NDCG@10 and hit rate@10); only those two
 * figures leave, for the model version, while {@code evaluation} is granted.
 */
final class DeviceEvaluation {
  static final int K = 10;

  private final LocalState state;
  private final ConsentLedger consent;
  private final ModelCache models;
  private final Ranker ranker;
  private final LoggedServer server;

  DeviceEvaluation(
      LocalState state,
      ConsentLedger consent,
      ModelCache models,
      Ranker ranker,
      LoggedServer server) {
    this.state = state;
    this.consent = consent;
    this.models = models;
    this.ranker = ranker;
    this.server = server;
  }

  /**
   * The figures of a ranked list against the held-back items: each distinct held-back item gets a
   * code 0..n-1 and every other item -1, so that core's metrics count exactly the held-back ones.
   */
  static double[] ndcgAndHit(List<String> ranked, Collection<String> heldBack) {
    List<String> relevant = new ArrayList<>(new LinkedHashSet<>(heldBack));
    int[] codes = new int[ranked.size()];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = relevant.indexOf(ranked.get(i));
    }
    int[] relevantCodes = new int[relevant.size()];
    for (int i = 0; i < relevantCodes.length; i++) {
      relevantCodes[i] = i;
    }
    return new double[] {
      RankingMetrics.ndcg(codes, relevantCodes, K), RankingMetrics.hitRate(codes, relevantCodes, K)
    };
  }

  /** See {@link TacitClient#reportEvaluation}. */
  boolean report(Collection<String> heldBack) {
    if (heldBack == null || heldBack.isEmpty()) {
      throw new IllegalArgumentException("heldBack must name at least one item");
    }
    String token;
    LocalEvaluation report;
    synchronized (state) {
      state.requireOpen();
      if (!consent.isGranted(Purpose.EVALUATION)
          || !server.configured()
          || state.token() == null
          || models.version() < 0) {
        return false;
      }
      List<String> top = new ArrayList<>();
      for (Recommendation r : ranker.recommend(K, Filter.none()).items()) {
        top.add(r.itemId());
      }
      double[] figures = ndcgAndHit(top, heldBack);
      token = state.token();
      report = new LocalEvaluation(state.deviceId(), models.version(), figures[0], figures[1]);
    }
    return server.send(
        "evaluation",
        "POST /v1/devices/{id}/evaluations",
        "how well model version "
            + report.modelVersion()
            + " ranked your next choices: two numbers, no items",
        () -> {
          try {
            server.connection().evaluation(token, report);
          } catch (ServerException e) {
            // One report per device per version, none after the version's release, none once
            // the evaluation budget cannot pay for a release: the server counted nothing, and
            // that is the normal end of this version's evaluation.
            if (e.code().equals("duplicate_evaluation")
                || e.code().equals("evaluation_released")
                || e.code().equals("budget_exceeded")) {
              return false;
            }
            throw e;
          }
          return true;
        });
  }
}
