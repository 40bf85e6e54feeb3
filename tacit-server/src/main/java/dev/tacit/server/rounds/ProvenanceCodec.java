package dev.tacit.server.rounds;

import dev.tacit.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link ModelProvenance} as the JSON object stored with each model version, in the format
 * model cards, the dashboard and the API have read since the first release: snake_case keys, an
 * infinite ε as the string {@code "infinity"}, iALS without an {@code algorithm} key.
 */
public final class ProvenanceCodec {
  private ProvenanceCodec() {}

  /** The JSON object of {@code p}. */
  public static String write(ModelProvenance p) {
    return Json.write(p.algorithm() == ModelProvenance.Algorithm.IALS ? ials(p) : cooccurrence(p));
  }

  private static Map<String, Object> ials(ModelProvenance p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "federated");
    m.put("version", p.version());
    m.put("factors", p.hyperparameters().factors());
    m.put("alpha", p.hyperparameters().alpha());
    m.put("lambda", p.hyperparameters().lambda());
    m.put("round", p.round());
    ModelProvenance.Release r = p.release();
    if (r != null) {
      m.put("cohort", r.cohort());
      m.put("survivors", r.survivors());
      m.put("noise_multiplier", r.noiseMultiplier());
      m.put("sampling_rate", r.samplingRate());
      m.put("epsilon", epsilon(r.epsilon()));
      m.put("delta", r.delta());
      m.put("colluding_fraction", p.colludingFraction());
      if (r.ledgerSeq() != null) {
        m.put("ledger_seq", r.ledgerSeq());
      }
    }
    return m;
  }

  private static Map<String, Object> cooccurrence(ModelProvenance p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "federated");
    m.put("algorithm", "cooccurrence");
    m.put("stage", p.stage());
    m.put("version", p.version());
    m.put("num_items", p.hyperparameters().numItems());
    m.put("head_size", p.hyperparameters().headSize());
    m.put("rank", p.hyperparameters().rank());
    m.put("lambda", p.hyperparameters().lambda());
    m.put("alpha", p.hyperparameters().alpha());
    m.put("round", p.round());
    m.put("config", p.config());
    m.put("popularity_noise_multiplier", p.noise().popularity());
    m.put("cooccurrence_noise_multiplier", p.noise().cooccurrence());
    m.put("popularity_share", p.noise().popularityShare());
    m.put("sampling_rate", 1.0); // every device with consent takes part
    m.put("colluding_fraction", p.colludingFraction());
    ModelProvenance.Release r = p.release();
    if (r != null) {
      m.put("release", r.name());
      m.put("noise_multiplier", r.noiseMultiplier());
      m.put("cohort", r.cohort());
      m.put("survivors", r.survivors());
      m.put("epsilon", epsilon(r.epsilon()));
      m.put("delta", r.delta());
      if (r.ledgerSeq() != null) {
        m.put("ledger_seq", r.ledgerSeq());
      }
    }
    for (Map.Entry<String, Object> e : p.model().entrySet()) {
      m.putIfAbsent(e.getKey(), e.getValue());
    }
    return m;
  }

  private static Object epsilon(double epsilon) {
    return Double.isFinite(epsilon) ? epsilon : "infinity";
  }
}
