package dev.tacit.client.cooccurrence;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceDevice;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import dev.tacit.federated.device.Contribution;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.ProtocolException;
import dev.tacit.protocol.TensorFrame;
import java.util.Optional;

/**
 * A downloaded co-occurrence model on the device: what it contributes to a release of the model,
 * and how it ranks and explains from the user's own history, which never leaves the device.
 *
 * <p>Scores are EASE's xB over the head (Steck 2019): with x the user's binary vector, item j's
 * score is Σ_i x_i B_ij, so the entries B_ij of the user's own items i are exact attributions: they
 * sum to the score. The head ranks above the tail, which ranks by noisy popularity. Immutable.
 */
public final class CooccurrenceRecommender {
  private final long version;
  private final CooccurrenceFrame.Published published;
  private final CooccurrenceModel model;
  private final double[] vectors;
  private final double[] shrink;
  private final double[] diagP;

  private CooccurrenceRecommender(long version, CooccurrenceFrame.Published published) {
    this.version = version;
    this.published = published;
    this.model = published.model();
    this.vectors = model.vectors();
    double[] e = model.eigenvalues();
    this.shrink = new double[e.length];
    for (int k = 0; k < e.length; k++) {
      shrink[k] = e[k] / (e[k] + model.lambda());
    }
    this.diagP = model.diagP();
  }

  /**
   * The co-occurrence model in a downloaded frame, or empty when the frame is another model's (a
   * rank-2 frame of item factors).
   *
   * @throws ProtocolException if the frame is a co-occurrence frame that does not decode, or its
   *     catalogue size is not the metadata's
   */
  public static Optional<CooccurrenceRecommender> fromFrame(ModelMetadata meta, byte[] frame) {
    TensorFrame f = TensorFrame.decode(frame);
    if (!CooccurrenceFrame.isCooccurrence(f)) {
      return Optional.empty();
    }
    if (frame.length != meta.frameBytes() || TensorFrame.crcOf(frame) != meta.frameCrc32c()) {
      throw new ProtocolException("the model's frame does not match its metadata (size or CRC32C)");
    }
    CooccurrenceFrame.Published p;
    try {
      p = CooccurrenceFrame.decode(f);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("the co-occurrence model does not decode: " + e.getMessage());
    }
    if (p.model().head().numItems() != meta.numItems()) {
      throw new ProtocolException(
          "the co-occurrence model has "
              + p.model().head().numItems()
              + " items, its metadata "
              + meta.numItems());
    }
    return Optional.of(new CooccurrenceRecommender(meta.version(), p));
  }

  /** The model version. */
  public long version() {
    return version;
  }

  /** How far the model's releases have come. */
  public CooccurrenceFrame.Stage stage() {
    return published.stage();
  }

  /** The model. */
  public CooccurrenceModel model() {
    return model;
  }

  /** The number of items. */
  public int numItems() {
    return model.head().numItems();
  }

  /** Whether it personalizes (both releases are in it); before, it ranks by popularity only. */
  public boolean personal() {
    return published.stage() == CooccurrenceFrame.Stage.COMPLETE;
  }

  /**
   * This device's contribution to the release {@code plan} asks for, computed on this model
   * version: the co-occurrence of {@code items} over the head when this version publishes the head
   * and the plan has the head's triangle, else the popularity vector over every item. Clipped to
   * the plan's clip norm, quantized and noised ({@link CooccurrenceDevice}).
   *
   * @throws IllegalArgumentException if the plan is not on this version or fits neither release
   */
  public Contribution contribute(int[] items, RoundPlan plan, RandomSource random) {
    if (plan.modelVersion() != version) {
      throw new IllegalArgumentException(
          "the plan is on model version " + plan.modelVersion() + ", this is " + version);
    }
    Head head = model.head();
    if (published.stage() == CooccurrenceFrame.Stage.HEAD
        && plan.dimension() == Head.triangleSize(head.size())) {
      return CooccurrenceDevice.contributeCooccurrence(items, head, plan, random);
    }
    if (plan.dimension() == head.numItems()) {
      return CooccurrenceDevice.contributePopularity(items, head.numItems(), plan, random);
    }
    throw new IllegalArgumentException(
        "a plan of "
            + plan.dimension()
            + " entries is neither the popularity release ("
            + head.numItems()
            + ") nor the co-occurrence release of this version's head");
  }

  /** A score for every item from {@code items}, the user's history: only the order matters. */
  public float[] scores(int[] items) {
    float[] out = new float[numItems()];
    model.scoreAll(items, out);
    return out;
  }

  /**
   * What each of {@code items} (the user's history) adds to the score xB of {@code item}: B_ij for
   * history items i in the head, 0 for the others and for every item when {@code item} is in the
   * tail. They sum to the item's score xB_j ({@link CooccurrenceModel#headScores}).
   *
   * @throws IllegalArgumentException if an item is out of range
   */
  public double[] contributions(int[] items, int item) {
    Head head = model.head();
    if (item < 0 || item >= head.numItems()) {
      throw new IllegalArgumentException(
          "item " + item + " is not in [0, " + head.numItems() + ")");
    }
    double[] c = new double[items.length];
    int j = head.positionOf(item);
    if (j < 0 || !personal()) {
      return c;
    }
    int r = shrink.length;
    double lambda = model.lambda();
    for (int t = 0; t < items.length; t++) {
      int i = head.positionOf(items[t]);
      if (i < 0) {
        continue;
      }
      double s = 0;
      for (int k = 0; k < r; k++) {
        s += vectors[i * r + k] * shrink[k] * vectors[j * r + k];
      }
      double delta = i == j ? 1 : 0;
      double p = (delta - s) / lambda;
      c[t] = delta - p / diagP[j];
    }
    return c;
  }

  @Override
  public String toString() {
    return "CooccurrenceRecommender[v" + version + ", " + published.stage().wireName() + "]";
  }
}
