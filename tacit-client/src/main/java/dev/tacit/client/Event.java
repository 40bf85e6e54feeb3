package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One behavioural event: an item, a signal from a fixed set, a rating value for {@link
 * Signal#RATING} only, and a time. There is no free-text field and no personal identifier: data
 * minimization by construction.
 *
 * @param itemId the item's catalogue id: 1 to {@value #MAX_ITEM_ID_LENGTH} characters from {@code
 *     [A-Za-z0-9._:-]}
 * @param signal the signal
 * @param value the rating in [1, 5] for {@link Signal#RATING}, null otherwise
 * @param time when it happened
 */
public record Event(String itemId, Signal signal, Double value, Instant time) {
  /** The longest item id. */
  public static final int MAX_ITEM_ID_LENGTH = 128;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]+");

  /**
   * Validates the event.
   *
   * @throws IllegalArgumentException naming the field and the rule
   */
  public Event {
    checkArgument(itemId != null && !itemId.isEmpty(), "itemId must be given, was %s", itemId);
    checkArgument(
        !(itemId.length() > MAX_ITEM_ID_LENGTH),
        "itemId must be at most %s characters, had %s",
        MAX_ITEM_ID_LENGTH,
        itemId.length());
    checkArgument(
        ID.matcher(itemId).matches(),
        "itemId must use only [A-Za-z0-9._:-] (an id, not free text), was \"%s\"",
        itemId);
    checkArgument(signal != null, "signal must be given");
    if (signal.hasValue()) {
      if (value == null || !(value >= Signal.MIN_RATING && value <= Signal.MAX_RATING)) {
        throw new IllegalArgumentException("a rating's value must be in [1, 5], was " + value);
      }
    } else if (value != null) {
      throw new IllegalArgumentException(
          "only a rating carries a value; " + signal.wireName() + " had " + value);
    }
    checkArgument(time != null, "time must be given");
  }

  /** An event without a value. */
  public static Event of(String itemId, Signal signal, Instant time) {
    return new Event(itemId, signal, null, time);
  }

  /** A rating in [1, 5]. */
  public static Event rating(String itemId, double value, Instant time) {
    return new Event(itemId, Signal.RATING, value, time);
  }
}
