package dev.tacit.server.store;

import java.time.Instant;

/**
 * A published model version.
 *
 * @param version the version number, from 1
 * @param createdAt when it was published
 * @param provenance a JSON object: round, parameters, cohort size, ε it cost
 * @param crc the CRC32C trailer of the frame
 * @param frame the model as TensorFrame bytes (not copied: treat as read-only)
 */
public record ModelVersion(
    long version, Instant createdAt, String provenance, long crc, byte[] frame) {
  /** The HTTP entity tag, {@code "v<version>-<crc>"} with the quotes. */
  public String etag() {
    return "\"v" + version + "-" + Long.toHexString(crc) + "\"";
  }

  @Override
  public String toString() {
    return "ModelVersion[version=" + version + ", bytes=" + frame.length + "]";
  }
}
