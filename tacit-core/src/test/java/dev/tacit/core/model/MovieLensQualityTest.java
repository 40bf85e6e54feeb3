package dev.tacit.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Quality floors on MovieLens 100K fold u1 under the evaluation protocol of DESIGN.md (every rating
 * an interaction, full ranking without training items, binary relevance, NDCG@10 with log2
 * discount). NDCG is computed inline here; the shared metrics code reports the official figures.
 */
@Tag("slow")
class MovieLensQualityTest {
  private static Interactions train;
  private static Interactions test;

  @BeforeAll
  static void load() throws IOException {
    Path dir = Path.of(System.getProperty("tacit.datasets", "datasets"), "ml-100k");
    Assumptions.assumeTrue(
        Files.isDirectory(dir), "MovieLens 100K not found at " + dir + "; skipping");
    train = read(dir.resolve("u1.base"));
    test = read(dir.resolve("u1.test"));
  }

  private static Interactions read(Path file) throws IOException {
    Interactions.Builder b = Interactions.builder(943, 1682);
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t");
      b.add(
          Integer.parseInt(f[0]) - 1,
          Integer.parseInt(f[1]) - 1,
          Float.parseFloat(f[2]),
          Long.parseLong(f[3]));
    }
    return b.build();
  }

  private static double ndcgAt10(Recommender model) {
    Csr t = test.byUser();
    double sum = 0;
    int users = 0;
    for (int u = 0; u < t.rows(); u++) {
      if (t.rowSize(u) == 0) {
        continue;
      }
      int[] top = model.recommend(u, 10, train.byUser());
      double dcg = 0;
      for (int r = 0; r < top.length; r++) {
        if (t.contains(u, top[r])) {
          dcg += 1 / log2(r + 2);
        }
      }
      double ideal = 0;
      for (int r = 0; r < Math.min(10, t.rowSize(u)); r++) {
        ideal += 1 / log2(r + 2);
      }
      sum += dcg / ideal;
      users++;
    }
    return sum / users;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void ials_withDefaults_staysAboveFloor() {
    assertThat(ndcgAt10(Ials.trainer().fit(train))).isGreaterThan(0.54);
  }

  @Test
  void ials_withCholesky_staysAboveFloor() {
    Ials.Config c = Ials.Config.builder().solver(Ials.Solver.CHOLESKY).build();
    assertThat(ndcgAt10(Ials.trainer(c).fit(train))).isGreaterThan(0.54);
  }

  @Test
  void ease_withDefaults_staysAboveFloor() {
    assertThat(ndcgAt10(Ease.trainer().fit(train))).isGreaterThan(EASE_FLOOR);
  }

  @Test
  void mostPopular_isFarBelowThePersonalizedModels() {
    double pop = ndcgAt10(MostPopular.trainer().fit(train));
    assertThat(pop).isBetween(0.2, 0.4);
  }

  private static final double EASE_FLOOR = 0.54;
}
