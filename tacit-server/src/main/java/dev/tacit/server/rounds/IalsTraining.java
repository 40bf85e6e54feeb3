package dev.tacit.server.rounds;

import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.federated.server.RoundRecord;
import dev.tacit.federated.server.round.SessionStatus;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.RoundStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Federated iALS as the server stores it: the server built from the latest model version, its
 * optimizer state and the completed rounds' history (or version 0, published, when there is none),
 * and how a version is stored: its item factors as a frame, and its provenance.
 */
final class IalsTraining {
  private static final Logger LOG = LoggerFactory.getLogger(IalsTraining.class);

  private IalsTraining() {}

  /**
   * The iALS server over {@code numItems} items: restored from the latest completed round's model
   * version, or created, with version 0 published, when there is none.
   */
  static FederatedServer load(
      TrainingSettings settings,
      RoundStore store,
      int numItems,
      double epsilonBudget,
      double delta) {
    CohortSampler sampler = CohortSampler.poisson(settings.rules().samplingRate());
    List<RoundRow> done =
        store.rounds().stream().filter(r -> r.status() == SessionStatus.COMPLETED).toList();
    Optional<Long> latest = done.stream().map(RoundRow::resultVersion).max(Long::compare);
    if (latest.isEmpty() && !store.models().exists(0)) {
      FederatedServer federated =
          FederatedServer.create(
              settings.federated(),
              settings.privacy(),
              sampler,
              numItems,
              settings.population(),
              epsilonBudget,
              delta);
      store.publishInitialModel(
          frame(federated.model()),
          ProvenanceCodec.write(provenance(settings, federated.model(), null, null)),
          OptimizerStateCodec.encode(federated.optimizerState()));
      return federated;
    }
    long version = latest.orElse(0L);
    byte[] frame = store.models().get(version).orElseThrow().frame();
    float[] factors = TensorFrame.decode(frame).floats();
    ModelSnapshot model =
        ModelSnapshot.of(
            version,
            numItems,
            settings.federated().factors(),
            factors,
            settings.federated().alpha(),
            settings.federated().lambda());
    List<RoundRecord> history = new ArrayList<>();
    for (RoundRow r : done) {
      history.add(
          new RoundRecord(
              r.round(),
              r.resultVersion(),
              r.cohort(),
              r.survivors(),
              r.noiseMultiplier(),
              r.samplingRate(),
              r.epsilonAfter(),
              r.delta(),
              r.updateNorm() == null ? Double.NaN : r.updateNorm()));
    }
    FederatedServer federated =
        FederatedServer.restore(
            settings.federated(),
            settings.privacy(),
            sampler,
            settings.population(),
            epsilonBudget,
            delta,
            model,
            OptimizerStateCodec.decode(
                store.optimizerState(version).orElse(OptimizerStateCodec.empty())),
            history);
    LOG.info(
        "resumed training at model version {} after {} completed rounds", version, done.size());
    return federated;
  }

  /** The model's item factors as the frame devices download. */
  static byte[] frame(ModelSnapshot m) {
    return TensorFrame.ofFloats(new int[] {m.numItems(), m.factors()}, m.itemFactors()).encode();
  }

  /** How the iALS model {@code m} was made: by the round {@code rec}, or none for version 0. */
  static ModelProvenance provenance(
      TrainingSettings settings, ModelSnapshot m, RoundRecord rec, Long ledgerSeq) {
    return new ModelProvenance(
        ModelProvenance.Algorithm.IALS,
        null,
        m.version(),
        rec == null ? 0 : rec.round(),
        ModelProvenance.Hyperparameters.ials(m.factors(), m.alpha(), m.lambda()),
        null,
        null,
        settings.privacy().colludingFraction(),
        rec == null
            ? null
            : new ModelProvenance.Release(
                null,
                rec.noiseMultiplier(),
                rec.cohortSize(),
                rec.survivors(),
                rec.samplingRate(),
                rec.epsilon(),
                rec.delta(),
                ledgerSeq),
        null);
  }
}
