package dev.tacit.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.core.data.Interactions;
import org.junit.jupiter.api.Test;

class ItemKnnTest {
  // Users of each item: 0 -> {0, 1, 3}, 1 -> {0, 1, 2}, 2 -> {1, 2}, 3 -> {2, 3}.
  private static final Interactions TINY =
      TestMatrices.of(
          4, new int[] {0, 1}, new int[] {0, 1, 2}, new int[] {1, 2, 3}, new int[] {0, 3});

  @Test
  void similarity_isHandComputedCosine() {
    ItemKnn.Model model = ItemKnn.trainer(new ItemKnn.Config(10, 0, 1)).fit(TINY);
    // |U0 ∩ U1| = 2, |U0| = |U1| = 3: 2 / 3.
    assertThat(model.similarity(0, 1)).isCloseTo(2 / 3f, within(1e-6f));
    // |U0 ∩ U2| = 1, |U2| = 2: 1 / sqrt(6).
    assertThat(model.similarity(0, 2)).isCloseTo((float) (1 / Math.sqrt(6)), within(1e-6f));
    // |U2 ∩ U3| = 1: 1 / 2.
    assertThat(model.similarity(2, 3)).isCloseTo(0.5f, within(1e-6f));
    assertThat(model.similarity(3, 2)).isEqualTo(model.similarity(2, 3));
    // U1 ∩ U3 = {2}: 1 / sqrt(6); items never co-rated and an item with itself: 0.
    assertThat(model.similarity(1, 3)).isCloseTo((float) (1 / Math.sqrt(6)), within(1e-6f));
    assertThat(model.similarity(1, 1)).isZero();
  }

  @Test
  void shrinkage_isAddedToTheDenominator() {
    ItemKnn.Model model = ItemKnn.trainer(new ItemKnn.Config(10, 1, 2)).fit(TINY);
    assertThat(model.similarity(0, 1)).isCloseTo(2 / 4f, within(1e-6f));
  }

  @Test
  void neighbors_keepsTheKMostSimilar() {
    ItemKnn.Model model = ItemKnn.trainer(new ItemKnn.Config(1, 0, 1)).fit(TINY);
    assertThat(model.neighbors(0)).containsExactly(1);
    assertThat(model.similarity(0, 2)).isZero();
  }

  @Test
  void scoreAll_sumsSimilaritiesToTheUsersItems() {
    ItemKnn.Model model = ItemKnn.trainer(new ItemKnn.Config(10, 0, 1)).fit(TINY);
    float[] out = new float[4];
    model.scoreAll(0, out); // items 0 and 1
    assertThat(out[2]).isCloseTo(model.similarity(0, 2) + model.similarity(1, 2), within(1e-6f));
    assertThat(out[3]).isCloseTo(model.similarity(0, 3) + model.similarity(1, 3), within(1e-6f));
    assertThat(model.recommend(0, 2, TINY.byUser())).containsExactly(2, 3);
  }

  @Test
  void config_rejectsInvalidValues() {
    assertThatThrownBy(() -> ItemKnn.Config.of(0, 0)).hasMessage("neighbors must be > 0, was 0");
    assertThatThrownBy(() -> ItemKnn.Config.of(5, -1))
        .hasMessage("shrinkage must be >= 0 and finite, was -1.0");
    assertThat(ItemKnn.trainer().name()).isEqualTo("itemknn");
  }
}
