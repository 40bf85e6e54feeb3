package dev.tacit.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.split.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the reader on the real MovieLens 100K folder; skipped when it is not there. */
class MovieLens100kRealDataTest {
  private static Path dir;
  private static Dataset whole;

  @BeforeAll
  static void locate() {
    String root = System.getProperty("tacit.datasets", "");
    dir = Path.of(root.isEmpty() ? "datasets-not-configured" : root, "ml-100k");
    Assumptions.assumeTrue(
        Files.isDirectory(dir), "MovieLens 100K not found at " + dir + "; skipping");
    whole = MovieLens100k.read(dir, ReadOptions.STRICT).dataset();
  }

  @Test
  void whole_has943Users1682ItemsAnd100kRatings() {
    Interactions x = whole.interactions();
    assertThat(x.numUsers()).isEqualTo(943);
    assertThat(x.numItems()).isEqualTo(1682);
    assertThat(x.size()).isEqualTo(100_000);
    assertThat(x.byUser().values()).containsOnly(1f, 2f, 3f, 4f, 5f);
  }

  @Test
  void whole_hasTitlesGenresAndUserAttributes() {
    int toyStory = whole.items().indexOf("1");
    assertThat(whole.itemMetadata().title(toyStory)).isEqualTo("Toy Story (1995)");
    List<String> names = whole.itemMetadata().categoryNames();
    assertThat(names).hasSize(19);
    int[] g = whole.itemMetadata().categoriesOf(toyStory);
    assertThat(java.util.Arrays.stream(g).mapToObj(names::get))
        .containsExactly("Animation", "Children's", "Comedy");
    int user1 = whole.users().indexOf("1"); // 1|24|M|technician|85711
    assertThat(whole.userAttributes().group("gender", user1)).isEqualTo("M");
    assertThat(whole.userAttributes().group("age", user1)).isEqualTo("18-24");
    for (int u = 0; u < 943; u++) {
      assertThat(whole.userAttributes().group("gender", u)).isIn("M", "F");
      assertThat(whole.userAttributes().group("age", u)).isIn(MovieLens.AGE_BANDS);
    }
  }

  @Test
  void folds_are80kAnd20kWithTheWholeDimensions_andPartitionUData() {
    List<Split> folds = MovieLens100k.folds(whole, dir, ReadOptions.STRICT);
    assertThat(folds).extracting(Split::name).containsExactly("u1", "u2", "u3", "u4", "u5");
    int[] timesInTest = new int[100_000];
    for (Split s : folds) {
      assertThat(s.train().size()).isEqualTo(80_000);
      assertThat(s.test().size()).isEqualTo(20_000);
      assertThat(s.train().numUsers()).isEqualTo(943);
      assertThat(s.train().numItems()).isEqualTo(1682);
      assertThat(s.test().numUsers()).isEqualTo(943);
      assertThat(s.test().numItems()).isEqualTo(1682);
      var all = whole.interactions().byUser();
      int notInExactlyOne = 0;
      for (int u = 0; u < 943; u++) {
        for (int p = all.start(u); p < all.end(u); p++) {
          int i = all.indices()[p];
          boolean inTest = s.test().byUser().contains(u, i);
          if (inTest == s.train().byUser().contains(u, i)) {
            notInExactlyOne++;
          }
          if (inTest) {
            timesInTest[p]++;
          }
        }
      }
      assertThat(notInExactlyOne).as("ratings of u.data not in exactly one of train/test").isZero();
    }
    assertThat(timesInTest)
        .as("each rating is in exactly one of the five test sets")
        .containsOnly(1);
  }
}
