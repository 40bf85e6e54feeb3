package dev.tacit.privacy.clip;

import static dev.tacit.check.Preconditions.checkNotNull;
import static dev.tacit.check.Preconditions.checkPositive;

import java.util.ArrayList;
import java.util.List;

/** Scales vectors down to an L2 norm of at most C, bounding each one's sensitivity to C. */
public final class L2Clipping {
  private L2Clipping() {}

  /**
   * The L2 norm of {@code v}, without overflow for large finite entries.
   *
   * @throws IllegalArgumentException if an entry is not finite
   */
  public static double norm(double[] v) {
    checkNotNull(v, "vector");
    double max = 0;
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      double x = v[i];
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException("vector entries must be finite, was " + x + " at " + i);
      }
      sum += x * x;
      max = Math.max(max, Math.abs(x));
    }
    if (Double.isFinite(sum) && (sum >= Double.MIN_NORMAL || max == 0)) {
      return Math.sqrt(sum);
    }
    double scaled = 0;
    for (double x : v) {
      double y = x / max;
      scaled += y * y;
    }
    return max * Math.sqrt(scaled);
  }

  /**
   * Returns {@code v} scaled by min(1, C/‖v‖₂) in a new array, with its norm (infinite if it
   * exceeds {@link Double#MAX_VALUE}).
   *
   * @throws IllegalArgumentException if the clip norm is not positive and finite or an entry of
   *     {@code v} is not finite
   */
  public static ClippedVector clip(double[] v, double clipNorm) {
    checkPositive(clipNorm, "clipNorm");
    double norm = norm(v);
    if (norm <= clipNorm) {
      return new ClippedVector(v.clone(), norm, false);
    }
    double[] out = new double[v.length];
    if (Double.isFinite(norm)) {
      double factor = clipNorm / norm;
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i] * factor;
      }
    } else {
      double max = 0;
      for (double x : v) {
        max = Math.max(max, Math.abs(x));
      }
      double scaled = 0;
      for (double x : v) {
        double y = x / max;
        scaled += y * y;
      }
      double factor = clipNorm / Math.sqrt(scaled);
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i] / max * factor;
      }
    }
    return new ClippedVector(out, norm, true);
  }

  /**
   * Clips every vector of {@code vectors} and counts those that were scaled down.
   *
   * @throws IllegalArgumentException as {@link #clip}
   */
  public static ClippedBatch clipAll(List<double[]> vectors, double clipNorm) {
    checkNotNull(vectors, "vectors");
    List<double[]> out = new ArrayList<>(vectors.size());
    int clipped = 0;
    for (double[] v : vectors) {
      ClippedVector c = clip(v, clipNorm);
      out.add(c.values());
      if (c.clipped()) {
        clipped++;
      }
    }
    return new ClippedBatch(out, clipped);
  }
}
