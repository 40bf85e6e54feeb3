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
 */
public record OutboundRecord(
    Instant time, String purpose, String endpoint, long bytes, String description) {
  /** Validates the record. */
  public OutboundRecord {
    if (time == null || purpose == null || endpoint == null || description == null) {
      throw new IllegalArgumentException("every field of an outbound record must be given");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
    }
  }
}
