package dev.tacit.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.io.ReadOptions;
import dev.tacit.core.model.Ease;
import dev.tacit.core.model.Ials;
import dev.tacit.core.model.MostPopular;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The foundation's quality goals on MovieLens 100K, folds 1 to 5, with the protocol of DESIGN.md
 * (mean over folds): iALS k = 64 NDCG@10 >= 0.455 and Recall@20 >= 0.34; EASE NDCG@10 >= 0.474;
 * MostPopular about 0.25.
 */
@Tag("slow")
class MovieLensQualityTest {
  private static Dataset dataset;
  private static List<Split> folds;

  @BeforeAll
  static void load() {
    Path dir = Path.of(System.getProperty("tacit.datasets", "../shared/datasets"), "ml-100k");
    Assumptions.assumeTrue(
        Files.isDirectory(dir), "MovieLens 100K not found at " + dir + "; skipping");
    dataset = MovieLens100k.read(dir, ReadOptions.STRICT).dataset();
    folds = MovieLens100k.folds(dataset, dir, ReadOptions.STRICT, 1, 2, 3, 4, 5);
  }

  private static ModelReport run(dev.tacit.core.model.Trainer trainer) {
    EvaluationReport r =
        Evaluation.run(
            "ml-100k",
            Map.of(),
            folds,
            List.of(trainer),
            dataset.userAttributes(),
            Progress.none());
    return r.models().get(0);
  }

  @Test
  void ials_k64_meetsTheFoundationGoal() {
    ModelReport r = run(Ials.trainer());
    assertThat(r.params()).containsEntry("factors", 64);
    assertThat(r.metrics().get("ndcg@10").mean()).isGreaterThanOrEqualTo(0.455);
    assertThat(r.metrics().get("recall@20").mean()).isGreaterThanOrEqualTo(0.34);
    assertThat(r.groups()).containsKeys("gender", "age");
  }

  @Test
  void ease_meetsTheFoundationGoal() {
    assertThat(run(Ease.trainer()).metrics().get("ndcg@10").mean()).isGreaterThanOrEqualTo(0.474);
  }

  @Test
  void mostPopular_isAboutAQuarter() {
    assertThat(run(MostPopular.trainer()).metrics().get("ndcg@10").mean()).isBetween(0.24, 0.26);
  }
}
