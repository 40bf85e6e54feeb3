package dev.tacit.secagg.codec;

import dev.tacit.check.Preconditions;
import java.util.random.RandomGenerator;

/**
 * Encodes real vectors for secure aggregation: clip every value to [-clip, clip], multiply by
 * {@code scale}, round stochastically (unbiased: up with probability equal to the fraction), and
 * store as a two's-complement residue modulo 2^bits. The parameters are checked so that the sum of
 * {@code maxSummands} encoded vectors cannot wrap around the modulus, and {@link #decodeSum}
 * recovers that sum in floating point.
 */
public final class FixedPointCodec {
  private final double clip;
  private final double scale;
  private final int modulusBits;
  private final int maxSummands;
  private final long maxMagnitude;

  private FixedPointCodec(double clip, double scale, int modulusBits, int maxSummands) {
    this.clip = clip;
    this.scale = scale;
    this.modulusBits = modulusBits;
    this.maxSummands = maxSummands;
    this.maxMagnitude = (long) Math.ceil(clip * scale);
  }

  /**
   * A codec with this clip bound, scale, modulus and maximum number of summands.
   *
   * @throws IllegalArgumentException if a parameter is out of range, or if {@code maxSummands *
   *     ceil(clip * scale)} exceeds 2^(bits - 1) - 1, so that the sum could wrap
   */
  public static FixedPointCodec create(
      double clip, double scale, int modulusBits, int maxSummands) {
    Preconditions.checkArgument(
        clip > 0 && Double.isFinite(clip), "clip must be > 0 and finite, was %s", clip);
    Preconditions.checkArgument(
        scale > 0 && Double.isFinite(scale), "scale must be > 0 and finite, was %s", scale);
    Preconditions.checkArgument(
        modulusBits == 32 || modulusBits == 64,
        "modulusBits must be 32 or 64, was %d",
        modulusBits);
    Preconditions.checkArgument(maxSummands >= 1, "maxSummands must be >= 1, was %d", maxSummands);
    double magnitude = Math.ceil(clip * scale);
    Preconditions.checkArgument(
        fits(magnitude, maxSummands, modulusBits) && magnitude < 0x1p62,
        "clip %s x scale %s x %d summands = %s exceeds 2^%d - 1: the sum could wrap modulo 2^%d;"
            + " lower the scale or the clip, or use 64-bit arithmetic",
        clip,
        scale,
        maxSummands,
        magnitude * maxSummands,
        modulusBits - 1,
        modulusBits);
    return new FixedPointCodec(clip, scale, modulusBits, maxSummands);
  }

  /**
   * The codec with the largest power-of-two scale for which {@code maxSummands} clipped values
   * cannot wrap.
   *
   * @throws IllegalArgumentException if no scale of at least 1 fits
   */
  public static FixedPointCodec withLargestScale(double clip, int modulusBits, int maxSummands) {
    Preconditions.checkArgument(
        clip > 0 && Double.isFinite(clip), "clip must be > 0 and finite, was %s", clip);
    Preconditions.checkArgument(
        modulusBits == 32 || modulusBits == 64,
        "modulusBits must be 32 or 64, was %d",
        modulusBits);
    Preconditions.checkArgument(maxSummands >= 1, "maxSummands must be >= 1, was %d", maxSummands);
    int exponent = Math.getExponent(Math.scalb(1.0, modulusBits - 1) / maxSummands / clip);
    while (exponent > -1074
        && !fits(Math.ceil(clip * Math.scalb(1.0, exponent)), maxSummands, modulusBits)) {
      exponent--;
    }
    Preconditions.checkArgument(
        exponent >= 0,
        "no scale >= 1 fits %d summands of magnitude %s in %d bits",
        maxSummands,
        clip,
        modulusBits);
    return create(clip, Math.scalb(1.0, Math.min(exponent, 60)), modulusBits, maxSummands);
  }

  /**
   * Whether {@code summands} values of integer magnitude {@code magnitude} add up to at most
   * 2^(bits-1) - 1. Compared as "below 2^(bits-1)": that power of two is exact in a double, while
   * 2^63 - 1 is not (it rounds to 2^63, which let a sum of exactly 2^63 through, and it wraps).
   * Rounding never takes a product at or above the power of two below it, so no sum that wraps is
   * accepted.
   */
  private static boolean fits(double magnitude, int summands, int bits) {
    return magnitude * summands < Math.scalb(1.0, bits - 1);
  }

  /** The clip bound c. */
  public double clip() {
    return clip;
  }

  /** The scale: one unit of the real value is this many integer steps. */
  public double scale() {
    return scale;
  }

  /** The modulus exponent, 32 or 64. */
  public int modulusBits() {
    return modulusBits;
  }

  /** The number of vectors whose sum is guaranteed not to wrap. */
  public int maxSummands() {
    return maxSummands;
  }

  /**
   * Clips, scales and stochastically rounds {@code values} into residues modulo 2^bits.
   *
   * @throws IllegalArgumentException if a value is NaN or infinite
   */
  public long[] encode(double[] values, RandomGenerator random) {
    Preconditions.checkNotNull(values, "values");
    Preconditions.checkNotNull(random, "random");
    long mask = mask();
    long[] encoded = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      Preconditions.checkArgument(
          Double.isFinite(v), "value at index %d must be finite, was %s", i, v);
      double scaled = Math.max(-clip, Math.min(clip, v)) * scale;
      double floor = Math.floor(scaled);
      long rounded = (long) floor + (random.nextDouble() < scaled - floor ? 1 : 0);
      rounded = Math.max(-maxMagnitude, Math.min(maxMagnitude, rounded));
      encoded[i] = rounded & mask;
    }
    return encoded;
  }

  /**
   * Decodes a sum of at most {@link #maxSummands()} encoded vectors back to real values.
   *
   * @throws IllegalArgumentException if an element is not a residue modulo 2^bits
   */
  public double[] decodeSum(long[] sum) {
    Preconditions.checkNotNull(sum, "sum");
    double[] decoded = new double[sum.length];
    for (int i = 0; i < sum.length; i++) {
      long v = sum[i];
      Preconditions.checkArgument(
          modulusBits == 64 || (v >>> modulusBits) == 0,
          "sum element %d must be in [0, 2^%d)",
          i,
          modulusBits);
      long signed = modulusBits == 64 ? v : (long) (int) v;
      decoded[i] = signed / scale;
    }
    return decoded;
  }

  private long mask() {
    return modulusBits == 64 ? -1L : 0xffff_ffffL;
  }

  @Override
  public String toString() {
    return "FixedPointCodec[clip="
        + clip
        + ", scale="
        + scale
        + ", bits="
        + modulusBits
        + ", maxSummands="
        + maxSummands
        + "]";
  }
}
