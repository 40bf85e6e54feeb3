package dev.tacit.server.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.federated.ModelSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelExplorerTest {
  /** Every user ranks the items by their index, highest first; nearness is the same ranking. */
  private record ByIndex(int numItems) implements ItemModel {
    @Override
    public String kind() {
      return "test";
    }

    @Override
    public String similarityName() {
      return "index";
    }

    @Override
    public void scoresForOneItemUser(int item, float[] out) {
      for (int j = 0; j < numItems; j++) {
        out[j] = j;
      }
    }

    @Override
    public void similarity(int item, float[] out) {
      scoresForOneItemUser(item, out);
    }
  }

  @Test
  void top_keepsTheHighestScores_highestFirst_lowerIndexOnTies_withoutTheSkippedItem() {
    float[] s = {0.5f, 0.9f, 0.9f, 0.1f, 0.7f};

    assertThat(ModelExplorer.top(s, 3, 1)).containsExactly(2, 4, 0);
    assertThat(ModelExplorer.top(s, 3, 4)).containsExactly(1, 2, 0);
    assertThat(ModelExplorer.top(s, 10, 0)).containsExactly(1, 2, 4, 3);
    assertThat(ModelExplorer.top(s, 0, 0)).isEmpty();
  }

  @Test
  void reachAndCoverage_countTheTop10OfEveryOneItemUser() {
    // 12 items: user i's top 10 is the 10 highest indices other than i, so item 0 is in no list,
    // item 1 only in the lists of users 2..11, and every other item in the 11 lists but its own.
    ModelExplorer x = ModelExplorer.of(new ByIndex(12));

    assertThat(x.reach(0)).isZero();
    assertThat(x.reach(1)).isEqualTo(10);
    for (int j = 2; j < 12; j++) {
      assertThat(x.reach(j)).as("item " + j).isEqualTo(11);
    }
    assertThat(x.coveredItems()).isEqualTo(11);
    assertThat(x.coverage()).isCloseTo(11.0 / 12, within(1e-12));
    assertThat(x.mostRecommended(12)).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 0);
    assertThat(x.mostRecommended(3)).containsExactly(2, 3, 4);
  }

  @Test
  void neighbours_areTheMostAlikeItems_withoutTheItemItself() {
    ModelExplorer x = ModelExplorer.of(new ByIndex(5));

    assertThat(x.neighbours(4, 2))
        .containsExactly(new ModelExplorer.Neighbour(3, 3), new ModelExplorer.Neighbour(2, 2));
    assertThatThrownBy(() -> x.neighbours(5, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item must be in [0, 5), was 5");
  }

  @Test
  void factorModel_ranksAsTheDeviceFoldIn_andNearnessIsTheCosineOfFactors() {
    float[] y = {1, 0, 2, 0.1f, 0, 1, 0.1f, 3, -1, -1};
    ModelSnapshot snapshot = ModelSnapshot.of(3, 5, 2, y, 4.0, 0.5);
    FactorItemModel m = new FactorItemModel(snapshot);
    float[] scores = new float[5];
    float[] device = new float[5];

    for (int i = 0; i < 5; i++) {
      m.scoresForOneItemUser(i, scores);
      snapshot.score(snapshot.userFactor(new int[] {i}), device);
      assertThat(scores).containsExactly(device);
    }
    float[] cos = new float[5];
    m.similarity(0, cos);
    assertThat(cos[0]).isCloseTo(1f, within(1e-6f));
    assertThat(cos[1]).isCloseTo((float) (2 / Math.sqrt(4.01)), within(1e-6f));
    assertThat(cos[2]).isCloseTo(0f, within(1e-6f));
    assertThat(cos[4]).isCloseTo((float) (-1 / Math.sqrt(2)), within(1e-6f));
    assertThat(ModelExplorer.of(m).neighbours(0, 2).stream().map(ModelExplorer.Neighbour::item))
        .containsExactly(1, 3);
    assertThat(m.kind()).isEqualTo("ials");
    assertThat(List.of(m.similarityName())).containsExactly("cosine of the items' factors");
  }
}
