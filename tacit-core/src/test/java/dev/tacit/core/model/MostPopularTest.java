package dev.tacit.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.core.data.Interactions;
import org.junit.jupiter.api.Test;

class MostPopularTest {
  // Counts: item 0 -> 1, item 1 -> 3, item 2 -> 2, item 3 -> 2, item 4 -> 0.
  private static final Interactions TRAIN =
      TestMatrices.of(5, new int[] {1, 2}, new int[] {1, 3}, new int[] {0, 1, 2, 3});

  @Test
  void recommend_ordersByTrainingCount_tiesByLowerIndex() {
    Recommender pop = MostPopular.trainer().fit(TRAIN);
    assertThat(pop.recommend(0, 5, null)).containsExactly(1, 2, 3, 0, 4);
  }

  @Test
  void recommend_excludesTheUsersTrainingItems() {
    Recommender pop = MostPopular.trainer().fit(TRAIN);
    assertThat(pop.recommend(0, 3, TRAIN.byUser())).containsExactly(3, 0, 4);
  }

  @Test
  void scoreAll_isTheCount() {
    Recommender pop = MostPopular.trainer().fit(TRAIN);
    float[] out = new float[5];
    pop.scoreAll(2, out);
    assertThat(out).containsExactly(1, 3, 2, 2, 0);
    assertThat(pop.name()).isEqualTo("pop");
    assertThat(MostPopular.trainer().params()).isEmpty();
  }
}
