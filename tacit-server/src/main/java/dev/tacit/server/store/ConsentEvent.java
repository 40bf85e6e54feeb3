package dev.tacit.server.store;

import dev.tacit.protocol.Purpose;
import java.time.Instant;

/**
 * One row of the append-only consent ledger.
 *
 * @param seq the position in the ledger
 * @param deviceId the device
 * @param purpose the purpose granted or withdrawn
 * @param granted true for a grant
 * @param policyVersion the policy version the user saw
 * @param decidedAt when the user decided (device time)
 * @param recordedAt when the server recorded it
 */
public record ConsentEvent(
    long seq,
    String deviceId,
    Purpose purpose,
    boolean granted,
    String policyVersion,
    Instant decidedAt,
    Instant recordedAt) {}
