package dev.tacit.protocol;

/**
 * What a device learns about a model version before downloading its factors: the sizes, the fold-in
 * parameters and the checksum of the factor frame.
 *
 * @param version the model version
 * @param numItems the number of items (rows of the factor frame)
 * @param factors the latent factors k (columns)
 * @param alpha the confidence scale of the fold-in
 * @param lambda the regularization of the fold-in
 * @param frameBytes the size of the {@link TensorFrame} holding the item factors
 * @param frameCrc32c the CRC32C trailer of that frame
 */
public record ModelMetadata(
    long version,
    int numItems,
    int factors,
    double alpha,
    double lambda,
    long frameBytes,
    long frameCrc32c) {
  /** Validates the metadata. */
  public ModelMetadata {
    Checks.atLeast(version, 0, "version");
    Checks.atLeast(numItems, 1, "numItems");
    Checks.atLeast(factors, 1, "factors");
    Checks.nonNegative(alpha, "alpha");
    Checks.positive(lambda, "lambda");
    Checks.atLeast(frameBytes, 1, "frameBytes");
    Checks.require(
        frameCrc32c >= 0 && frameCrc32c <= 0xFFFFFFFFL,
        "frameCrc32c must be an unsigned 32-bit value, was " + frameCrc32c);
  }

  /**
   * The metadata of the item factors {@code frame} (a TensorFrame of {@code numItems x factors}
   * floats), with its size and CRC32C trailer read from the frame.
   *
   * @throws ProtocolException if the frame is null or too short to carry a CRC32C trailer, or a
   *     value is out of range
   */
  public static ModelMetadata ofFrame(
      long version, int numItems, int factors, double alpha, double lambda, byte[] frame) {
    Checks.require(frame != null, "frame must not be null");
    return new ModelMetadata(
        version, numItems, factors, alpha, lambda, frame.length, TensorFrame.crcOf(frame));
  }
}
