package dev.tacit.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Dataset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SyntheticGeneratorTest {
  private static final SyntheticConfig SMALL = SyntheticConfig.of(2000, 500, 42);

  @Test
  void sameSeed_givesTheSameDataset() {
    Dataset a = SyntheticGenerator.generate(SMALL);
    Dataset b = SyntheticGenerator.generate(SMALL);
    assertThat(a.interactions().byUser()).isEqualTo(b.interactions().byUser());
    assertThat(a.itemMetadata().titles()).isEqualTo(b.itemMetadata().titles());
    for (int i = 0; i < 500; i++) {
      assertThat(a.itemMetadata().categoriesOf(i)).isEqualTo(b.itemMetadata().categoriesOf(i));
    }
    for (int u = 0; u < 2000; u++) {
      assertThat(a.userAttributes().group("group", u))
          .isEqualTo(b.userAttributes().group("group", u));
    }
  }

  @Test
  void differentSeed_givesADifferentDataset() {
    Dataset a = SyntheticGenerator.generate(SMALL);
    Dataset b = SyntheticGenerator.generate(SMALL.withSeed(43));
    assertThat(a.interactions().byUser()).isNotEqualTo(b.interactions().byUser());
  }

  @Test
  void size_matchesTheConfig() {
    Dataset ds = SyntheticGenerator.generate(SMALL.withMeanInteractions(20));
    assertThat(ds.interactions().numUsers()).isEqualTo(2000);
    assertThat(ds.interactions().numItems()).isEqualTo(500);
    assertThat(ds.users().size()).isEqualTo(2000);
    assertThat(ds.items().externalId(17)).isEqualTo("i17");
    double mean = ds.interactions().size() / 2000.0;
    assertThat(mean).isBetween(19.0, 21.0);
    Csr m = ds.interactions().byUser();
    assertThat(m.values()).as("distinct items per user, weight 1").containsOnly(1f);
    for (int u = 0; u < 2000; u++) {
      assertThat(m.rowSize(u)).isBetween(1, 250);
    }
  }

  @Test
  void activity_followsThePowerLaw() {
    Dataset ds = SyntheticGenerator.generate(SMALL.withExponents(0.8, 1.0));
    Csr m = ds.interactions().byUser();
    int max = 0;
    int min = Integer.MAX_VALUE;
    for (int u = 0; u < 2000; u++) {
      max = Math.max(max, m.rowSize(u));
      min = Math.min(min, m.rowSize(u));
    }
    assertThat(max).isEqualTo(250); // capped at items / 2
    assertThat(min).as("the least active: 100000 / H(2000) / 2000 = 6.1").isBetween(5, 7);
    Dataset flat = SyntheticGenerator.generate(SMALL.withExponents(0.8, 0.0));
    for (int u = 0; u < 2000; u++) {
      assertThat(flat.interactions().byUser().rowSize(u)).isEqualTo(50);
    }
  }

  @Test
  void popularity_isLongTailed() {
    Dataset ds = SyntheticGenerator.generate(SMALL.withAffinityScale(0));
    int[] c = ds.interactions().itemCounts();
    java.util.Arrays.sort(c);
    long top = 0;
    long total = 0;
    for (int i = 0; i < c.length; i++) {
      total += c[i];
      if (i >= c.length - 50) {
        top += c[i];
      }
    }
    assertThat((double) top / total).as("share of the 10% most popular items").isGreaterThan(0.3);
  }

  @Test
  void metadata_hasTitlesAndOneOrTwoCategoriesPerItem() {
    Dataset ds = SyntheticGenerator.generate(SMALL.withCategoriesAndGroups(8, 3));
    assertThat(ds.itemMetadata().title(17)).isEqualTo("Item 17");
    assertThat(ds.itemMetadata().categoryNames()).hasSize(8).contains("Category 3");
    int two = 0;
    for (int i = 0; i < 500; i++) {
      int[] c = ds.itemMetadata().categoriesOf(i);
      assertThat(c.length).isBetween(1, 2);
      assertThat(c).doesNotHaveDuplicates();
      assertThat(java.util.Arrays.stream(c).allMatch(k -> k >= 0 && k < 8)).isTrue();
      two += c.length == 2 ? 1 : 0;
    }
    assertThat(two).isBetween(100, 200); // about 30%
    assertThat(ds.userAttributes().names()).containsExactly("group", "activity");
    Map<String, Integer> sizes = new HashMap<>();
    for (int u = 0; u < 2000; u++) {
      sizes.merge(ds.userAttributes().group("group", u), 1, Integer::sum);
    }
    assertThat(sizes.keySet()).containsExactlyInAnyOrder("A", "B", "C");
    assertThat(sizes.get("A")).isGreaterThan(sizes.get("B")).isGreaterThan(0);
  }

  /** The mean over users of the share of their interactions in their most frequent category. */
  private static double categoryConcentration(Dataset ds) {
    Csr m = ds.interactions().byUser();
    int cats = ds.itemMetadata().categoryNames().size();
    double sum = 0;
    for (int u = 0; u < m.rows(); u++) {
      int[] count = new int[cats];
      for (int p = m.start(u); p < m.end(u); p++) {
        count[ds.itemMetadata().categoriesOf(m.indices()[p])[0]]++;
      }
      int best = 0;
      for (int c : count) {
        best = Math.max(best, c);
      }
      sum += (double) best / m.rowSize(u);
    }
    return sum / m.rows();
  }

  @Test
  void affinity_concentratesUsersOnCategories() {
    double none = categoryConcentration(SyntheticGenerator.generate(SMALL.withAffinityScale(0)));
    double strong = categoryConcentration(SyntheticGenerator.generate(SMALL));
    assertThat(strong).isGreaterThan(none + 0.1);
  }

  /** Total variation distance between the primary-category distributions of groups A and B. */
  private static double groupTasteDistance(Dataset ds) {
    Csr m = ds.interactions().byUser();
    int cats = ds.itemMetadata().categoryNames().size();
    double[][] dist = new double[2][cats];
    double[] tot = new double[2];
    for (int u = 0; u < m.rows(); u++) {
      int g = ds.userAttributes().group("group", u).equals("A") ? 0 : 1;
      for (int p = m.start(u); p < m.end(u); p++) {
        dist[g][ds.itemMetadata().categoriesOf(m.indices()[p])[0]]++;
        tot[g]++;
      }
    }
    double tv = 0;
    for (int c = 0; c < cats; c++) {
      tv += Math.abs(dist[0][c] / tot[0] - dist[1][c] / tot[1]) / 2;
    }
    return tv;
  }

  @Test
  void groups_differInTaste() {
    double none = groupTasteDistance(SyntheticGenerator.generate(SMALL.withAffinityScale(0)));
    double strong = groupTasteDistance(SyntheticGenerator.generate(SMALL));
    assertThat(none).isLessThan(0.05);
    assertThat(strong).isGreaterThan(0.15);
  }

  @Test
  void config_rejectsInvalidSettingsNamingTheRule() {
    assertThatThrownBy(() -> SyntheticConfig.of(0, 10, 1)).hasMessage("users must be > 0, was 0");
    assertThatThrownBy(() -> SyntheticConfig.of(10, 10, 1).withMeanInteractions(6))
        .hasMessage("meanInteractionsPerUser must be in [1, items / 2 = 5.0], was 6.0");
    assertThatThrownBy(() -> SyntheticConfig.of(10, 10, 1).withExponents(-1, 0))
        .hasMessage("itemPopularityExponent must be >= 0 and finite, was -1.0");
    assertThatThrownBy(() -> SyntheticConfig.of(10, 10, 1).withCategoriesAndGroups(11, 2))
        .hasMessage("categories must be in [1, items = 10], was 11");
    assertThatThrownBy(() -> SyntheticConfig.of(10, 10, 1).withAffinityScale(Double.NaN))
        .hasMessage("affinityScale must be >= 0 and finite, was NaN");
  }

  @Test
  void tinyConfigs_work() {
    Dataset ds = SyntheticGenerator.generate(new SyntheticConfig(3, 2, 1, 0, 0, 1, 1, 1, 5, 0));
    assertThat(ds.interactions().size()).isEqualTo(3);
  }

  @Tag("slow")
  @Test
  void scale_100kUsersBy10kItems_inAFewSeconds() {
    long t0 = System.nanoTime();
    Dataset ds = SyntheticGenerator.generate(SyntheticConfig.of(100_000, 10_000, 1));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(ds.interactions().size()).isBetween(4_900_000, 5_100_000);
    assertThat(seconds).as("generation time in seconds").isLessThan(30);
  }
}
