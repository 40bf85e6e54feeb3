package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

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
 * @param reportEpsilon for an analytics report: its ε, randomized on the device (ε-local DP), which
 *     is what it costs this device against the server (reports compose by adding their ε); null for
 *     every other message
 */
public record OutboundRecord(
    Instant time,
    String purpose,
    String endpoint,
    long bytes,
    String description,
    Double roundNoiseMultiplier,
    Double reportEpsilon) {
  /** Validates the record. */
  public OutboundRecord {
    checkArgument(
        time != null && purpose != null && endpoint != null && description != null,
        "every field of an outbound record must be given");
    checkArgument(bytes >= 0, "bytes must be >= 0, was %s", bytes);
    checkArgument(
        !(roundNoiseMultiplier != null
            && !(roundNoiseMultiplier >= 0 && Double.isFinite(roundNoiseMultiplier))),
        "roundNoiseMultiplier must be >= 0 and finite, was %s",
        roundNoiseMultiplier);
    checkArgument(
        reportEpsilon == null || (reportEpsilon > 0 && Double.isFinite(reportEpsilon)),
        "reportEpsilon must be > 0 and finite, was %s",
        reportEpsilon);
    checkArgument(
        roundNoiseMultiplier == null || reportEpsilon == null,
        "a message is a masked update or an analytics report, not both");
  }

  /** A message that costs no privacy against the server beyond what its purpose states. */
  public OutboundRecord(
      Instant time, String purpose, String endpoint, long bytes, String description) {
    this(time, purpose, endpoint, bytes, description, null, null);
  }
}
