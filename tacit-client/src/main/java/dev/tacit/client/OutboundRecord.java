package dev.tacit.client;

import java.time.Instant;

/**
 * One message the device sent, for the transparency log.
 *
 * @param time when it was sent
 * @param purpose the purpose it served: {@code training}, {@code analytics}, {@code consent} or
 *     {@code deletion}
 * @param endpoint what it was sent to, such as {@code POST /v1/rounds/7/updates}
 * @param bytes its size in bytes
 * @param description one line for a person
 * @param roundNoiseMultiplier for a masked model update: the noise multiplier z of the round's sum
 *     it is counted in, which is what the update costs this device against the server (one Gaussian
 *     release, composed without amplification; 0 when the update carried no noise of the device's
 *     own, which against the server is ε = ∞); null for every other message
 */
public record OutboundRecord(
    Instant time,
    String purpose,
    String endpoint,
    long bytes,
    String description,
    Double roundNoiseMultiplier) {
  /** Validates the record. */
  public OutboundRecord {
    if (time == null || purpose == null || endpoint == null || description == null) {
      throw new IllegalArgumentException("every field of an outbound record must be given");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
    }
    if (roundNoiseMultiplier != null
        && !(roundNoiseMultiplier >= 0 && Double.isFinite(roundNoiseMultiplier))) {
      throw new IllegalArgumentException(
          "roundNoiseMultiplier must be >= 0 and finite, was " + roundNoiseMultiplier);
    }
  }

  /** A message that costs no privacy against the server beyond what its purpose states. */
  public OutboundRecord(
      Instant time, String purpose, String endpoint, long bytes, String description) {
    this(time, purpose, endpoint, bytes, description, null);
  }
}
