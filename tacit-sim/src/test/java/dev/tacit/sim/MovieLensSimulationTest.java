package dev.tacit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.eval.Progress;
import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import dev.tacit.federated.FederatedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The quality floors on MovieLens 100K fold u1 (sum mode: bit-identical to real). */
@Tag("slow")
class MovieLensSimulationTest {
  private static List<Split> splits;
  private static double central;
  private static double popular;

  @BeforeAll
  static void load() {
    Path dir = Path.of(System.getProperty("tacit.datasets", "../shared/datasets"), "ml-100k");
    Assumptions.assumeTrue(
        Files.isDirectory(dir), "MovieLens 100K not found at " + dir + "; skipping");
    splits = MovieLens100k.folds(dir, 1);
    List<ModelReport> refs =
        Experiment.references(
            splits, UserAttributes.none(), FederatedConfig.defaults(), 1, Progress.none());
    central = ndcg(refs.get(0));
    popular = ndcg(refs.get(1));
  }

  private static double ndcg(ModelReport r) {
    return r.metrics().get("ndcg@10").mean();
  }

  @Test
  void noNoise_reachesNinetySevenPercentOfCentralIals() {
    ModelReport fed =
        Experiment.federated(
            splits,
            UserAttributes.none(),
            SimulationConfig.builder().build(),
            Progress.none(),
            null);
    assertThat(ndcg(fed)).isGreaterThanOrEqualTo(0.97 * central);
  }

  @Test
  void epsilonEight_beatsMostPopularByTwentyPercent_withinBudget() {
    ModelReport fed =
        Experiment.federated(
            splits,
            UserAttributes.none(),
            SimulationConfig.tunedFor(8).build(),
            Progress.none(),
            null);
    assertThat(ndcg(fed)).isGreaterThanOrEqualTo(1.2 * popular);
    assertThat(((Number) fed.extra().get("epsilon")).doubleValue()).isLessThanOrEqualTo(8);
  }

  @Test
  void cooccurrenceAtEpsilonEight_beatsMostPopularByFortyPercent_andFederatedIalsToo() {
    ModelReport cooc =
        Experiment.federated(
            splits,
            UserAttributes.none(),
            SimulationConfig.builder().algorithm(Algorithm.COOCCURRENCE).epsilon(8).build(),
            Progress.none(),
            null);
    ModelReport ials =
        Experiment.federated(
            splits,
            UserAttributes.none(),
            SimulationConfig.tunedFor(8).build(),
            Progress.none(),
            null);
    assertThat(ndcg(cooc)).isGreaterThanOrEqualTo(1.4 * popular).isGreaterThan(ndcg(ials));
    assertThat(cooc.extra()).containsEntry("algorithm", "cooccurrence");
    assertThat(((Number) cooc.extra().get("epsilon")).doubleValue()).isLessThanOrEqualTo(8);
  }
}
