package dev.tacit.protocol;

/**
 * Federated evaluation: a device that granted {@code evaluation} reports how well one model version
 * ranked its own held-back items. Only these two numbers leave the device; the server adds them to
 * sums per model version (one report per device per version) and releases the sums once, with
 * noise, never the report.
 *
 * @param deviceId the pseudonymous device id
 * @param modelVersion the model version evaluated
 * @param ndcgAt10 the device's NDCG@10, in [0, 1]
 * @param hitAt10 1 if a held-back item was in the top 10, else 0
 */
public record LocalEvaluation(String deviceId, long modelVersion, double ndcgAt10, double hitAt10) {
  /** Validates the report. */
  public LocalEvaluation {
    Checks.id(deviceId, "deviceId", 64);
    Checks.atLeast(modelVersion, 0, "modelVersion");
    Checks.require(ndcgAt10 >= 0 && ndcgAt10 <= 1, "ndcgAt10 must be in [0, 1], was " + ndcgAt10);
    Checks.require(hitAt10 == 0 || hitAt10 == 1, "hitAt10 must be 0 or 1, was " + hitAt10);
  }
}
