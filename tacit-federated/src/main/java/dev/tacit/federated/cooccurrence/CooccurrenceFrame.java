package dev.tacit.federated.cooccurrence;

import dev.tacit.protocol.TensorFrame;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire form of a published co-occurrence model: one float32 {@link TensorFrame} of rank 1 (a
 * federated iALS model is a rank-2 frame of item factors, so a device tells them apart by the
 * frame's shape, and a device that knows only iALS refuses this one). Layout, in order:
 *
 * <ol>
 *   <li>a header of {@value #HEADER} values: the format mark {@value #FORMAT}, the {@link Stage},
 *       the number of items, the head size N, the rank r and λ;
 *   <li>every item's noisy popularity;
 *   <li>the N head items, most popular first;
 *   <li>the r eigenvalues Λ;
 *   <li>V, N x r row-major.
 * </ol>
 *
 * diag P is computed on the device from V, Λ and λ ({@link CooccurrenceModel}).
 */
public final class CooccurrenceFrame {
  /** The first value of every co-occurrence frame. */
  public static final float FORMAT = 0x636f;

  /** The header's length. */
  public static final int HEADER = 6;

  private CooccurrenceFrame() {}

  /** How far the releases of a model have come. */
  public enum Stage {
    /** No release yet: the model ranks nothing (popularity zero everywhere). */
    INITIAL,
    /**
     * The popularity release is published: the head and the noisy popularity (rank 0: the head
     * ranks by popularity). The co-occurrence release comes next, over this head.
     */
    HEAD,
    /** Both releases are published: the model the devices recommend with. */
    COMPLETE;

    /** The lower-case name used in provenance and reports. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A decoded frame.
   *
   * @param stage how far the releases have come
   * @param model the model (rank 0 before the co-occurrence release)
   */
  public record Published(Stage stage, CooccurrenceModel model) {
    /** Validates. */
    public Published {
      if (stage == null || model == null) {
        throw new IllegalArgumentException("stage and model must be given");
      }
    }
  }

  /** The model before any release, over {@code numItems} items. */
  public static CooccurrenceModel initial(int numItems, double lambda) {
    if (numItems < 2) {
      throw new IllegalArgumentException("numItems must be >= 2, was " + numItems);
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("algorithm", "cooccurrence");
    p.put("stage", Stage.INITIAL.wireName());
    return CooccurrenceModel.of(
        Head.top(new double[numItems], 1), new double[0], new double[0], lambda, p);
  }

  /** Encodes a model at a stage. */
  public static TensorFrame encode(Published published) {
    CooccurrenceModel m = published.model();
    Head head = m.head();
    int numItems = head.numItems();
    int n = head.size();
    int r = m.rank();
    float[] v = new float[HEADER + numItems + n + r + n * r];
    v[0] = FORMAT;
    v[1] = published.stage().ordinal();
    v[2] = numItems;
    v[3] = n;
    v[4] = r;
    v[5] = (float) m.lambda();
    int at = HEADER;
    for (double p : head.popularity()) {
      v[at++] = (float) p;
    }
    for (int i : head.items()) {
      v[at++] = i;
    }
    for (double e : m.eigenvalues()) {
      v[at++] = (float) e;
    }
    for (double x : m.vectors()) {
      v[at++] = (float) x;
    }
    return TensorFrame.ofFloats(new int[] {v.length}, v);
  }

  /** Whether {@code frame} is a co-occurrence model (rank 1, starting with {@link #FORMAT}). */
  public static boolean isCooccurrence(TensorFrame frame) {
    return frame.shape().length == 1 && frame.shape()[0] >= HEADER && frame.floats()[0] == FORMAT;
  }

  /**
   * Decodes a frame written by {@link #encode}.
   *
   * @throws IllegalArgumentException if it is not a co-occurrence frame or its sizes disagree
   */
  public static Published decode(TensorFrame frame) {
    if (!isCooccurrence(frame)) {
      throw new IllegalArgumentException("not a co-occurrence model frame");
    }
    float[] v = frame.floats();
    int stage = exactInt(v[1], "stage");
    int numItems = exactInt(v[2], "numItems");
    int n = exactInt(v[3], "head size");
    int r = exactInt(v[4], "rank");
    if (stage >= Stage.values().length
        || numItems < 2
        || n < 1
        || n > numItems
        || r > n
        || v.length != HEADER + (long) numItems + n + r + (long) n * r) {
      throw new IllegalArgumentException(
          "the co-occurrence frame's header (stage "
              + stage
              + ", "
              + numItems
              + " items, N = "
              + n
              + ", r = "
              + r
              + ") does not match its "
              + v.length
              + " values");
    }
    int at = HEADER;
    double[] popularity = new double[numItems];
    for (int i = 0; i < numItems; i++) {
      popularity[i] = v[at++];
    }
    int[] items = new int[n];
    for (int p = 0; p < n; p++) {
      items[p] = exactInt(v[at++], "head item");
    }
    double[] eigenvalues = new double[r];
    for (int k = 0; k < r; k++) {
      eigenvalues[k] = v[at++];
    }
    double[] vectors = new double[n * r];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = v[at++];
    }
    Stage s = Stage.values()[stage];
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("algorithm", "cooccurrence");
    p.put("stage", s.wireName());
    Head head = Head.of(popularity, items);
    return new Published(s, CooccurrenceModel.of(head, vectors, eigenvalues, v[5], p));
  }

  private static int exactInt(float f, String what) {
    if (!(f >= 0 && f <= (1 << 24) && f == Math.rint(f))) {
      throw new IllegalArgumentException(what + " must be a whole number >= 0, was " + f);
    }
    return (int) f;
  }
}
