package dev.tacit.core.model;

import dev.tacit.core.data.Interactions;
import java.util.Map;
import java.util.Objects;

/** The popularity baseline: every user gets the items with the most training interactions. */
public final class MostPopular implements Trainer {
  private MostPopular() {}

  /** The trainer (it has no hyper-parameters). */
  public static MostPopular trainer() {
    return new MostPopular();
  }

  /** {@code "pop"}. */
  public String name() {
    return "pop";
  }

  /** No hyper-parameters: an empty map. */
  public Map<String, Object> params() {
    return Map.of();
  }

  @Override
  public Recommender fit(Interactions train) {
    Objects.requireNonNull(train, "train");
    int[] counts = train.itemCounts();
    float[] scores = new float[counts.length];
    for (int i = 0; i < counts.length; i++) {
      scores[i] = counts[i];
    }
    return new Model(scores);
  }

  private static final class Model implements Recommender {
    private final float[] scores;

    Model(float[] scores) {
      this.scores = scores;
    }

    @Override
    public String name() {
      return "pop";
    }

    @Override
    public Map<String, Object> params() {
      return Map.of();
    }

    @Override
    public int numItems() {
      return scores.length;
    }

    @Override
    public void scoreAll(int user, float[] out) {
      System.arraycopy(scores, 0, out, 0, scores.length);
    }

    @Override
    public String toString() {
      return "MostPopular[items=" + scores.length + "]";
    }
  }

  @Override
  public String toString() {
    return "MostPopular";
  }
}
