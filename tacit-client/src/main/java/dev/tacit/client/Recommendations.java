package dev.tacit.client;

import java.util.List;

/**
 * The result of {@code recommend}: the items, where they came from, and a sentence saying so.
 *
 * @param items best first
 * @param source the model, or the popularity fallback, or nothing
 * @param note why this source, for a person
 */
public record Recommendations(List<Recommendation> items, Source source, String note) {
  /** Where recommendations came from. */
  public enum Source {
    /** The on-device model with the user's own factor. */
    PERSONALIZED,
    /** The catalogue's popularity: no model, no history, or personalization not granted. */
    POPULARITY,
    /** No catalogue yet: nothing to recommend. */
    NONE
  }

  /** Copies the items. */
  public Recommendations {
    items = List.copyOf(items);
  }
}
