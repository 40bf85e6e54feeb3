package dev.tacit.server.explorer;

import dev.tacit.federated.ModelSnapshot;
import java.util.Objects;

/**
 * A federated iALS model as the explorer reads it: a one-item user's scores are the device's own
 * fold-in ({@link ModelSnapshot#userFactor}, Hu, Koren &amp; Volinsky 2008) dotted with every
 * item's factor, and two items are as alike as the cosine of their factors.
 */
public final class FactorItemModel implements ItemModel {
  private final ModelSnapshot model;
  private final float[] y;
  private final double[] norms;

  /** The explorer's view of {@code model}. */
  public FactorItemModel(ModelSnapshot model) {
    this.model = Objects.requireNonNull(model, "model");
    this.y = model.itemFactors();
    int k = model.factors();
    this.norms = new double[model.numItems()];
    for (int i = 0; i < norms.length; i++) {
      double s = 0;
      for (int f = 0; f < k; f++) {
        double v = y[i * k + f];
        s += v * v;
      }
      norms[i] = Math.sqrt(s);
    }
  }

  @Override
  public String kind() {
    return "ials";
  }

  @Override
  public String similarityName() {
    return "cosine of the items' factors";
  }

  @Override
  public int numItems() {
    return model.numItems();
  }

  @Override
  public void scoresForOneItemUser(int item, float[] out) {
    model.score(model.userFactor(new int[] {item}), out);
  }

  @Override
  public void similarity(int item, float[] out) {
    int k = model.factors();
    for (int j = 0; j < norms.length; j++) {
      double dot = 0;
      for (int f = 0; f < k; f++) {
        dot += (double) y[item * k + f] * y[j * k + f];
      }
      double n = norms[item] * norms[j];
      out[j] = n > 0 ? (float) (dot / n) : 0f;
    }
  }
}
