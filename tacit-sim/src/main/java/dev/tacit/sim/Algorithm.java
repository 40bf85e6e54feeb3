package dev.tacit.sim;

import java.util.Locale;

/** The federated algorithm a simulation trains. */
public enum Algorithm {
  /** Federated implicit ALS: many rounds of noised gradients ({@code FederatedServer}). */
  IALS,
  /**
   * The private item co-occurrence model: two noisy releases and a closed-form EASE ({@code
   * CooccurrenceServer}).
   */
  COOCCURRENCE;

  /** The name in reports and on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The algorithm called {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException if there is none
   */
  public static Algorithm parse(String name) {
    for (Algorithm a : values()) {
      if (a.label().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return a;
      }
    }
    throw new IllegalArgumentException("the model must be cooccurrence or ials, was " + name);
  }
}
