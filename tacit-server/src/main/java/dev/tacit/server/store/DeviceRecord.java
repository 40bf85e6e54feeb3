package dev.tacit.server.store;

import java.time.Instant;

/**
 * A registered device, as stored: a pseudonymous id, the SHA-256 of its token, a random reference,
 * and the registration time. Nothing else.
 *
 * @param deviceId the pseudonymous id
 * @param tokenHash SHA-256 of the bearer token, hex
 * @param auditRef a random reference of the device, shown to it and erased with it; the audit log
 *     does not carry it (entries are linked to the device in {@code device_audit})
 * @param createdAt when the device registered
 */
public record DeviceRecord(String deviceId, String tokenHash, String auditRef, Instant createdAt) {
  @Override
  public String toString() {
    return "DeviceRecord[deviceId=" + deviceId + ", createdAt=" + createdAt + "]";
  }
}
