package dev.tacit.server.store;

import java.time.Instant;

/**
 * A completed deletion, deliberately without the device id.
 *
 * @param seq the position in the deletion log
 * @param requestedAt when the device asked
 * @param completedAt when every row about the device was gone
 */
public record DeletionRecord(long seq, Instant requestedAt, Instant completedAt) {}
