package dev.tacit.federated.cooccurrence;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.device.Contribution;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.privacy.clip.L2Clipping;
import dev.tacit.privacy.random.RandomSource;

/**
 * The device side of the two releases. Each device turns its own distinct items (which never leave
 * it) into a vector clipped in L2 to the plan's clip norm, then quantizes and noises it with {@link
 * DeviceStep#encode}: the only thing that leaves the device, and then only masked by SecAgg+.
 *
 * <ol>
 *   <li>Popularity: the binary vector x over all items, scaled to min(1, C/‖x‖).
 *   <li>Co-occurrence: with x the binary vector over the N head items, the upper triangle (diagonal
 *       included, row by row) of x xᵀ/‖x‖, clipped to C. Its norm before clipping is √((n+1)/2) for
 *       n head items.
 * </ol>
 */
public final class CooccurrenceDevice {
  private CooccurrenceDevice() {}

  /**
   * The clipped popularity vector of a device with {@code items}.
   *
   * @throws IllegalArgumentException if an item is out of range or repeated, or the clip is not
   *     positive
   */
  public static double[] popularityVector(int[] items, int numItems, double clip) {
    checkClip(clip);
    double[] v = new double[numItems];
    for (int i : items) {
      if (i < 0 || i >= numItems) {
        throw new IllegalArgumentException("item " + i + " is not in [0, " + numItems + ")");
      }
      if (v[i] != 0) {
        throw new IllegalArgumentException("item " + i + " is given twice");
      }
      v[i] = 1;
    }
    double norm = Math.sqrt(items.length);
    if (norm > clip) {
      double f = clip / norm;
      for (int i : items) {
        v[i] = f;
      }
    }
    return v;
  }

  /**
   * The clipped co-occurrence triangle of a device with {@code items} over {@code head}.
   *
   * @throws IllegalArgumentException if an item is repeated, or the clip is not positive
   */
  public static double[] cooccurrenceVector(int[] items, Head head, double clip) {
    checkClip(clip);
    int[] positions = head.positionsOf(items);
    int n = positions.length;
    double[] v = new double[Head.triangleSize(head.size())];
    if (n == 0) {
      return v;
    }
    double value = 1 / Math.sqrt(n);
    double norm = Math.sqrt((n + 1) / 2.0);
    if (norm > clip) {
      value *= clip / norm;
    }
    for (int a = 0; a < n; a++) {
      for (int b = a; b < n; b++) {
        v[Head.triangleIndex(head.size(), positions[a], positions[b])] = value;
      }
    }
    return v;
  }

  /** This device's masked-ready contribution to the popularity release. */
  public static Contribution contributePopularity(
      int[] items, int numItems, RoundPlan plan, RandomSource random) {
    return DeviceStep.encode(popularityVector(items, numItems, plan.clipNorm()), plan, random);
  }

  /** This device's masked-ready contribution to the co-occurrence release. */
  public static Contribution contributeCooccurrence(
      int[] items, Head head, RoundPlan plan, RandomSource random) {
    if (plan.dimension() != Head.triangleSize(head.size())) {
      throw new IllegalArgumentException(
          "the plan is for "
              + plan.dimension()
              + " entries, a head of "
              + head.size()
              + " items has "
              + Head.triangleSize(head.size()));
    }
    return DeviceStep.encode(cooccurrenceVector(items, head, plan.clipNorm()), plan, random);
  }

  /** The L2 norm of a vector (for tests and callers that check a bound). */
  static double norm(double[] v) {
    return L2Clipping.norm(v);
  }

  private static void checkClip(double clip) {
    checkArgument(clip > 0 && Double.isFinite(clip), "clip must be > 0 and finite, was %s", clip);
  }
}
