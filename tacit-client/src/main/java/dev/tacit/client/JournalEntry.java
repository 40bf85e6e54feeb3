package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

/**
 * One record of the journal: exactly one of an event or an outbound message.
 *
 * @param event the event, or null
 * @param outbound the outbound record, or null
 */
record JournalEntry(Event event, OutboundRecord outbound) {
  /** Validates that exactly one is given. */
  public JournalEntry {
    checkArgument(
        (event == null) != (outbound == null),
        "a journal entry holds exactly one of event and outbound");
  }
}
