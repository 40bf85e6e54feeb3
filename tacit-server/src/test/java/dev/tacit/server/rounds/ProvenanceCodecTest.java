package dev.tacit.server.rounds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provenance JSON is the format stored with every model version and read by model cards, the
 * dashboard and the API: each expected object here is built the way the server wrote it before
 * provenance was typed, key by key, and the codec must write the same bytes.
 */
class ProvenanceCodecTest {
  private static ModelProvenance ials(ModelProvenance.Release release, long round) {
    return new ModelProvenance(
        ModelProvenance.Algorithm.IALS,
        null,
        3,
        round,
        ModelProvenance.Hyperparameters.ials(4, 40.0, 0.1),
        null,
        null,
        0.5,
        release,
        null);
  }

  @Test
  void theInitialIalsVersion_recordsItsHyperparametersOnly() {
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("kind", "federated");
    before.put("version", 3L);
    before.put("factors", 4);
    before.put("alpha", 40.0);
    before.put("lambda", 0.1);
    before.put("round", 0L);
    assertThat(ProvenanceCodec.write(ials(null, 0))).isEqualTo(Json.write(before));
  }

  @Test
  void anIalsRelease_recordsItsRoundNoiseCohortAndEpsilon_infinityAsAString() {
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("kind", "federated");
    before.put("version", 3L);
    before.put("factors", 4);
    before.put("alpha", 40.0);
    before.put("lambda", 0.1);
    before.put("round", 2L);
    before.put("cohort", 5);
    before.put("survivors", 4);
    before.put("noise_multiplier", 1.1);
    before.put("sampling_rate", 0.25);
    before.put("epsilon", "infinity");
    before.put("delta", 1e-6);
    before.put("colluding_fraction", 0.5);
    before.put("ledger_seq", 7L);
    ModelProvenance.Release release =
        new ModelProvenance.Release(null, 1.1, 5, 4, 0.25, Double.POSITIVE_INFINITY, 1e-6, 7L);
    assertThat(ProvenanceCodec.write(ials(release, 2))).isEqualTo(Json.write(before));

    before.put("epsilon", 0.75);
    before.remove("ledger_seq");
    ModelProvenance.Release uncharged =
        new ModelProvenance.Release(null, 1.1, 5, 4, 0.25, 0.75, 1e-6, null);
    assertThat(ProvenanceCodec.write(ials(uncharged, 2))).isEqualTo(Json.write(before));
  }

  @Test
  void aCooccurrenceRelease_recordsItsStageNoiseAndConfig_andKeepsTheModelsOwnRecordBehind() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("head_size", 10);
    config.put("rank", 2);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("rank", 99); // said already: the provenance's own value wins
    model.put("shrinkage", 0.3);
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("kind", "federated");
    before.put("algorithm", "cooccurrence");
    before.put("stage", "head");
    before.put("version", 3L);
    before.put("num_items", 12);
    before.put("head_size", 10);
    before.put("rank", 2);
    before.put("lambda", 0.1);
    before.put("alpha", 0.0);
    before.put("round", 2L);
    before.put("config", config);
    before.put("popularity_noise_multiplier", 2.0);
    before.put("cooccurrence_noise_multiplier", 3.0);
    before.put("popularity_share", 0.2);
    before.put("sampling_rate", 1.0);
    before.put("colluding_fraction", 0.5);
    before.put("release", "popularity");
    before.put("noise_multiplier", 2.0);
    before.put("cohort", 6);
    before.put("survivors", 6);
    before.put("epsilon", 1.5);
    before.put("delta", 1e-6);
    before.put("ledger_seq", 9L);
    before.put("shrinkage", 0.3);
    ModelProvenance p =
        new ModelProvenance(
            ModelProvenance.Algorithm.COOCCURRENCE,
            "head",
            3,
            2,
            ModelProvenance.Hyperparameters.cooccurrence(12, 10, 2, 0.0, 0.1),
            new ModelProvenance.Noise(2.0, 3.0, 0.2),
            config,
            0.5,
            new ModelProvenance.Release("popularity", 2.0, 6, 6, 1.0, 1.5, 1e-6, 9L),
            model);
    assertThat(ProvenanceCodec.write(p)).isEqualTo(Json.write(before));
    assertThat(p.config()).containsExactlyEntriesOf(config);
  }

  @Test
  void theInitialCooccurrenceVersion_hasNoRelease() {
    ModelProvenance p =
        new ModelProvenance(
            ModelProvenance.Algorithm.COOCCURRENCE,
            "initial",
            0,
            0,
            ModelProvenance.Hyperparameters.cooccurrence(12, 0, 0, 0.0, 1.0),
            new ModelProvenance.Noise(2.0, 3.0, 0.2),
            null,
            0.5,
            null,
            null);
    JsonNode json = Json.read(ProvenanceCodec.write(p), JsonNode.class);
    assertThat(json.has("release")).isFalse();
    assertThat(json.has("epsilon")).isFalse();
    assertThat(json.get("config").isEmpty()).isTrue();
    assertThat(json.get("stage").asText()).isEqualTo("initial");
  }
}
