package dev.tacit.federated.device;

/**
 * What one device produced in a round: its encoded update (residues modulo 2^bits, clipped,
 * quantized and noised: the only part that leaves the device, and then only masked), and local
 * facts that stay on the device: the gradient's norm before clipping and whether it was clipped.
 */
public record Contribution(long[] encoded, double norm, boolean clipped) {
  /** Copies the vector. */
  public Contribution {
    encoded = encoded.clone();
  }

  @Override
  public long[] encoded() {
    return encoded.clone();
  }

  /** The encoded vector without a copy, for aggregation code that only reads it. */
  public long[] encodedShared() {
    return encoded;
  }

  @Override
  public String toString() {
    return "Contribution[length=" + encoded.length + ", clipped=" + clipped + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Contribution c
        && java.util.Arrays.equals(encoded, c.encoded)
        && Double.compare(norm, c.norm) == 0
        && clipped == c.clipped;
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encoded);
  }
}
