package dev.tacit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.client.internal.ItemFactors;
import dev.tacit.federated.ModelSnapshot;
import org.junit.jupiter.api.Test;

class ItemFactorsTest {
  @Test
  void score_byColumns_equalsTheModelsScore() {
    for (int k : new int[] {1, 3, 4, 6, 9}) {
      ModelSnapshot m = Fixtures.model(37, k, k);
      ItemFactors f = ItemFactors.fromRows(m.itemFactors(), 37, k);
      float[] x = m.userFactor(new int[] {1, 5, 9});
      float[] expected = new float[37];
      float[] actual = new float[37];
      m.score(x, expected);
      f.score(x, actual);
      for (int i = 0; i < 37; i++) {
        assertThat(actual[i]).as("k=%d item %d", k, i).isCloseTo(expected[i], within(1e-4f));
      }
    }
  }

  @Test
  void rows_returnsTheRowsAsGiven() {
    ModelSnapshot m = Fixtures.model(10, 3, 1);
    float[] y = m.itemFactors();
    float[] r = ItemFactors.fromRows(y, 10, 3).rows(new int[] {7, 2});
    assertThat(r).containsExactly(y[21], y[22], y[23], y[6], y[7], y[8]);
  }
}
