package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

/**
 * One record of the journal: an event, an outbound message logged before it is sent, or that
 * message again once its call ended ({@code settles} names its position in the log).
 *
 * @param event the event, or null
 * @param outbound the outbound record, or null
 * @param settles for an outbound record that completes one logged before its call: that record's
 *     position in the transparency log; null otherwise
 */
record JournalEntry(Event event, OutboundRecord outbound, Integer settles) {
  /**
   * Validates that exactly one of event and outbound is given, and a position only with the latter.
   */
  public JournalEntry {
    checkArgument(
        (event == null) != (outbound == null),
        "a journal entry holds exactly one of event and outbound");
    checkArgument(
        settles == null || (outbound != null && settles >= 0),
        "a journal entry settles an outbound record at a position >= 0, was %s",
        settles);
  }
}
