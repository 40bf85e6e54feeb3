package dev.tacit.server.store;

import java.time.Instant;

/**
 * A registered device, as stored: a pseudonymous id, the SHA-256 of its token, a random reference
 * that audit entries use instead of the id, and the registration time. Nothing else.
 *
 * @param deviceId the pseudonymous id
 * @param tokenHash SHA-256 of the bearer token, hex
 * @param auditRef the random reference used in the audit log
 * @param createdAt when the device registered
 */
public record DeviceRecord(String deviceId, String tokenHash, String auditRef, Instant createdAt) {
  @Override
  public String toString() {
    return "DeviceRecord[deviceId=" + deviceId + ", createdAt=" + createdAt + "]";
  }
}
