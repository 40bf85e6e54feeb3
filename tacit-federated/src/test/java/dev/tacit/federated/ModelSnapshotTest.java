package dev.tacit.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The model snapshot's checks, its Gram matrix, scores and gradient against direct computation. */
class ModelSnapshotTest {
  // 3 items, k = 2: rows (1, 2), (0, -1), (3, 0.5).
  private static final float[] Y = {1f, 2f, 0f, -1f, 3f, 0.5f};

  private static ModelSnapshot model() {
    return ModelSnapshot.of(4, 3, 2, Y, 2.0, 0.5);
  }

  @Test
  void of_checksEveryField_andCopiesTheFactors() {
    float[] y = Y.clone();
    ModelSnapshot m = ModelSnapshot.of(0, 3, 2, y, 0, 0.5);
    y[0] = 99f;
    m.itemFactors()[1] = 99f;
    assertThat(m.itemFactors()).containsExactly(Y);
    assertThat(m.version()).isZero();
    assertThat(m.dimension()).isEqualTo(6);
    assertThat(m.numItems()).isEqualTo(3);
    assertThat(m.factors()).isEqualTo(2);
    assertThat(m.alpha()).isZero();
    assertThat(m.lambda()).isEqualTo(0.5);
    assertThatThrownBy(() -> ModelSnapshot.of(-1, 3, 2, Y, 1, 1))
        .hasMessage("version must be >= 0, was -1");
    assertThatThrownBy(() -> ModelSnapshot.of(0, 0, 2, new float[0], 1, 1))
        .hasMessage("numItems and factors must be >= 1, were 0 and 2");
    assertThatThrownBy(() -> ModelSnapshot.of(0, 3, 0, new float[0], 1, 1))
        .hasMessage("numItems and factors must be >= 1, were 3 and 0");
    assertThatThrownBy(() -> ModelSnapshot.of(0, 3, 2, new float[5], 1, 1))
        .hasMessage("itemFactors must have numItems * factors = 6 entries, had 5");
    assertThatThrownBy(() -> ModelSnapshot.of(0, 1, 2, new float[] {1f, Float.NaN}, 1, 1))
        .hasMessage("itemFactors must be finite, found NaN");
    assertThatThrownBy(() -> ModelSnapshot.of(0, 3, 2, Y, -0.1, 1))
        .hasMessage("alpha must be >= 0 and finite, was -0.1");
    assertThatThrownBy(() -> ModelSnapshot.of(0, 3, 2, Y, Double.POSITIVE_INFINITY, 1))
        .hasMessage("alpha must be >= 0 and finite, was Infinity");
    assertThatThrownBy(() -> ModelSnapshot.of(0, 3, 2, Y, 1, 0))
        .hasMessage("lambda must be > 0 and finite, was 0.0");
    assertThatThrownBy(() -> ModelSnapshot.of(0, 3, 2, Y, 1, Double.POSITIVE_INFINITY))
        .hasMessage("lambda must be > 0 and finite, was Infinity");
  }

  @Test
  void gram_isYTransposeY() {
    // Y^T Y = [[1+0+9, 2+0+1.5], [2+0+1.5, 4+1+0.25]].
    assertThat(model().gram()).containsExactly(new double[] {10, 3.5, 3.5, 5.25}, within(1e-9));
  }

  @Test
  void score_isEachItemsDotProductWithTheUserFactor() {
    float[] out = new float[4];
    model().score(new float[] {2f, -1f}, out);
    assertThat(out).containsExactly(new float[] {0f, 1f, 5.5f, 0f}, within(1e-6f));
    assertThatThrownBy(() -> model().score(new float[3], new float[3]))
        .hasMessage("userFactor must have 2 entries and out at least 3");
    assertThatThrownBy(() -> model().score(new float[2], new float[2]))
        .hasMessage("userFactor must have 2 entries and out at least 3");
  }

  /** Σ_i c_i (p_i − x·y_i)² with c = 1 + α and p = 1 on the user's items, 1 and 0 elsewhere. */
  private static double loss(float[] y, float[] x, int[] items, double alpha) {
    double total = 0;
    for (int i = 0; i < 3; i++) {
      boolean has = false;
      for (int j : items) {
        has |= j == i;
      }
      double c = has ? 1 + alpha : 1;
      double p = has ? 1 : 0;
      double dot = y[2 * i] * x[0] + y[2 * i + 1] * x[1];
      total += c * (p - dot) * (p - dot);
    }
    return total;
  }

  @Test
  void gradient_isTheDerivativeOfTheConfidenceWeightedLoss() {
    float[] x = {0.5f, -0.25f};
    int[] items = {0, 2};
    double[] g = model().gradient(items, x);

    assertThat(g).hasSize(6);
    for (int e = 0; e < 6; e++) {
      float[] plus = Y.clone();
      float[] minus = Y.clone();
      plus[e] += 1e-2f;
      minus[e] -= 1e-2f;
      double numeric = (loss(plus, x, items, 2.0) - loss(minus, x, items, 2.0)) / 2e-2;
      assertThat(g[e]).as("entry %d", e).isCloseTo(numeric, within(1e-3));
    }
    assertThatThrownBy(() -> model().gradient(new int[] {3}, x))
        .hasMessage("item 3 is outside [0, 3)");
    assertThatThrownBy(() -> model().gradient(new int[] {-1}, x))
        .hasMessage("item -1 is outside [0, 3)");
    assertThatThrownBy(() -> model().gradient(items, new float[3]))
        .hasMessage("x must have 2 entries, had 3");
  }

  @Test
  void equality_isByVersionShapeAndFactors() {
    assertThat(model()).isEqualTo(model()).hasSameHashCodeAs(model());
    assertThat(model()).isNotEqualTo(ModelSnapshot.of(5, 3, 2, Y, 2.0, 0.5));
    assertThat(model()).isNotEqualTo(ModelSnapshot.of(4, 2, 3, Y, 2.0, 0.5));
    float[] other = Y.clone();
    other[5] = 0f;
    assertThat(model()).isNotEqualTo(ModelSnapshot.of(4, 3, 2, other, 2.0, 0.5));
    assertThat(model().toString()).isEqualTo("ModelSnapshot[version=4, items=3, k=2]");
    assertThat(model().userFactor(new int[] {0})).hasSize(2);
  }
}
