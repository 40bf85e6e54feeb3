package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Dataset;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import dev.tacit.core.synth.SyntheticConfig;
import dev.tacit.core.synth.SyntheticGenerator;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.federated.server.round.SessionStatus;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.TacitServer;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.RoundStore;
import dev.tacit.sim.FederatedEvaluation;
import dev.tacit.sim.fleet.DeviceFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system over HTTP on loopback: a server and 50 real clients, each with its own encrypted
 * store, complete three federated rounds with SecAgg+ while 20% of them lose the network at a
 * random phase of every round, and the model improves. Run once per database.
 */
@Tag("slow")
abstract class EndToEndContract {
  private static final int DEVICES = 50;
  private static final int ITEMS = 40;
  private static final int DROPS = DEVICES / 5;

  @TempDir Path dir;

  /** The JDBC URL to test against (may skip the test with an assumption). */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  private static ModelSnapshot model(RoundStore store, long version, FederatedConfig f) {
    float[] factors =
        TensorFrame.decode(store.models().get(version).orElseThrow().frame()).floats();
    return ModelSnapshot.of(version, ITEMS, f.factors(), factors, f.alpha(), f.lambda());
  }

  @Test
  void fiftyClients_threeRounds_twentyPercentDropouts_theModelImproves() throws Exception {
    Dataset ds = SyntheticGenerator.generate(SyntheticConfig.of(DEVICES, ITEMS, 11));
    Split split = Splits.randomHoldout(ds.interactions(), 0.2, 11);
    List<CatalogueItem> catalogue = DemoData.catalogue(ds);
    Csr train = split.train().byUser();
    Csr test = split.test().byUser();
    List<List<String>> histories = new ArrayList<>();
    List<List<String>> heldBack = new ArrayList<>();
    for (int u = 0; u < DEVICES; u++) {
      histories.add(ids(catalogue, train.row(u)));
      heldBack.add(ids(catalogue, test.row(u)));
    }
    FederatedConfig federated =
        FederatedConfig.defaults()
            .withFactors(8)
            .withOptimizer(FederatedConfig.Optimizer.FEDADAM, 0.1)
            .withSeed(3);
    TrainingSettings training =
        new TrainingSettings(
            federated,
            new PrivacySettings(5.0, 0, PrivacySettings.NoiseAt.DEVICES, 0.5),
            new RoundRules(1.0, 10, 1000, Duration.ofSeconds(60), Duration.ofSeconds(20))
                .withQuorum(0.75, Duration.ofMillis(1500)),
            DEVICES);
    Path dataDir = dir.resolve("server");
    String url = databaseUrl(dataDir);
    try (TacitServer server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dataDir)
                    .databaseUrl(url)
                    .build())
            .withTraining(training)
            // Each version is released when every device has reported on it.
            .withEvaluation(new dev.tacit.server.evaluation.EvaluationSettings(DEVICES, 7))
            .start()) {
      server.rounds().publishCatalogue(catalogue);
      RoundStore store = server.rounds().store();
      double before = FederatedEvaluation.ndcg(model(store, 0, federated), split);
      try (DeviceFleet fleet =
          DeviceFleet.create(
              dir.resolve("devices"),
              server.baseUri(),
              histories,
              heldBack,
              Set.of(Purpose.TRAINING, Purpose.PERSONALIZATION, Purpose.EVALUATION),
              5)) {
        Random random = new Random(17);
        for (int r = 1; r <= 3; r++) {
          DeviceFleet.RoundResult res = fleet.runRound(DROPS, random);
          assertThat(res.status()).as("round %d: %s", r, res).isEqualTo("completed");
          assertThat(res.dropped()).isEqualTo(DROPS);
          // A straggler cut by an early close of a quiet, quorate phase counts as a dropout too.
          assertThat(res.contributed() + res.dropped() + res.late()).isEqualTo(DEVICES);
          assertThat(res.failed()).as(res.firstFailure()).isZero();
          RoundRow row = store.rounds().get(store.rounds().size() - 1);
          assertThat(row.status()).isEqualTo(SessionStatus.COMPLETED);
          assertThat(row.cohort()).isEqualTo(DEVICES);
          // Devices that dropped after sending their masked input are still counted.
          assertThat(row.survivors()).isBetween(DEVICES - DROPS - res.late(), DEVICES - 1);
        }
        // Every device evaluates the newest version: the DEVICES-th report releases it.
        for (DeviceFleet.Member m : fleet.members()) {
          m.client().syncModel();
        }
        assertThat(fleet.reportEvaluations()).isEqualTo(DEVICES);
      }
      long latest = store.models().latestVersion().orElseThrow();
      assertThat(latest).isEqualTo(3);
      double after = FederatedEvaluation.ndcg(model(store, latest, federated), split);
      assertThat(after).as("NDCG@10 before %s, after %s", before, after).isGreaterThan(before);
      assertThat(store.evaluations())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.modelVersion()).isEqualTo(3);
                assertThat(e.devices()).isEqualTo(DEVICES);
              });
      assertThat(server.storage().audit().verify().valid()).isTrue();
    } finally {
      dropDatabase();
    }
  }

  private static List<String> ids(List<CatalogueItem> catalogue, int[] rows) {
    List<String> out = new ArrayList<>();
    for (int i : rows) {
      out.add(catalogue.get(i).itemId());
    }
    return out;
  }
}
