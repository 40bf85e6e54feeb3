package dev.tacit.client;

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
    if (itemId == null || itemId.isEmpty()) {
      throw new IllegalArgumentException("itemId must be given, was " + itemId);
    }
    if (itemId.length() > MAX_ITEM_ID_LENGTH) {
      throw new IllegalArgumentException(
          "itemId must be at most " + MAX_ITEM_ID_LENGTH + " characters, had " + itemId.length());
    }
    if (!ID.matcher(itemId).matches()) {
      throw new IllegalArgumentException(
          "itemId must use only [A-Za-z0-9._:-] (an id, not free text), was \"" + itemId + "\"");
    }
    if (signal == null) {
      throw new IllegalArgumentException("signal must be given");
    }
    if (signal.hasValue()) {
      if (value == null || !(value >= Signal.MIN_RATING && value <= Signal.MAX_RATING)) {
        throw new IllegalArgumentException("a rating's value must be in [1, 5], was " + value);
      }
    } else if (value != null) {
      throw new IllegalArgumentException(
          "only a rating carries a value; " + signal.wireName() + " had " + value);
    }
    if (time == null) {
      throw new IllegalArgumentException("time must be given");
    }
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
