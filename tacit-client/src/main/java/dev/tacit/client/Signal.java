package dev.tacit.client;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The fixed set of behavioural signals an app may record; there is no free-text signal. */
public enum Signal {
  /** The item was shown and looked at. */
  VIEW(Kind.POSITIVE),
  /** The item was opened. */
  CLICK(Kind.POSITIVE),
  /** The item was put in a basket. */
  ADD_TO_CART(Kind.POSITIVE),
  /** The item was bought. */
  PURCHASE(Kind.POSITIVE),
  /** The user liked the item. */
  LIKE(Kind.POSITIVE),
  /** An explicit rating in [1, 5]; 3 and above count as positive. */
  RATING(Kind.RATED),
  /** The item was shown and skipped: seen, not liked. */
  SKIP(Kind.NEUTRAL),
  /** The user does not want the item: never recommended again. */
  DISLIKE(Kind.NEGATIVE);

  /** The lowest rating. */
  public static final double MIN_RATING = 1;

  /** The highest rating. */
  public static final double MAX_RATING = 5;

  enum Kind {
    POSITIVE,
    RATED,
    NEUTRAL,
    NEGATIVE
  }

  private final Kind kind;

  Signal(Kind kind) {
    this.kind = kind;
  }

  /** Whether an event of this signal (with this value, for ratings) is positive feedback. */
  public boolean isPositive(Double value) {
    return kind == Kind.POSITIVE || (kind == Kind.RATED && value != null && value >= 3);
  }

  /** Whether the signal is a dislike. */
  public boolean isNegative() {
    return kind == Kind.NEGATIVE;
  }

  /** Whether the signal carries a value (a rating). */
  public boolean hasValue() {
    return kind == Kind.RATED;
  }

  /** The lower-case name, as in exports. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The signal of a name such as {@code "view"} or {@code "add_to_cart"}.
   *
   * @throws IllegalArgumentException naming the known signals, if the name is not one
   */
  public static Signal parse(String name) {
    if (name != null) {
      for (Signal s : values()) {
        if (s.wireName().equals(name.toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "signal must be one of "
            + Arrays.stream(values()).map(Signal::wireName).collect(Collectors.joining(", "))
            + ", was "
            + (name == null ? "null" : "\"" + name + "\""));
  }
}
