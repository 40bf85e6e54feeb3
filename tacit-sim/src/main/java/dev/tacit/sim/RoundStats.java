package dev.tacit.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one simulated round did.
 *
 * @param round the round number, from 1
 * @param cohort the devices asked to take part
 * @param survivors the devices whose updates were counted in the sum (0 if the round aborted)
 * @param aborted whether the round was abandoned (too few survivors, or SecAgg aborted): nothing
 *     learned, nothing charged
 * @param epsilon ε spent after the round
 * @param seconds the wall time of the round
 * @param bytesPerDevice the most bytes one device sent in the round
 * @param ndcg NDCG@10 on the test split after the round, NaN when not evaluated
 */
public record RoundStats(
    long round,
    int cohort,
    int survivors,
    boolean aborted,
    double epsilon,
    double seconds,
    long bytesPerDevice,
    double ndcg) {

  /** The round as a map, for JSON reports. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", round);
    m.put("cohort", cohort);
    m.put("survivors", survivors);
    m.put("aborted", aborted);
    m.put("epsilon", Double.isInfinite(epsilon) ? "inf" : epsilon);
    m.put("seconds", seconds);
    m.put("bytes_per_device", bytesPerDevice);
    if (!Double.isNaN(ndcg)) {
      m.put("ndcg@10", ndcg);
    }
    return m;
  }
}
