package dev.tacit.client;

/**
 * What {@code deleteAllData} did.
 *
 * @param serverNotified whether the server was told to forget the device
 * @param detail a sentence for a person
 */
public record DeletionResult(boolean serverNotified, String detail) {}
