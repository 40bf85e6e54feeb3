package dev.tacit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.client.explain.Explanation;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.protocol.Purpose;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendTest {
  private static final int ITEMS = 60;
  @TempDir Path dir;
  TacitClient client;
  final ModelSnapshot model = Fixtures.model(ITEMS, 6, 3);

  @BeforeEach
  void open() {
    client =
        TacitClient.builder()
            .storageDirectory(dir)
            .keyProvider(Fixtures.keys())
            .clock(new Fixtures.MutableClock(Fixtures.T0))
            .build();
  }

  private void likeDramas() {
    client.consent().grant(Purpose.PERSONALIZATION);
    Fixtures.install(client, model, Fixtures.catalogue(ITEMS));
    for (int i : new int[] {0, 3, 6, 9}) { // all dramas (i % 3 == 0)
      client.record(Event.of("item-" + i, Signal.PURCHASE, Fixtures.T0));
    }
    client.record(Event.of("item-12", Signal.DISLIKE, Fixtures.T0));
    client.record(Event.of("item-15", Signal.SKIP, Fixtures.T0));
  }

  @Test
  void withNothingInstalled_saysThereIsNothing() {
    Recommendations r = client.recommend(5, Filter.none());
    assertThat(r.items()).isEmpty();
    assertThat(r.source()).isEqualTo(Recommendations.Source.NONE);
    assertThat(r.note()).contains("nothing to recommend");
  }

  @Test
  void withCatalogueOnly_fallsBackToPopularityAndSaysSo() {
    client.installCatalogue(Fixtures.catalogue(ITEMS));
    Recommendations r = client.recommend(3, Filter.none());
    assertThat(r.source()).isEqualTo(Recommendations.Source.POPULARITY);
    assertThat(r.note()).contains("no model");
    assertThat(r.items())
        .extracting(Recommendation::itemId)
        .containsExactly("item-0", "item-1", "item-2");
  }

  @Test
  void withModelButNoHistory_fallsBackToPopularity() {
    client.consent().grant(Purpose.PERSONALIZATION);
    Fixtures.install(client, model, Fixtures.catalogue(ITEMS));
    Recommendations r = client.recommend(3, Filter.none());
    assertThat(r.source()).isEqualTo(Recommendations.Source.POPULARITY);
    assertThat(r.note()).contains("no history");
  }

  @Test
  void personalized_followsTheHistory_andLeavesOutSeenAndDisliked() {
    likeDramas();
    Recommendations r = client.recommend(10, Filter.none());
    assertThat(r.source()).isEqualTo(Recommendations.Source.PERSONALIZED);
    List<String> ids = r.items().stream().map(Recommendation::itemId).toList();
    assertThat(ids).doesNotContain("item-0", "item-3", "item-6", "item-9", "item-12", "item-15");
    long dramas = r.items().stream().filter(x -> x.categories().contains("drama")).count();
    assertThat(dramas).isGreaterThanOrEqualTo(8);
    for (int i = 1; i < r.items().size(); i++) {
      assertThat(r.items().get(i).score()).isLessThanOrEqualTo(r.items().get(i - 1).score());
    }
  }

  @Test
  void categoryFilter_keepsOnlyThatCategory() {
    likeDramas();
    Recommendations r = client.recommend(5, Filter.category("news"));
    assertThat(r.items())
        .hasSize(5)
        .allSatisfy(x -> assertThat(x.categories()).containsExactly("news"));
  }

  @Test
  void mmr_diversifiesTheList() {
    likeDramas();
    Set<String> plain = categories(client.recommend(6, Filter.none()));
    Recommendations mmr = client.recommend(6, Filter.none().reranked(Reranking.mmr(0.9)));
    assertThat(categories(mmr).size()).isGreaterThan(plain.size());
    assertThat(mmr.items()).anySatisfy(x -> assertThat(x.modelRank()).isNotEqualTo(x.rank()));
  }

  @Test
  void calibration_matchesTheUsersCategoryMix() {
    client.consent().grant(Purpose.PERSONALIZATION);
    Fixtures.install(client, model, Fixtures.catalogue(ITEMS));
    for (int i : new int[] {0, 3, 6, 9, 1}) { // four dramas and one comedy
      client.record(Event.of("item-" + i, Signal.PURCHASE, Fixtures.T0));
    }
    Set<String> plain = categories(client.recommend(10, Filter.none()));
    Recommendations cal = client.recommend(10, Filter.none().reranked(Reranking.calibrated(0.99)));
    assertThat(categories(cal)).contains("drama", "comedy");
    assertThat(categories(cal).size()).isGreaterThanOrEqualTo(plain.size());
    long comedies = cal.items().stream().filter(x -> x.categories().contains("comedy")).count();
    assertThat(comedies).isBetween(1L, 4L);
  }

  @Test
  void withoutPersonalizationConsent_itIsPopularity() {
    likeDramas();
    client.consent().withdraw(Purpose.PERSONALIZATION);
    client.consent().grant(Purpose.TRAINING);
    Recommendations r = client.recommend(5, Filter.none());
    assertThat(r.source()).isEqualTo(Recommendations.Source.POPULARITY);
    assertThat(r.note()).contains("personalization is not granted");
  }

  @Test
  void explain_splitsTheScoreIntoPastItems() {
    likeDramas();
    Recommendations r = client.recommend(5, Filter.none());
    Recommendation top = r.items().get(0);
    Explanation e = client.explain(top.itemId());
    assertThat(e.personalized()).isTrue();
    assertThat(e.score()).isCloseTo(top.score(), within(1e-3 * Math.max(1, Math.abs(top.score()))));
    assertThat(e.because()).isNotEmpty();
    assertThat(e.because())
        .extracting(Explanation.Contribution::itemId)
        .isSubsetOf("item-0", "item-3", "item-6", "item-9");
    assertThat(e.categories()).containsExactly("drama");
    assertThat(e.sharedCategories()).containsExactly("drama");
    assertThat(e.text()).startsWith("Because you liked item-").contains("drama").contains("#1");
  }

  @Test
  void explain_saysWhenTheOtherItemsLoweredTheScore_neverLeavesAShareAbove100Unexplained() {
    likeDramas();
    int above = 0;
    int within = 0;
    for (Recommendation x : client.recommend(ITEMS, Filter.none()).items()) {
      Explanation e = client.explain(x.itemId());
      double named = e.because().stream().mapToDouble(Explanation.Contribution::share).sum();
      if (e.because().isEmpty()) {
        continue;
      }
      if (named > 1) {
        above++;
        assertThat(e.text()).as(e.text()).contains("; your other items lowered it)");
      } else {
        within++;
        assertThat(e.text()).as(e.text()).doesNotContain("lowered");
      }
    }
    assertThat(above).as("explanations whose named items give more than the score").isPositive();
    assertThat(within).as("explanations whose named items give at most the score").isPositive();
  }

  @Test
  void explain_saysWhenReRankingMovedTheItem() {
    likeDramas();
    Recommendations r = client.recommend(6, Filter.none().reranked(Reranking.mmr(0.9)));
    Recommendation moved =
        r.items().stream().filter(x -> x.modelRank() != x.rank()).findFirst().orElseThrow();
    Explanation e = client.explain(moved.itemId());
    assertThat(e.modelRank()).isEqualTo(moved.modelRank());
    assertThat(e.rank()).isEqualTo(moved.rank());
    assertThat(e.text()).contains("mmr re-ranking moved it from #" + moved.modelRank());
  }

  @Test
  void explain_ofAPopularityPick_saysSo() {
    client.installCatalogue(Fixtures.catalogue(ITEMS));
    assertThat(client.explain("item-0").text()).startsWith("Recommended for its popularity");
  }

  private static Set<String> categories(Recommendations r) {
    Set<String> s = new HashSet<>();
    r.items().forEach(x -> s.addAll(x.categories()));
    return s;
  }
}
